package io.annet.processor.emit;

import io.annet.dsl.Activation;
import io.annet.dsl.Window;
import io.annet.processor.model.AvgPoolSpec;
import io.annet.processor.model.BatchNormSpec;
import io.annet.processor.model.BudgetSpec;
import io.annet.processor.model.ConvSpec;
import io.annet.processor.model.DenseSpec;
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
import io.annet.processor.shape.LayerRow;
import io.annet.processor.shape.ShapeTable;
import java.util.ArrayList;
import java.util.List;

/**
 * Hand-built models for emitter tests, mirroring the sources in {@code src/test/resources/good/},
 * with a deliberately naive shape and cost computation so that the emitter is tested on its own.
 */
final class TestTables {
  static final String PACKAGE = "io.annet.golden";

  private TestTables() {}

  /** {@code good/MnistGap.java}. */
  static ShapeTable mnistGap() {
    return table(
        "MnistGap",
        Shape.map(1, 28, 28),
        10,
        false,
        new ConvSpec("conv1", 32, Window.square(3, 1, 1), Activation.RELU, true),
        new MaxPoolSpec("pool1", Window.square(2, 2, 0)),
        new MlpConvSpec("block2", List.of(64, 10), Window.square(3, 1, 1), Activation.RELU),
        new GlobalAvgPoolSpec("gap"),
        new SoftmaxSpec("probs"));
  }

  /** {@code good/NinCifar10.java}: Lin, Chen and Yan (2014), the CIFAR-10 model. */
  static ShapeTable ninCifar10() {
    Window pool = new Window(3, 3, 2, 2, 0, 0, true);
    return table(
        "NinCifar10",
        Shape.map(3, 32, 32),
        10,
        false,
        new MlpConvSpec("block1", List.of(192, 160, 96), Window.square(5, 1, 2), Activation.RELU),
        new MaxPoolSpec("pool1", pool),
        new DropoutSpec("drop1", 0.5),
        new MlpConvSpec("block2", List.of(192, 192, 192), Window.square(5, 1, 2), Activation.RELU),
        new AvgPoolSpec("pool2", pool),
        new DropoutSpec("drop2", 0.5),
        new MlpConvSpec("block3", List.of(192, 192, 10), Window.square(3, 1, 1), Activation.RELU),
        new GlobalAvgPoolSpec("gap"),
        new SoftmaxSpec("probs"));
  }

  /** {@code good/MnistFc.java}: a LeNet-style FC head with no {@code @Softmax} (implicit). */
  static ShapeTable mnistFc() {
    return table(
        "MnistFc",
        Shape.map(1, 28, 28),
        10,
        true,
        new ConvSpec("conv1", 32, Window.square(5, 1, 2), Activation.RELU, true),
        new MaxPoolSpec("pool1", Window.square(2, 2, 0)),
        new ConvSpec("conv2", 64, Window.square(5, 1, 2), Activation.RELU, true),
        new MaxPoolSpec("pool2", Window.square(2, 2, 0)),
        new FlattenSpec("flatten"),
        new DenseSpec("fc1", 128, Activation.RELU, true),
        new BatchNormSpec("norm", 0.9, 1e-5),
        new DenseSpec("fc2", 10, Activation.IDENTITY, true));
  }

  /** {@code good/InceptionHead.java}: the Inception-v4 style head, 8x8x1536 -> GAP -> Dense. */
  static ShapeTable inceptionHead() {
    return table(
        "InceptionHead",
        Shape.map(1536, 8, 8),
        10,
        false,
        new GlobalAvgPoolSpec("gap"),
        new DenseSpec("logits", 10, Activation.IDENTITY, true),
        new SoftmaxSpec("probs"));
  }

  /** A table for the given layers, shapes and costs computed naively. */
  static ShapeTable table(
      String name, Shape input, int classes, boolean fcHeavySuppressed, LayerSpec... layers) {
    ModelSpec model =
        new ModelSpec(
            PACKAGE, name, name + "Network", input, classes, List.of(layers), BudgetSpec.NONE,
            fcHeavySuppressed);
    List<LayerRow> rows = new ArrayList<>();
    Shape in = input;
    for (LayerSpec layer : layers) {
      LayerRow row = row(layer, in);
      rows.add(row);
      in = row.output();
    }
    return new ShapeTable(model, rows);
  }

  private static LayerRow row(LayerSpec layer, Shape in) {
    if (layer instanceof ConvSpec c) {
      Shape out = slide(in, c.filters(), c.window());
      long fan = (long) in.channels() * c.window().kernelHeight() * c.window().kernelWidth();
      return new LayerRow(
          c, in, out, c.filters() * fan + (c.bias() ? c.filters() : 0), out.size() * fan);
    }
    if (layer instanceof MlpConvSpec m) {
      Shape out = slide(in, m.filters().get(0), m.window());
      long fan = (long) in.channels() * m.window().kernelHeight() * m.window().kernelWidth();
      long params = m.filters().get(0) * fan + m.filters().get(0);
      long macs = out.size() * fan;
      for (int i = 1; i < m.filters().size(); i++) {
        long f = m.filters().get(i);
        long c = m.filters().get(i - 1);
        params += f * c + f;
        macs += f * c * out.height() * out.width();
      }
      int last = m.filters().get(m.filters().size() - 1);
      return new LayerRow(m, in, Shape.map(last, out.height(), out.width()), params, macs);
    }
    if (layer instanceof MaxPoolSpec p) {
      return new LayerRow(p, in, slide(in, in.channels(), p.window()), 0, 0);
    }
    if (layer instanceof AvgPoolSpec p) {
      return new LayerRow(p, in, slide(in, in.channels(), p.window()), 0, 0);
    }
    if (layer instanceof GlobalAvgPoolSpec || layer instanceof GlobalMaxPoolSpec) {
      return new LayerRow(layer, in, Shape.vector(in.channels()), 0, 0);
    }
    if (layer instanceof FlattenSpec) {
      return new LayerRow(layer, in, Shape.vector((int) in.size()), 0, 0);
    }
    if (layer instanceof DenseSpec d) {
      long w = (long) d.units() * in.size();
      return new LayerRow(d, in, Shape.vector(d.units()), w + (d.bias() ? d.units() : 0), w);
    }
    if (layer instanceof BatchNormSpec) {
      return new LayerRow(layer, in, in, 2L * in.channels(), 0);
    }
    return new LayerRow(layer, in, in, 0, 0); // Dropout, Softmax
  }

  private static Shape slide(Shape in, int channels, Window w) {
    return Shape.map(channels, w.outputHeight(in.height()), w.outputWidth(in.width()));
  }
}
