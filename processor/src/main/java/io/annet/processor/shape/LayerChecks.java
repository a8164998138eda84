package io.annet.processor.shape;

import io.annet.dsl.Window;
import io.annet.processor.diag.Message;
import io.annet.processor.model.AddSpec;
import io.annet.processor.model.AvgPoolSpec;
import io.annet.processor.model.BatchNormSpec;
import io.annet.processor.model.ConcatSpec;
import io.annet.processor.model.ConvSpec;
import io.annet.processor.model.DenseSpec;
import io.annet.processor.model.DepthwiseConvSpec;
import io.annet.processor.model.DropoutSpec;
import io.annet.processor.model.FlattenSpec;
import io.annet.processor.model.GlobalAvgPoolSpec;
import io.annet.processor.model.GlobalMaxPoolSpec;
import io.annet.processor.model.LayerSpec;
import io.annet.processor.model.LayerSpecVisitor;
import io.annet.processor.model.MaxPoolSpec;
import io.annet.processor.model.MlpConvSpec;
import io.annet.processor.model.ModelSpec;
import io.annet.processor.model.Shape;
import io.annet.processor.model.SoftmaxSpec;
import io.annet.processor.shape.ShapeProblem.Anchor;
import java.util.List;

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

  /** Checks layer {@code index}; returns false when its output cannot be computed. */
  boolean checkLayer(int index, LayerSpec layer) {
    String what = layer.name() + ": @" + layer.kind();
    return layer.accept(
        new LayerSpecVisitor<Boolean>() {
          @Override
          public Boolean visitConv(ConvSpec c) {
            boolean ok = positive(what, "filters", c.filters(), Anchor.layer(index, "filters"));
            return checkWindow(index, what, c.window(), false) & ok;
          }

          @Override
          public Boolean visitMlpConv(MlpConvSpec m) {
            boolean ok = true;
            if (m.filters().isEmpty()) {
              problems.add(
                  new ShapeProblem(
                      Message.EMPTY_FILTERS,
                      Message.EMPTY_FILTERS.format(),
                      Anchor.layer(index, "filters")));
              ok = false;
            }
            for (int f : m.filters()) {
              ok &= positive(what, "filters", f, Anchor.layer(index, "filters"));
            }
            return checkWindow(index, what, m.window(), false) & ok;
          }

          @Override
          public Boolean visitMaxPool(MaxPoolSpec p) {
            return checkWindow(index, what, p.window(), true);
          }

          @Override
          public Boolean visitAvgPool(AvgPoolSpec p) {
            return checkWindow(index, what, p.window(), true);
          }

          @Override
          public Boolean visitGlobalAvgPool(GlobalAvgPoolSpec g) {
            return true;
          }

          @Override
          public Boolean visitGlobalMaxPool(GlobalMaxPoolSpec g) {
            return true;
          }

          @Override
          public Boolean visitFlatten(FlattenSpec f) {
            return true;
          }

          @Override
          public Boolean visitDense(DenseSpec d) {
            return positive(what, "units", d.units(), Anchor.layer(index, "units"));
          }

          @Override
          public Boolean visitDropout(DropoutSpec d) {
            if (!(d.rate() >= 0 && d.rate() < 1)) {
              outOfRange(what, "rate", "[0, 1)", d.rate(), Anchor.layer(index, "rate"));
            }
            return true;
          }

          @Override
          public Boolean visitBatchNorm(BatchNormSpec b) {
            if (!(b.momentum() >= 0 && b.momentum() < 1)) {
              outOfRange(
                  what, "momentum", "[0, 1)", b.momentum(), Anchor.layer(index, "momentum"));
            }
            if (!(b.epsilon() > 0 && Double.isFinite(b.epsilon()))) {
              outOfRange(
                  what, "epsilon", "(0, infinity)", b.epsilon(), Anchor.layer(index, "epsilon"));
            }
            return true;
          }

          @Override
          public Boolean visitSoftmax(SoftmaxSpec s) {
            return true;
          }

          @Override
          public Boolean visitConcat(ConcatSpec c) {
            return true;
          }

          @Override
          public Boolean visitAdd(AddSpec a) {
            return true;
          }

          @Override
          public Boolean visitDepthwiseConv(DepthwiseConvSpec d) {
            boolean ok =
                positive(what, "multiplier", d.multiplier(), Anchor.layer(index, "multiplier"));
            return checkWindow(index, what, d.window(), false) & ok;
          }
        });
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
