package io.annet.processor.shape;

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
import io.annet.processor.model.MaxPoolSpec;
import io.annet.processor.model.MlpConvSpec;
import io.annet.processor.model.ModelSpec;
import io.annet.processor.model.Shape;
import io.annet.processor.model.SoftmaxSpec;
import io.annet.processor.model.WindowedSpec;
import io.annet.processor.shape.ShapeProblem.Anchor;
import java.util.List;
import java.util.Locale;

/** Computes one row from the shape before it, reporting why when it cannot. */
final class LayerStep {
  private final ModelSpec model;
  private final List<LayerRow> rows;
  private final List<ShapeProblem> problems;
  private final WindowedOutput windows;

  LayerStep(ModelSpec model, List<LayerRow> rows, List<ShapeProblem> problems) {
    this.model = model;
    this.rows = rows;
    this.problems = problems;
    this.windows = new WindowedOutput(model, rows, problems);
  }

  /**
   * {@link #apply}, then rejects a row whose parameter count overflows a long, or (keeping the row)
   * one whose largest parameter tensor exceeds {@link TensorSizes#LIMIT}. (Huge outputs are
   * accepted: their sizes saturate, and only a {@code @Budget} or {@code @Flatten} looks at
   * them.)
   */
  LayerRow checked(int i, LayerSpec layer, Shape in) {
    LayerRow row = apply(i, layer, in);
    if (row == null) {
      return null;
    }
    if (row.parameters() < Long.MAX_VALUE) {
      TensorSizes.Tensor t = TensorSizes.largest(layer, in, row.parameters());
      if (t != null && t.values() > TensorSizes.LIMIT) {
        String what = layer.name() + " " + TableText.describe(layer);
        String text =
            Message.TENSOR_TOO_LARGE.format(
                what, t.shape(), Costs.text(t.values()), TensorSizes.LIMIT, t.fix());
        problems.add(
            new ShapeProblem(
                Message.TENSOR_TOO_LARGE, text + table(layer), Anchor.layer(i, t.attribute())));
      }
      return row;
    }
    String what = layer.name() + " " + TableText.describe(layer);
    String text =
        Message.TOO_LARGE.format(
            what,
            Costs.text(Costs.values(row.output())),
            Costs.text(row.parameters()),
            Costs.LONG_LIMIT);
    problems.add(new ShapeProblem(Message.TOO_LARGE, text + table(layer), Anchor.layer(i, null)));
    return null;
  }

  /** The row of layer {@code i} fed {@code in}, or null when its output cannot be computed. */
  LayerRow apply(int i, LayerSpec layer, Shape in) {
    return layer.accept(new Step(i, in));
  }

  /** The row of one kind; merges never come here, {@link GraphChecks} infers them. */
  private final class Step implements LayerSpec.Visitor<LayerRow> {
    private final int i;
    private final Shape in;

    Step(int i, Shape in) {
      this.i = i;
      this.in = in;
    }

    @Override
    public LayerRow visitDense(DenseSpec d) {
      if (!in.isFlatVector()) {
        long gap = d.units() * (long) in.channels() + (d.bias() ? d.units() : 0);
        long flat = Costs.add(Costs.mul(d.units(), Costs.values(in)), d.bias() ? d.units() : 0);
        notFlat(
            i,
            d,
            in,
            String.format(Locale.ROOT, ", then @Dense has %,d parameters", gap),
            String.format(Locale.ROOT, ", then @Dense has %,d parameters", flat));
      }
      long weights = Costs.mul(d.units(), Costs.values(in));
      return new LayerRow(
          d, in, Shape.vector(d.units()), weights + (d.bias() ? d.units() : 0), weights);
    }

    @Override
    public LayerRow visitDropout(DropoutSpec d) {
      return new LayerRow(d, in, in, 0, 0);
    }

    @Override
    public LayerRow visitBatchNorm(BatchNormSpec b) {
      return new LayerRow(b, in, in, 2L * in.channels(), 0);
    }

    @Override
    public LayerRow visitSoftmax(SoftmaxSpec s) {
      if (!in.isFlatVector()) {
        problems.add(ModelChecks.notFlatHead(model, i, s.name() + ": @Softmax", in, table(s)));
      }
      return new LayerRow(s, in, in, 0, 0);
    }

    @Override
    public LayerRow visitGlobalAvgPool(GlobalAvgPoolSpec g) {
      return needsMap(i, g, in) ? new LayerRow(g, in, Shape.vector(in.channels()), 0, 0) : null;
    }

    @Override
    public LayerRow visitGlobalMaxPool(GlobalMaxPoolSpec g) {
      return needsMap(i, g, in) ? new LayerRow(g, in, Shape.vector(in.channels()), 0, 0) : null;
    }

    @Override
    public LayerRow visitFlatten(FlattenSpec f) {
      if (!needsMap(i, f, in)) {
        return null;
      }
      long size = Costs.values(in);
      if (size > Integer.MAX_VALUE) {
        String what = f.name() + " " + TableText.describe(f);
        String text =
            Message.TOO_LARGE.format(
                what,
                Costs.text(size),
                0,
                "a flattened vector holds at most 2,147,483,647 values");
        problems.add(new ShapeProblem(Message.TOO_LARGE, text + table(f), Anchor.layer(i, null)));
        return null;
      }
      return new LayerRow(f, in, Shape.vector((int) size), 0, 0);
    }

    @Override
    public LayerRow visitConv(ConvSpec c) {
      Shape out = windows.windowed(i, c, in, c.filters());
      if (out == null) {
        return null;
      }
      long weights = Costs.mul(Costs.mul(c.filters(), in.channels()), window(c));
      return new LayerRow(
          c,
          in,
          out,
          Costs.add(weights, c.bias() ? c.filters() : 0),
          Costs.mul(spatial(out), weights));
    }

    @Override
    public LayerRow visitMlpConv(MlpConvSpec m) {
      int last = m.filters().isEmpty() ? in.channels() : m.filters().get(m.filters().size() - 1);
      Shape out = windows.windowed(i, m, in, last);
      if (out == null) {
        return null;
      }
      long params = 0;
      long macs = 0;
      long channels = in.channels();
      long perPixel = window(m);
      for (int f : m.filters()) {
        long weights = Costs.mul(Costs.mul(f, channels), perPixel);
        params = Costs.add(params, Costs.add(weights, f));
        macs = Costs.add(macs, Costs.mul(spatial(out), weights));
        channels = f;
        perPixel = 1;
      }
      return new LayerRow(m, in, out, params, macs);
    }

    @Override
    public LayerRow visitMaxPool(MaxPoolSpec p) {
      Shape out = windows.windowed(i, p, in, in.channels());
      return out == null ? null : new LayerRow(p, in, out, 0, 0);
    }

    @Override
    public LayerRow visitAvgPool(AvgPoolSpec p) {
      Shape out = windows.windowed(i, p, in, in.channels());
      return out == null ? null : new LayerRow(p, in, out, 0, 0);
    }

    @Override
    public LayerRow visitConcat(ConcatSpec c) {
      throw new IllegalArgumentException("expected a single-input layer, found @Concat");
    }

    @Override
    public LayerRow visitAdd(AddSpec a) {
      throw new IllegalArgumentException("expected a single-input layer, found @Add");
    }

    @Override
    public LayerRow visitDepthwiseConv(DepthwiseConvSpec d) {
      long channels = (long) in.channels() * d.multiplier();
      if (channels > Integer.MAX_VALUE) {
        String what = d.name() + " " + TableText.describe(d);
        String text =
            Message.TOO_LARGE.format(
                what,
                Costs.text(
                    Costs.mul(
                        channels,
                        (long) Math.max(1, d.window().outputHeight(in.height()))
                            * Math.max(1, d.window().outputWidth(in.width())))),
                Costs.text(Costs.mul(channels, window(d))),
                "a layer has at most 2,147,483,647 output channels: " + in.channels()
                    + " channels x multiplier " + d.multiplier());
        problems.add(
            new ShapeProblem(
                Message.TOO_LARGE, text + table(d), Anchor.layer(i, "multiplier")));
        return null;
      }
      Shape out = windows.windowed(i, d, in, (int) channels);
      if (out == null) {
        return null;
      }
      long weights = Costs.mul(channels, window(d));
      return new LayerRow(
          d,
          in,
          out,
          Costs.add(weights, d.bias() ? channels : 0),
          Costs.mul(spatial(out), weights));
    }

    private long window(WindowedSpec w) {
      return (long) w.window().kernelHeight() * w.window().kernelWidth();
    }

    private long spatial(Shape out) {
      return (long) out.height() * out.width();
    }
  }

  /** Whether {@code in} is a map, reporting {@code [annet.needs-map]} when it is not. */
  private boolean needsMap(int i, LayerSpec layer, Shape in) {
    return windows.needsMap(i, layer, in);
  }

  private void notFlat(int i, LayerSpec layer, Shape in, String afterGap, String afterFlatten) {
    String what = layer.name() + ": " + TableText.describe(layer);
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
    problems.add(new ShapeProblem(Message.NOT_FLAT, text + table(layer), Anchor.layer(i, null)));
  }

  private String table(LayerSpec failing) {
    return TableText.table(model.input(), rows, failing, -1);
  }
}
