package io.annet.processor.shape;

import io.annet.processor.diag.Message;
import io.annet.processor.model.BatchNormSpec;
import io.annet.processor.model.ConvSpec;
import io.annet.processor.model.DenseSpec;
import io.annet.processor.model.DropoutSpec;
import io.annet.processor.model.FlattenSpec;
import io.annet.processor.model.GlobalAvgPoolSpec;
import io.annet.processor.model.GlobalMaxPoolSpec;
import io.annet.processor.model.LayerSpec;
import io.annet.processor.model.MlpConvSpec;
import io.annet.processor.model.ModelSpec;
import io.annet.processor.model.Shape;
import io.annet.processor.shape.ShapeProblem.Anchor;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * Checks that need the whole shape table: the head against {@code classes}, the {@code
 * [annet.fc-heavy]} warning, and the {@code @Budget} limits.
 */
final class ModelChecks {

  private final ModelSpec model;
  private final List<LayerRow> rows;
  private final List<ShapeProblem> problems;

  ModelChecks(ShapeTable table, List<ShapeProblem> problems) {
    this.model = table.model();
    this.rows = table.rows();
    this.problems = problems;
  }

  /** The problem for a softmax (explicit or implicit) fed a map with H or W > 1. */
  static ShapeProblem notFlatHead(
      ModelSpec model, int anchor, String what, Shape in, String table) {
    int classes = model.classes();
    String afterGap = in.channels() == classes ? "" : ", which must equal classes = " + classes;
    String afterFlatten =
        String.format(
            Locale.ROOT,
            ", then @Dense(units = %d) needs %,d parameters",
            classes,
            Costs.add(Costs.mul(classes, Costs.values(in)), classes));
    String text =
        Message.NOT_FLAT.format(
            what,
            in,
            in.height(),
            in.width(),
            in.channels(),
            afterGap,
            Costs.values(in),
            afterFlatten);
    return new ShapeProblem(Message.NOT_FLAT, text + table, Anchor.layer(anchor, null));
  }

  /** The node feeding node {@code i} (its first input), -1 for the model input. */
  private int producer(int i) {
    return model.inputs().get(i).get(0);
  }

  /**
   * Checks the width that reaches the softmax: the input of the {@code @Softmax} at {@code
   * softmax}, or, with -1, the output of the last layer (the implicit softmax).
   */
  void checkHead(int softmax) {
    int classes = model.classes();
    if (classes < 1) {
      return;
    }
    int end = softmax >= 0 ? producer(softmax) : rows.size() - 1;
    Shape fed = softmax >= 0 ? rows.get(softmax).input() : rows.get(end).output();
    if (!fed.isFlatVector()) {
      if (softmax < 0) {
        LayerSpec last = rows.get(end).layer();
        String what = "the implicit @Softmax after " + last.name();
        problems.add(notFlatHead(model, end, what, fed, tableText(end, end)));
      }
      return;
    }
    if (fed.channels() == classes) {
      return;
    }
    int j = end;
    while (j >= 0
        && (rows.get(j).layer() instanceof DropoutSpec
            || rows.get(j).layer() instanceof BatchNormSpec)) {
      j = producer(j);
    }
    ShapeProblem head;
    if (j < 0) {
      String text = Message.HEAD_MISMATCH_OTHER.format("the input", fed, classes);
      head = new ShapeProblem(Message.HEAD_MISMATCH_OTHER, text, Anchor.model("input"));
    } else {
      head = rows.get(j).layer().accept(new HeadMismatch(j, fed, classes));
    }
    problems.add(
        new ShapeProblem(head.message(), head.text() + tableText(end, j), head.anchor()));
  }

  /**
   * The {@code [annet.head-mismatch]} of the layer whose output width reaches the softmax, naming
   * the attribute to change: a pool's channels, a dense layer's units, a convolution's filters.
   */
  private static final class HeadMismatch extends LayerSpec.Otherwise<ShapeProblem> {
    private final int j;
    private final Shape fed;
    private final int classes;

    HeadMismatch(int j, Shape fed, int classes) {
      this.j = j;
      this.fed = fed;
      this.classes = classes;
    }

    private ShapeProblem pool(LayerSpec source) {
      Message m = Message.HEAD_MISMATCH_POOL;
      return new ShapeProblem(
          m, m.format(source.kind(), fed.channels(), classes), Anchor.layer(j, null));
    }

    private ShapeProblem conv(LayerSpec source) {
      Message m = Message.HEAD_MISMATCH_CONV;
      return new ShapeProblem(m, m.format(source.kind(), fed, classes), Anchor.layer(j, "filters"));
    }

    /** Any other kind: the message names the layer and the two widths. */
    @Override
    protected ShapeProblem otherwise(LayerSpec source) {
      Message m = Message.HEAD_MISMATCH_OTHER;
      String what = source.name() + " " + TableText.describe(source);
      return new ShapeProblem(m, m.format(what, fed, classes), Anchor.layer(j, null));
    }

    @Override
    public ShapeProblem visitConv(ConvSpec s) {
      return conv(s);
    }

    @Override
    public ShapeProblem visitMlpConv(MlpConvSpec s) {
      return conv(s);
    }

    @Override
    public ShapeProblem visitGlobalAvgPool(GlobalAvgPoolSpec s) {
      return pool(s);
    }

    @Override
    public ShapeProblem visitGlobalMaxPool(GlobalMaxPoolSpec s) {
      return pool(s);
    }

    @Override
    public ShapeProblem visitDense(DenseSpec s) {
      Message m = Message.HEAD_MISMATCH_DENSE;
      return new ShapeProblem(m, m.format(s.units(), classes), Anchor.layer(j, "units"));
    }
  }

  /**
   * Warns when dense layers hold more than half of the parameters and a GAP head would be smaller.
   */
  void checkFcHeavy() {
    if (model.fcHeavySuppressed()) {
      return;
    }
    long total = total(LayerRow::parameters);
    long dense = 0;
    int biggest = -1;
    for (int i = 0; i < rows.size(); i++) {
      LayerRow r = rows.get(i);
      if (r.layer() instanceof DenseSpec) {
        dense = Costs.add(dense, r.parameters());
        if (biggest < 0 || r.parameters() > rows.get(biggest).parameters()) {
          biggest = i;
        }
      }
    }
    if (biggest < 0 || dense <= total - dense) {
      return;
    }
    int first = 0;
    while (!(rows.get(first).layer() instanceof FlattenSpec
        || rows.get(first).layer() instanceof DenseSpec
        || rows.get(first).layer() instanceof GlobalAvgPoolSpec
        || rows.get(first).layer() instanceof GlobalMaxPoolSpec)) {
      first++;
    }
    boolean globalPool =
        rows.get(first).layer() instanceof GlobalAvgPoolSpec
            || rows.get(first).layer() instanceof GlobalMaxPoolSpec;
    if (globalPool && rows.stream().filter(r -> r.layer() instanceof DenseSpec).count() == 1) {
      return; // already a global pool and one dense layer: the alternative itself
    }
    int feeding = producer(first);
    Shape map = rows.get(first).input();
    String where =
        feeding < 0
            ? "the input " + map
            : "the " + map + " map of " + rows.get(feeding).layer().name();
    long trunk = 0;
    for (int i = 0; i < first; i++) {
      trunk = Costs.add(trunk, rows.get(i).parameters());
    }
    long head = (long) map.channels() * model.classes() + model.classes();
    if (Costs.add(trunk, head) >= total) {
      return;
    }
    // Rounded down, so that 99.99% never reads as 100%.
    String share = String.format(Locale.ROOT, "%.1f%%", Math.floor(1000.0 * dense / total) / 10);
    String text =
        Message.FC_HEAVY.format(
            share, total, dense, where, model.classes(), Costs.add(trunk, head), head);
    problems.add(
        new ShapeProblem(
            Message.FC_HEAVY,
            text + tableText(rows.size() - 1, biggest),
            Anchor.layer(biggest, null)));
  }

  /** Reports every {@code @Budget} limit the model exceeds, with the actual figure. */
  void checkBudget() {
    over("parameters", "maxParameters", model.budget().maxParameters(), LayerRow::parameters);
    over("multiply-accumulates per example", "maxMacs", model.budget().maxMacs(), LayerRow::macs);
    over(
        "bytes of float32 activations per example",
        "maxActivationBytes",
        model.budget().maxActivationBytes(),
        r -> Costs.mul(Costs.values(r.output()), 4));
  }

  /** The sum of {@code perRow} over all rows, saturating. */
  private long total(ToLongFunction<LayerRow> perRow) {
    long sum = 0;
    for (LayerRow r : rows) {
      sum = Costs.add(sum, perRow.applyAsLong(r));
    }
    return sum;
  }

  private void over(String unit, String attribute, long limit, ToLongFunction<LayerRow> perRow) {
    long actual = total(perRow);
    if (actual <= limit) {
      return;
    }
    long excess =
        limit >= 0 ? actual - limit : Costs.add(actual, -Math.max(limit, -Long.MAX_VALUE));
    int biggest = 0;
    for (int i = 1; i < rows.size(); i++) {
      if (perRow.applyAsLong(rows.get(i)) > perRow.applyAsLong(rows.get(biggest))) {
        biggest = i;
      }
    }
    LayerSpec layer = rows.get(biggest).layer();
    String text =
        Message.OVER_BUDGET.format(
            actual,
            unit,
            attribute,
            limit,
            excess,
            layer.name() + " " + TableText.describe(layer),
            perRow.applyAsLong(rows.get(biggest)));
    problems.add(
        new ShapeProblem(
            Message.OVER_BUDGET,
            text + tableText(rows.size() - 1, biggest),
            Anchor.budget(attribute)));
  }

  private String tableText(int last, int mark) {
    return TableText.table(model.input(), rows.subList(0, last + 1), null, mark);
  }
}
