package io.annet.processor.shape;

import static io.annet.processor.shape.ShapeModels.infer;
import static io.annet.processor.shape.ShapeModels.model;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.dsl.Activation;
import io.annet.dsl.Window;
import io.annet.processor.diag.Message;
import io.annet.processor.model.BatchNormSpec;
import io.annet.processor.model.ConvSpec;
import io.annet.processor.model.DenseSpec;
import io.annet.processor.model.FlattenSpec;
import io.annet.processor.model.GlobalAvgPoolSpec;
import io.annet.processor.model.LayerSpec;
import io.annet.processor.model.MlpConvSpec;
import io.annet.processor.model.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A parameter tensor over {@link TensorSizes#LIMIT} values is {@code [annet.too-large]} on the
 * attribute that sizes it (issue 11, item 7); one at the limit is accepted.
 */
class TensorSizesTest {
  private static final int LIMIT = (int) TensorSizes.LIMIT;

  private static ShapeProblem tooLarge(Shape input, int classes, LayerSpec... layers) {
    List<ShapeProblem> problems = infer(model(input, classes, layers)).problems();
    List<ShapeProblem> found =
        problems.stream().filter(p -> p.message() == Message.TENSOR_TOO_LARGE).toList();
    assertEquals(1, found.size(), problems::toString);
    return found.get(0);
  }

  @Test
  void theLimitIsWhatADoubleCheckpointCanHold() {
    assertEquals(268_435_327L, TensorSizes.LIMIT);
    assertTrue(TensorSizes.LIMIT * 8 <= Integer.MAX_VALUE - 1024L);
    assertTrue((TensorSizes.LIMIT + 1) * 8 > Integer.MAX_VALUE - 1024L);
  }

  @Test
  void aConvWeightPointsAtFiltersOrKernel() {
    ShapeProblem filters =
        tooLarge(
            Shape.map(3, 8, 8),
            1 << 30,
            new ConvSpec("c", 1 << 30, Window.square(3, 1, 1), Activation.RELU, true),
            new GlobalAvgPoolSpec("gap"));
    assertEquals("filters", filters.anchor().attribute());
    assertTrue(filters.text().contains("weight [1073741824, 3, 3, 3] of 28,991,029,248"));
    ShapeProblem kernel =
        tooLarge(
            Shape.map(1, 8, 8),
            4,
            new ConvSpec("c", 4, new Window(20000, 20000, 1, 1, 0, 0, true), Activation.RELU, true),
            new GlobalAvgPoolSpec("gap"));
    assertEquals("kernel", kernel.anchor().attribute());
  }

  @Test
  void everyConvolutionOfAnMlpConvCounts() {
    ShapeProblem p =
        tooLarge(
            Shape.map(1, 4, 4),
            20000,
            new MlpConvSpec("m", List.of(20000, 20000), Window.square(1, 1, 0), Activation.RELU),
            new GlobalAvgPoolSpec("gap"));
    assertTrue(p.text().contains("weight [20000, 20000, 1, 1] of 400,000,000"), p.text());
    assertEquals("filters", p.anchor().attribute());
  }

  @Test
  void aDenseWeightCountsItsInputs() {
    ShapeProblem p =
        tooLarge(
            Shape.map(1, 1, 1 << 20),
            1 << 10,
            new FlattenSpec("flat"),
            new DenseSpec("dense", 1 << 10, Activation.IDENTITY, true));
    assertEquals("units", p.anchor().attribute());
    assertTrue(p.text().contains("Reduce units, or the 1048576 values fed to it"), p.text());
  }

  @Test
  void aTensorAtTheLimitIsAccepted() {
    assertTrue(
        infer(
                model(
                    Shape.map(1, 1, 1),
                    LIMIT,
                    new FlattenSpec("flat"),
                    new DenseSpec("dense", LIMIT, Activation.IDENTITY, false)))
            .cleanTable()
            .isPresent());
    ShapeProblem p =
        tooLarge(
            Shape.map(1, 1, 1),
            LIMIT + 1,
            new FlattenSpec("flat"),
            new DenseSpec("dense", LIMIT + 1, Activation.IDENTITY, false));
    assertEquals("units", p.anchor().attribute());
  }

  @Test
  void aBatchNormScaleCountsTheChannels() {
    ShapeProblem p =
        tooLarge(
            Shape.map(LIMIT + 1, 1, 1),
            LIMIT + 1,
            new BatchNormSpec("bn", 0.9, 1e-5, Activation.IDENTITY),
            new GlobalAvgPoolSpec("gap"));
    assertTrue(p.text().contains("scale [268435328]"), p.text());
  }
}
