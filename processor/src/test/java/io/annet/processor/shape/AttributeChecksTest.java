package io.annet.processor.shape;

import static io.annet.processor.shape.ShapeModels.infer;
import static io.annet.processor.shape.ShapeModels.model;
import static io.annet.processor.shape.ShapeModels.onlyProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.dsl.Activation;
import io.annet.dsl.Window;
import io.annet.processor.diag.Message;
import io.annet.processor.model.BatchNormSpec;
import io.annet.processor.model.ConvSpec;
import io.annet.processor.model.DenseSpec;
import io.annet.processor.model.DropoutSpec;
import io.annet.processor.model.MaxPoolSpec;
import io.annet.processor.model.MlpConvSpec;
import io.annet.processor.model.ModelSpec;
import io.annet.processor.model.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The attribute checks of shape inference: every bad attribute is reported once, on itself. */
class AttributeChecksTest {

  @Test
  void attributeProblemsAreAllReportedEvenWhenInferenceStops() {
    ModelSpec spec =
        model(
            Shape.map(0, 8, 8),
            0,
            new ConvSpec("c1", 0, new Window(0, 3, 1, 0, -1, 0, false), Activation.RELU, true),
            new MlpConvSpec("m", List.of(), Window.square(1, 1, 0), Activation.RELU),
            new DenseSpec("d", -1, Activation.RELU, true),
            new BatchNormSpec("bn", 1.0, 0.0));
    InferenceResult result = infer(spec);
    List<String> anchors =
        result.problems().stream()
            .map(
                p ->
                    p.message().tag()
                        + " "
                        + p.anchor().target()
                        + p.anchor().layer()
                        + "."
                        + p.anchor().attribute())
            .toList();
    assertEquals(
        List.of(
            "[annet.non-positive] MODEL-1.input.channels",
            "[annet.non-positive] MODEL-1.classes",
            "[annet.non-positive] LAYER0.filters",
            "[annet.non-positive] LAYER0.kernel",
            "[annet.non-positive] LAYER0.stride",
            "[annet.negative-padding] LAYER0.padding",
            "[annet.empty-filters] LAYER1.filters",
            "[annet.non-positive] LAYER2.units",
            "[annet.out-of-range] LAYER3.momentum",
            "[annet.out-of-range] LAYER3.epsilon"),
        anchors);
    assertTrue(result.table().isEmpty());
  }

  @Test
  void aBadPoolKernelIsReportedOnceNotAgainAsItsDefaultStride() {
    ModelSpec spec = model(Shape.map(1, 8, 8), 1, new MaxPoolSpec("pool", Window.square(0, 0, 0)));
    ShapeProblem p = onlyProblem(infer(spec), Message.NON_POSITIVE);
    assertEquals(ShapeProblem.Anchor.layer(0, "kernel"), p.anchor());
  }

  @Test
  void checkAttributesAloneDoesNotInferShapes() {
    ModelSpec spec =
        model(
            Shape.map(1, 2, 2),
            10,
            new DropoutSpec("drop", -0.5),
            new MaxPoolSpec("pool", Window.square(5, 5, 0)));
    List<ShapeProblem> problems = new ShapeInference().checkAttributes(spec);
    assertEquals(1, problems.size());
    assertEquals(Message.OUT_OF_RANGE, problems.get(0).message());
  }
}
