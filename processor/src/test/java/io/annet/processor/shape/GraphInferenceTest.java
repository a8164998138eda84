package io.annet.processor.shape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.dsl.Activation;
import io.annet.dsl.Window;
import io.annet.processor.diag.Message;
import io.annet.processor.diag.Severity;
import io.annet.processor.model.AddSpec;
import io.annet.processor.model.BlockInput;
import io.annet.processor.model.BudgetSpec;
import io.annet.processor.model.ConcatSpec;
import io.annet.processor.model.ConvSpec;
import io.annet.processor.model.DenseSpec;
import io.annet.processor.model.GlobalAvgPoolSpec;
import io.annet.processor.model.LayerSpec;
import io.annet.processor.model.MaxPoolSpec;
import io.annet.processor.model.Member;
import io.annet.processor.model.ModelSpec;
import io.annet.processor.model.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shape inference over graphs, without javac: merges, block inputs, unused outputs, the head. */
class GraphInferenceTest {

  private static ConvSpec conv(String name, int filters, int kernel, int stride, int padding) {
    return new ConvSpec(
        name, filters, Window.square(kernel, stride, padding), Activation.RELU, true);
  }

  private static ModelSpec graph(
      Shape input, int classes, List<LayerSpec> layers, List<List<Integer>> inputs,
      List<BlockInput> blockInputs) {
    List<Member> members = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      members.add(new Member.Node(layers.get(i).name(), i));
    }
    return new ModelSpec(
        "p", "G", "GNetwork", input, classes, layers, BudgetSpec.NONE, false, inputs, members,
        blockInputs);
  }

  private static List<ShapeProblem> problems(ModelSpec model, Message message) {
    return new ShapeInference()
        .infer(model).problems().stream().filter(p -> p.message() == message).toList();
  }

  @Test
  void concatSumsChannelsAndAddKeepsTheShape() {
    ModelSpec model =
        graph(
            Shape.map(3, 8, 8),
            10,
            List.of(
                conv("a", 4, 1, 1, 0),
                conv("b", 6, 3, 1, 1),
                new ConcatSpec("cat"),
                conv("c", 10, 1, 1, 0),
                new AddSpec("sum", Activation.RELU),
                new GlobalAvgPoolSpec("gap")),
            List.of(List.of(-1), List.of(-1), List.of(0, 1), List.of(2), List.of(3, 2), List.of(4)),
            List.of());
    InferenceResult r = new ShapeInference().infer(model);
    assertEquals(List.of(), r.problems().stream().filter(ShapeProblem::isError).toList());
    ShapeTable t = r.cleanTable().orElseThrow();
    assertEquals(Shape.map(10, 8, 8), t.rows().get(2).output());
    assertEquals(List.of(Shape.map(4, 8, 8), Shape.map(6, 8, 8)), t.rows().get(2).inputs());
    assertEquals(Shape.map(10, 8, 8), t.rows().get(4).output());
    assertEquals(0, t.rows().get(4).parameters());
    assertEquals(3 * 4 + 4 + 3 * 6 * 9 + 6 + 10 * 10 + 10, t.parameters());
  }

  @Test
  void mismatchesNameEveryInput() {
    ModelSpec concat =
        graph(
            Shape.map(3, 8, 8),
            3,
            List.of(
                conv("a", 3, 1, 1, 0),
                new MaxPoolSpec("b", Window.square(2, 2, 0)),
                new ConcatSpec("cat"),
                new GlobalAvgPoolSpec("gap")),
            List.of(List.of(-1), List.of(-1), List.of(0, 1), List.of(2)),
            List.of());
    ShapeProblem p = problems(concat, Message.CONCAT_MISMATCH).get(0);
    assertTrue(p.text().contains("a [3, 8, 8], b [3, 4, 4]"), p.text());
    assertEquals(ShapeProblem.Anchor.layer(2, null), p.anchor());

    ModelSpec add =
        graph(
            Shape.map(3, 8, 8),
            3,
            List.of(conv("a", 4, 1, 1, 0), new AddSpec("sum", Activation.IDENTITY)),
            List.of(List.of(-1), List.of(0, -1)),
            List.of());
    assertTrue(
        problems(add, Message.ADD_MISMATCH).get(0).text().contains("a [4, 8, 8], input [3, 8, 8]"));
  }

  @Test
  void unusedBranchWarnsAndHeadMismatchFollowsTheInputs() {
    ModelSpec model =
        graph(
            Shape.map(3, 8, 8),
            5,
            List.of(
                conv("side", 2, 1, 1, 0),
                conv("main", 4, 1, 1, 0),
                new GlobalAvgPoolSpec("gap"),
                new DenseSpec("logits", 7, Activation.IDENTITY, true)),
            List.of(List.of(-1), List.of(-1), List.of(1), List.of(2)),
            List.of());
    ShapeProblem unused = problems(model, Message.UNUSED_OUTPUT).get(0);
    assertEquals(Severity.WARNING, unused.message().severity());
    assertEquals(ShapeProblem.Anchor.layer(0, null), unused.anchor());
    assertEquals(1, problems(model, Message.UNUSED_OUTPUT).size());
    assertEquals(
        ShapeProblem.Anchor.layer(3, "units"),
        problems(model, Message.HEAD_MISMATCH_DENSE).get(0).anchor());
  }

  @Test
  void declaredBlockInputIsCheckedWhereItIsFed() {
    ModelSpec model =
        graph(
            Shape.map(3, 8, 8),
            4,
            List.of(conv("stem", 2, 1, 1, 0), conv("head.c", 4, 1, 1, 0)),
            List.of(List.of(-1), List.of(0)),
            List.of(new BlockInput("head", "WideHead", Shape.map(4, 8, 8), 0, true, 1)));
    ShapeProblem p = problems(model, Message.HEAD_BACKBONE_MISMATCH).get(0);
    assertTrue(p.text().contains("expects [4, 8, 8]"), p.text());
    assertTrue(p.text().contains("yields [2, 8, 8]"), p.text());
    assertEquals(ShapeProblem.Anchor.use(1, "head"), p.anchor());
  }

  @Test
  void sameWindowTheBackendCannotExpressIsAnError() {
    ConvSpec odd =
        new ConvSpec("c", 2, new Window(2, 1, 1, 4, 0, 0, true), Activation.RELU, true);
    ModelSpec model =
        graph(Shape.map(1, 8, 8), 2, List.of(odd), List.of(List.of(-1)), List.of());
    ShapeProblem p = problems(model, Message.SAME_PADDING).get(0);
    assertEquals(ShapeProblem.Anchor.layer(0, "same"), p.anchor());
    // Even totals (or kernels not far below the stride) are fine.
    ConvSpec even =
        new ConvSpec("c", 2, new Window(3, 1, 1, 4, 0, 0, true), Activation.RELU, true);
    ModelSpec ok = graph(Shape.map(1, 8, 8), 2, List.of(even), List.of(List.of(-1)), List.of());
    assertEquals(List.of(), problems(ok, Message.SAME_PADDING));
  }
}
