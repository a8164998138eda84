package io.annet.processor.shape;

import io.annet.dsl.Window;
import io.annet.processor.diag.Message;
import io.annet.processor.model.LayerSpec;
import io.annet.processor.model.ModelSpec;
import io.annet.processor.model.Shape;
import io.annet.processor.model.WindowedSpec;
import io.annet.processor.shape.ShapeProblem.Anchor;
import java.util.List;
import java.util.Map;
import java.util.function.DoublePredicate;

/**
 * Checks each attribute on its own, before any shape is known: non-positive sizes, negative
 * padding, rates outside their range, empty {@code @MlpConv} filters. A layer with a fatal problem
 * has no computable output, so inference stops there.
 */
final class LayerChecks {

  private final List<ShapeProblem> problems;

  LayerChecks(List<ShapeProblem> problems) {
    this.problems = problems;
  }

  /** Checks the model's input and classes; returns false when the input shape is unusable. */
  boolean checkModel(ModelSpec model) {
    Shape in = model.input();
    boolean ok = positive("@Input", "channels", in.channels(), Anchor.model("input.channels"));
    ok &= positive("@Input", "height", in.height(), Anchor.model("input.height"));
    ok &= positive("@Input", "width", in.width(), Anchor.model("input.width"));
    positive("@Model", "classes", model.classes(), Anchor.model("classes"));
    return ok;
  }

  /**
   * The range of each double attribute, by name ({@code @Dropout}'s rate, {@code @BatchNorm}'s
   * momentum and epsilon); a double attribute not listed must be finite.
   */
  private static final Map<String, DoubleRange> RANGES =
      Map.of(
          "rate", new DoubleRange("[0, 1)", v -> v >= 0 && v < 1),
          "momentum", new DoubleRange("[0, 1)", v -> v >= 0 && v < 1),
          "epsilon", new DoubleRange("(0, infinity)", v -> v > 0 && Double.isFinite(v)));

  private record DoubleRange(String text, DoublePredicate holds) {}

  /**
   * Checks layer {@code index} from its {@link LayerSpec#attributes()}, whatever its kind: every
   * int (and every element of an int list, which must not be empty) positive, every window
   * checked, every double in its range; returns false when its output cannot be computed (an
   * out-of-range double is reported but leaves the shape computable).
   */
  boolean checkLayer(int index, LayerSpec layer) {
    String what = layer.name() + ": @" + layer.kind();
    boolean pool = layer instanceof WindowedSpec w && w.pools();
    boolean ok = true;
    for (Map.Entry<String, Object> a : layer.attributes()) {
      String name = a.getKey();
      Anchor anchor = Anchor.layer(index, name);
      Object value = a.getValue();
      if (value instanceof Integer i) {
        ok &= positive(what, name, i, anchor);
      } else if (value instanceof List<?> list) {
        if (list.isEmpty()) {
          problems.add(
              new ShapeProblem(Message.EMPTY_FILTERS, Message.EMPTY_FILTERS.format(), anchor));
          ok = false;
        }
        for (Object element : list) {
          ok &= positive(what, name, (Integer) element, anchor);
        }
      } else if (value instanceof Window w) {
        ok &= checkWindow(index, what, w, pool);
      } else if (value instanceof Double d) {
        DoubleRange range = RANGES.getOrDefault(name, new DoubleRange("finite", Double::isFinite));
        if (!range.holds().test(d)) {
          outOfRange(what, name, range.text(), d, anchor);
        }
      }
    }
    return ok;
  }

  /**
   * Checks kernel, stride and padding; for pools a stride equal to a bad kernel is not reported
   * again, since it is most likely the default (the kernel) rather than written.
   */
  private boolean checkWindow(int index, String what, Window w, boolean pool) {
    boolean ok = positivePair(what, "kernel", w.kernelHeight(), w.kernelWidth(), index);
    boolean defaulted =
        pool && w.strideHeight() == w.kernelHeight() && w.strideWidth() == w.kernelWidth();
    if (!(defaulted && !ok)) {
      ok &= positivePair(what, "stride", w.strideHeight(), w.strideWidth(), index);
    }
    if (w.paddingHeight() < 0 || w.paddingWidth() < 0) {
      String found = TableText.pair(w.paddingHeight(), w.paddingWidth());
      problems.add(
          new ShapeProblem(
              Message.NEGATIVE_PADDING,
              Message.NEGATIVE_PADDING.format(what, found),
              Anchor.layer(index, "padding")));
      ok = false;
    } else if (w.same() && (w.paddingHeight() != 0 || w.paddingWidth() != 0)) {
      String found = TableText.pair(w.paddingHeight(), w.paddingWidth());
      problems.add(
          new ShapeProblem(
              Message.PADDING_IGNORED,
              Message.PADDING_IGNORED.format(what, found),
              Anchor.layer(index, "padding")));
    } else if (pool
        && ok
        && !w.same()
        && (w.paddingHeight() >= w.kernelHeight() || w.paddingWidth() >= w.kernelWidth())) {
      // A window lying wholly in the padding has no real cell: no maximum, no mean.
      String found = TableText.pair(w.paddingHeight(), w.paddingWidth());
      String kernel = TableText.pair(w.kernelHeight(), w.kernelWidth());
      String half = TableText.pair(w.kernelHeight() / 2, w.kernelWidth() / 2);
      problems.add(
          new ShapeProblem(
              Message.POOL_PADDING,
              Message.POOL_PADDING.format(what, found, kernel, half),
              Anchor.layer(index, "padding")));
    }
    return ok;
  }

  private boolean positivePair(String what, String attribute, int height, int width, int index) {
    if (height >= 1 && width >= 1) {
      return true;
    }
    String text =
        Message.NON_POSITIVE.format(
            what + " " + attribute, attribute, TableText.pair(height, width));
    problems.add(new ShapeProblem(Message.NON_POSITIVE, text, Anchor.layer(index, attribute)));
    return false;
  }

  private boolean positive(String what, String attribute, int value, Anchor anchor) {
    if (value >= 1) {
      return true;
    }
    String text = Message.NON_POSITIVE.format(what + " " + attribute, attribute, value);
    problems.add(new ShapeProblem(Message.NON_POSITIVE, text, anchor));
    return false;
  }

  private void outOfRange(
      String what, String attribute, String range, double value, Anchor anchor) {
    String text = Message.OUT_OF_RANGE.format(what, attribute, range, value);
    problems.add(new ShapeProblem(Message.OUT_OF_RANGE, text, anchor));
  }
}
