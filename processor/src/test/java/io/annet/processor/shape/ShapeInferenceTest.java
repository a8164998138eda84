package io.annet.processor.shape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.dsl.Activation;
import io.annet.dsl.Window;
import io.annet.processor.diag.Message;
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
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shape inference on plain records, without javac: shapes, costs and the shape problems. */
class ShapeInferenceTest {

  static ModelSpec model(Shape input, int classes, LayerSpec... layers) {
    return model(input, classes, BudgetSpec.NONE, false, layers);
  }

  static ModelSpec model(
      Shape input, int classes, BudgetSpec budget, boolean suppressed, LayerSpec... layers) {
    return new ModelSpec("p", "M", "MNetwork", input, classes, List.of(layers), budget, suppressed);
  }

  static InferenceResult infer(ModelSpec model) {
    return new ShapeInference().infer(model);
  }

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
    ShapeProblem p = only(infer(spec), Message.HEAD_MISMATCH_POOL);
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
    ShapeProblem p = only(infer(spec), Message.HEAD_MISMATCH_DENSE);
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
    ShapeProblem p = only(result, Message.KERNEL_TOO_LARGE);
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
    ShapeProblem p = only(infer(spec), Message.NOT_FLAT);
    // GAP: 10 * 32 + 10 = 330; Flatten: 10 * 32 * 7 * 7 + 10 = 15,690.
    assertTrue(p.text().contains("then @Dense has 330 parameters"), p.text());
    assertTrue(p.text().contains("yields [1568], then @Dense has 15,690 parameters"), p.text());
  }

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
    ShapeProblem p = only(infer(spec), Message.NON_POSITIVE);
    assertEquals(ShapeProblem.Anchor.layer(0, "kernel"), p.anchor());
  }

  @Test
  void poolPaddingMustBeSmallerThanTheKernelButConvPaddingMayNot() {
    ModelSpec pool =
        model(
            Shape.map(4, 8, 8),
            4,
            new AvgPoolSpec("pool", new Window(3, 2, 1, 1, 1, 2, false)),
            new GlobalAvgPoolSpec("gap"));
    ShapeProblem p = only(infer(pool), Message.POOL_PADDING);
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
    ShapeProblem p = only(infer(drops), Message.STRIDE_DROPS_INPUT);
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
  void fcHeavyWarnsWithTheGapAlternativeUnlessSuppressed() {
    LayerSpec[] layers = {
      new ConvSpec("conv", 16, Window.square(3, 1, 1), Activation.RELU, true),
      new FlattenSpec("flat"),
      new DenseSpec("fc1", 64, Activation.RELU, true),
      new DenseSpec("fc2", 10, Activation.IDENTITY, true)
    };
    ModelSpec spec = model(Shape.map(1, 8, 8), 10, BudgetSpec.NONE, false, layers);
    ShapeProblem p = only(infer(spec), Message.FC_HEAVY);
    // conv 16*9+16 = 160; fc1 64*1024+64 = 65,600; fc2 64*10+10 = 650; total 66,410.
    // GAP alternative: 160 + (16*10 + 10) = 330.
    assertEquals(ShapeProblem.Anchor.layer(2, null), p.anchor());
    assertTrue(
        p.text().startsWith("dense layers hold 99.7% of all 66,410 parameters (66,250"), p.text());
    assertTrue(p.text().contains("would have 330 parameters (head: 170)"), p.text());
    ModelSpec suppressed = model(Shape.map(1, 8, 8), 10, BudgetSpec.NONE, true, layers);
    assertEquals(List.of(), infer(suppressed).problems());
  }

  @Test
  void budgetErrorsStateTheActualFigures() {
    ModelSpec spec =
        model(
            Shape.map(1, 4, 4),
            2,
            new BudgetSpec(10, 100, 64),
            false,
            new ConvSpec("conv", 2, Window.square(3, 1, 1), Activation.RELU, true),
            new GlobalAvgPoolSpec("gap"));
    // conv: 2*9+2 = 20 params; 4*4*2*9 = 288 MACs; activations (32 + 2) * 4 = 136 bytes.
    List<ShapeProblem> problems = infer(spec).problems();
    assertEquals(3, problems.size());
    assertEquals(ShapeProblem.Anchor.budget("maxParameters"), problems.get(0).anchor());
    assertTrue(
        problems
            .get(0)
            .text()
            .startsWith("the model has 20 parameters, over" + " @Budget(maxParameters = 10) by 10"),
        problems.get(0).text());
    assertTrue(problems.get(1).text().startsWith("the model has 288 multiply-accumulates"));
    assertTrue(problems.get(2).text().startsWith("the model has 136 bytes"));
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
    ShapeProblem p = only(infer(hugeKernel), Message.TOO_LARGE);
    assertTrue(p.text().contains("more than 9,223,372,036,854,775,806 parameters"), p.text());

    ModelSpec wideFlatten = model(Shape.map(1 << 16, 1 << 8, 1 << 8), 10, new FlattenSpec("f"));
    p = only(infer(wideFlatten), Message.TOO_LARGE);
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
    p = only(infer(intPadding), Message.TOO_LARGE);
    assertEquals(ShapeProblem.Anchor.layer(0, "padding"), p.anchor());
    assertTrue(p.text().contains("a padded map has at most 2,147,483,647 rows"), p.text());
  }

  private static ShapeProblem only(InferenceResult result, Message message) {
    List<ShapeProblem> problems = result.problems();
    assertEquals(1, problems.size(), () -> problems.toString());
    assertEquals(message, problems.get(0).message());
    return problems.get(0);
  }
}
