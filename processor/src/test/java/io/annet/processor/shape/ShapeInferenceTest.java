package io.annet.processor.shape;

import static io.annet.processor.shape.ShapeModels.infer;
import static io.annet.processor.shape.ShapeModels.model;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import io.annet.processor.model.MaxPoolSpec;
import io.annet.processor.model.MlpConvSpec;
import io.annet.processor.model.ModelSpec;
import io.annet.processor.model.Shape;
import io.annet.processor.model.SoftmaxSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shape inference on plain records, without javac: the shapes and costs of clean models. */
class ShapeInferenceTest {

  /** The NIN CIFAR-10 model of Lin, Chen and Yan (2014), with explicit pooling padding. */
  static ModelSpec ninCifar10() {
    Window pool = Window.square(3, 2, 1); // floor((32 + 2 - 3) / 2) + 1 = 16, then 16 -> 8
    return model(
        Shape.map(3, 32, 32),
        10,
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

  @Test
  void ninCifar10TableMatchesThePaperByHand() {
    InferenceResult result = infer(ninCifar10());
    assertEquals(List.of(), result.problems());
    ShapeTable table = result.cleanTable().orElseThrow();
    List<Shape> outputs = table.rows().stream().map(LayerRow::output).toList();
    assertEquals(
        List.of(
            Shape.map(96, 32, 32),
            Shape.map(96, 16, 16),
            Shape.map(96, 16, 16),
            Shape.map(192, 16, 16),
            Shape.map(192, 8, 8),
            Shape.map(192, 8, 8),
            Shape.map(10, 8, 8),
            Shape.vector(10),
            Shape.vector(10)),
        outputs);
    long block1 = (3 * 5 * 5 * 192 + 192) + (192 * 160 + 160) + (160 * 96 + 96); // 60,928
    long block2 = (96 * 5 * 5 * 192 + 192) + (192 * 192 + 192) + (192 * 192 + 192); // 535,104
    long block3 = (192 * 3 * 3 * 192 + 192) + (192 * 192 + 192) + (192 * 10 + 10); // 370,954
    assertEquals(60_928, block1);
    assertEquals(535_104, block2);
    assertEquals(370_954, block3);
    assertEquals(block1, table.rows().get(0).parameters());
    assertEquals(block2, table.rows().get(3).parameters());
    assertEquals(block3, table.rows().get(6).parameters());
    assertEquals(966_986, table.parameters());
    // MACs of block1: 32 * 32 output positions * (3*5*5*192 + 192*160 + 160*96).
    assertEquals(32L * 32 * (3 * 25 * 192 + 192 * 160 + 160 * 96), table.rows().get(0).macs());
    for (int i : new int[] {1, 2, 4, 5, 7, 8}) {
      assertEquals(0, table.rows().get(i).parameters(), "row " + i);
      assertEquals(0, table.rows().get(i).macs(), "row " + i);
    }
  }

  @Test
  void convAndDenseCostsFollowTheDocumentedFormulas() {
    ModelSpec spec =
        model(
            Shape.map(1, 28, 28),
            10,
            BudgetSpec.NONE,
            true,
            new ConvSpec("conv1", 32, Window.square(5, 1, 2), Activation.RELU, true),
            new MaxPoolSpec("pool1", Window.square(2, 2, 0)),
            new ConvSpec("conv2", 64, new Window(3, 1, 1, 1, 0, 0, false), Activation.RELU, false),
            new FlattenSpec("flat"),
            new DenseSpec("fc1", 100, Activation.RELU, true),
            new BatchNormSpec("norm", 0.9, 1e-5),
            new DenseSpec("fc2", 10, Activation.IDENTITY, false));
    ShapeTable table = infer(spec).cleanTable().orElseThrow();
    List<LayerRow> rows = table.rows();
    assertEquals(Shape.map(32, 28, 28), rows.get(0).output());
    assertEquals(32L * 1 * 5 * 5 + 32, rows.get(0).parameters());
    assertEquals(28L * 28 * 32 * 1 * 5 * 5, rows.get(0).macs());
    assertEquals(Shape.map(32, 14, 14), rows.get(1).output());
    assertEquals(Shape.map(64, 12, 14), rows.get(2).output()); // a 3x1 kernel, no bias
    assertEquals(64L * 32 * 3, rows.get(2).parameters());
    assertEquals(12L * 14 * 64 * 32 * 3, rows.get(2).macs());
    assertEquals(Shape.vector(64 * 12 * 14), rows.get(3).output());
    assertEquals(100L * 10752 + 100, rows.get(4).parameters());
    assertEquals(100L * 10752, rows.get(4).macs());
    assertEquals(200, rows.get(5).parameters()); // gamma and beta of 100 units
    assertEquals(1000, rows.get(6).parameters());
    assertEquals(Shape.vector(10), rows.get(6).output());
  }

  @Test
  void sameWindowsUseCeilOfInputOverStride() {
    ModelSpec spec =
        model(
            Shape.map(3, 15, 15),
            4,
            new ConvSpec("c", 4, new Window(3, 3, 2, 2, 0, 0, true), Activation.RELU, true),
            new GlobalAvgPoolSpec("gap"));
    InferenceResult result = infer(spec);
    assertEquals(List.of(), result.problems());
    assertEquals(Shape.map(4, 8, 8), result.rows().get(0).output());
  }
}
