package io.annet.processor.shape;

import static io.annet.processor.shape.ShapeModels.infer;
import static io.annet.processor.shape.ShapeModels.model;
import static io.annet.processor.shape.ShapeModels.onlyProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.dsl.Activation;
import io.annet.dsl.Window;
import io.annet.processor.diag.Message;
import io.annet.processor.model.AvgPoolSpec;
import io.annet.processor.model.ConvSpec;
import io.annet.processor.model.DenseSpec;
import io.annet.processor.model.DropoutSpec;
import io.annet.processor.model.FlattenSpec;
import io.annet.processor.model.GlobalAvgPoolSpec;
import io.annet.processor.model.GlobalMaxPoolSpec;
import io.annet.processor.model.MaxPoolSpec;
import io.annet.processor.model.ModelSpec;
import io.annet.processor.model.Shape;
import io.annet.processor.model.SoftmaxSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Shape inference on plain records, without javac: layers that cannot consume their input, a head
 * that does not match the classes, windows that drop input, and sizes too large to count.
 */
class ShapeProblemsTest {

  @Test
  void headMismatchPointsAtTheGapWithTheNinFix() {
    ModelSpec spec =
        model(
            Shape.map(3, 8, 8),
            10,
            new ConvSpec("conv", 96, Window.square(3, 1, 1), Activation.RELU, true),
            new GlobalAvgPoolSpec("gap"),
            new DropoutSpec("drop", 0.2),
            new SoftmaxSpec("probs"));
    ShapeProblem p = onlyProblem(infer(spec), Message.HEAD_MISMATCH_POOL);
    assertEquals(ShapeProblem.Anchor.layer(1, null), p.anchor());
    assertTrue(
        p.text().startsWith("@GlobalAvgPool yields 96 channels but the model has 10" + " classes"),
        p.text());
    assertTrue(p.text().contains("filters = 10 (NIN head) or add @Dense(units = 10)"), p.text());
    assertTrue(
        p.text().matches("(?s).*\\n  gap +@GlobalAvgPool +-> \\[96\\]  0 params  <- here\\n.*"),
        p.text());
    assertTrue(p.render().startsWith("[annet.head-mismatch] "));
  }

  @Test
  void headMismatchOfAnImplicitSoftmaxPointsAtTheDenseUnits() {
    ModelSpec spec =
        model(
            Shape.map(3, 8, 8),
            10,
            new GlobalAvgPoolSpec("gap"),
            new DenseSpec("logits", 7, Activation.IDENTITY, true));
    ShapeProblem p = onlyProblem(infer(spec), Message.HEAD_MISMATCH_DENSE);
    assertEquals(ShapeProblem.Anchor.layer(1, "units"), p.anchor());
    assertTrue(p.text().contains("expected [10], found [7]. Set units = 10"), p.text());
  }

  @Test
  void kernelLargerThanPaddedInputStopsInference() {
    ModelSpec spec =
        model(
            Shape.map(64, 2, 2),
            64,
            new MaxPoolSpec("pool", Window.square(3, 2, 0)),
            new GlobalAvgPoolSpec("gap"));
    InferenceResult result = infer(spec);
    ShapeProblem p = onlyProblem(result, Message.KERNEL_TOO_LARGE);
    assertEquals(ShapeProblem.Anchor.layer(0, "kernel"), p.anchor());
    assertTrue(p.text().contains("cannot consume [64, 2, 2]: kernel height 3 > padded height 2"));
    assertTrue(result.table().isEmpty());
    assertTrue(result.rows().isEmpty());
  }

  @Test
  void inferenceContinuesPastAProblemWhenTheShapeIsComputable() {
    ModelSpec spec =
        model(
            Shape.map(1, 8, 8),
            10,
            new DropoutSpec("drop", 1.5),
            new ConvSpec("conv", 10, Window.square(3, 1, 0), Activation.RELU, true),
            new DenseSpec("fc", 10, Activation.IDENTITY, true),
            new MaxPoolSpec("late", Window.square(2, 2, 0)));
    InferenceResult result = infer(spec);
    List<Message> messages = result.problems().stream().map(ShapeProblem::message).toList();
    assertEquals(List.of(Message.OUT_OF_RANGE, Message.NOT_FLAT, Message.NEEDS_MAP), messages);
    assertEquals(3, result.rows().size());
  }

  @Test
  void denseFedAMapNamesBothParameterCounts() {
    ModelSpec spec =
        model(Shape.map(32, 7, 7), 10, new DenseSpec("fc", 10, Activation.IDENTITY, true));
    ShapeProblem p = onlyProblem(infer(spec), Message.NOT_FLAT);
    // GAP: 10 * 32 + 10 = 330; Flatten: 10 * 32 * 7 * 7 + 10 = 15,690.
    assertTrue(p.text().contains("then @Dense has 330 parameters"), p.text());
    assertTrue(p.text().contains("yields [1568], then @Dense has 15,690 parameters"), p.text());
  }

  @Test
  void poolPaddingMustBeSmallerThanTheKernelButConvPaddingMayNot() {
    ModelSpec pool =
        model(
            Shape.map(4, 8, 8),
            4,
            new AvgPoolSpec("pool", new Window(3, 2, 1, 1, 1, 2, false)),
            new GlobalAvgPoolSpec("gap"));
    ShapeProblem p = onlyProblem(infer(pool), Message.POOL_PADDING);
    assertEquals(ShapeProblem.Anchor.layer(0, "padding"), p.anchor());
    assertTrue(p.text().contains("padding {1, 2} is not smaller than its kernel {3, 2}"));
    assertTrue(p.text().contains("Use padding = 1 (at most half the kernel"), p.text());

    ModelSpec conv =
        model(
            Shape.map(4, 8, 8),
            4,
            new ConvSpec("conv", 4, Window.square(1, 1, 1), Activation.RELU, true),
            new GlobalAvgPoolSpec("gap"));
    assertEquals(List.of(), infer(conv).problems());
  }

  @Test
  void strideThatDropsInputWarnsButPaddingThatOnlyDropsPaddingDoesNot() {
    ModelSpec drops =
        model(
            Shape.map(1, 28, 28),
            10,
            new ConvSpec("c", 10, Window.square(3, 2, 0), Activation.RELU, true),
            new GlobalAvgPoolSpec("gap"));
    ShapeProblem p = onlyProblem(infer(drops), Message.STRIDE_DROPS_INPUT);
    assertFalse(p.isError());
    assertEquals(ShapeProblem.Anchor.layer(0, "stride"), p.anchor());
    assertTrue(p.text().contains("never reads the last 1 input row: (28 + 2 * 0 - 3) % 2 = 1"));
    assertTrue(p.text().contains("Padding 1 or same = true"), p.text());
    assertTrue(infer(drops).cleanTable().isPresent(), "a warning does not stop generation");

    ModelSpec padded =
        model(
            Shape.map(1, 28, 28),
            10,
            new ConvSpec("c", 10, Window.square(3, 2, 1), Activation.RELU, true),
            new GlobalAvgPoolSpec("gap"));
    assertEquals(List.of(), infer(padded).problems());
  }

  @Test
  void layersAfterSoftmaxAndConvOnVectorsAreReported() {
    ModelSpec spec =
        model(Shape.map(10, 1, 1), 10, new SoftmaxSpec("probs"), new FlattenSpec("after"));
    InferenceResult result = infer(spec);
    List<Message> messages = result.problems().stream().map(ShapeProblem::message).toList();
    assertEquals(List.of(Message.AFTER_SOFTMAX), messages);
    assertEquals(ShapeProblem.Anchor.layer(1, null), result.problems().get(0).anchor());
  }

  @Test
  void absurdSizesBecomeTooLargeErrorsInsteadOfOverflowing() {
    ModelSpec bigButCountable =
        model(
            Shape.map(3, 8, 8),
            1 << 23,
            new ConvSpec("c", 1 << 23, Window.square(3, 1, 1), Activation.RELU, true),
            new GlobalAvgPoolSpec("gap"));
    ShapeTable table = infer(bigButCountable).cleanTable().orElseThrow();
    assertEquals((1L << 23) * 3 * 3 * 3 + (1L << 23), table.rows().get(0).parameters());

    ModelSpec hugeKernel =
        model(
            Shape.map(3, 8, 8),
            10,
            new ConvSpec(
                "c",
                1 << 30,
                new Window(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, 1, 0, 0, true),
                Activation.RELU,
                true));
    ShapeProblem p = onlyProblem(infer(hugeKernel), Message.TOO_LARGE);
    assertTrue(p.text().contains("more than 9,223,372,036,854,775,806 parameters"), p.text());

    ModelSpec wideFlatten = model(Shape.map(1 << 16, 1 << 8, 1 << 8), 10, new FlattenSpec("f"));
    p = onlyProblem(infer(wideFlatten), Message.TOO_LARGE);
    assertEquals(ShapeProblem.Anchor.layer(0, null), p.anchor());
    assertTrue(p.text().contains("needs 4,294,967,296 values"), p.text());

    // Huge but countable outputs are accepted (only their parameters must be countable)...
    ModelSpec hugePadding =
        model(
            Shape.map(1, 3, 3),
            5,
            new ConvSpec("c", 5, Window.square(3, 3, 1 << 29), Activation.RELU, false),
            new GlobalMaxPoolSpec("gmp"));
    ShapeTable huge = infer(hugePadding).cleanTable().orElseThrow();
    assertEquals(Shape.map(5, 357913942, 357913942), huge.rows().get(0).output());
    assertEquals(5 * 9, huge.rows().get(0).parameters());

    // ...but a padded map must stay within ND4J's int indexing, or the runtime could not run it.
    ModelSpec intPadding =
        model(
            Shape.map(1, 3, 3),
            5,
            new ConvSpec("c", 5, Window.square(3, 3, Integer.MAX_VALUE), Activation.RELU, false),
            new GlobalMaxPoolSpec("gmp"));
    p = onlyProblem(infer(intPadding), Message.TOO_LARGE);
    assertEquals(ShapeProblem.Anchor.layer(0, "padding"), p.anchor());
    assertTrue(p.text().contains("a padded map has at most 2,147,483,647 rows"), p.text());
  }
}
