package io.annet.processor.shape;

import static io.annet.processor.shape.ShapeModels.infer;
import static io.annet.processor.shape.ShapeModels.model;
import static io.annet.processor.shape.ShapeModels.onlyProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.dsl.Activation;
import io.annet.dsl.Window;
import io.annet.processor.diag.Message;
import io.annet.processor.model.BudgetSpec;
import io.annet.processor.model.ConvSpec;
import io.annet.processor.model.DenseSpec;
import io.annet.processor.model.FlattenSpec;
import io.annet.processor.model.GlobalAvgPoolSpec;
import io.annet.processor.model.LayerSpec;
import io.annet.processor.model.ModelSpec;
import io.annet.processor.model.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The whole-model cost checks of shape inference: the fc-heavy warning and the {@code @Budget}
 * limits.
 */
class ModelCostChecksTest {

  @Test
  void fcHeavyWarnsWithTheGapAlternativeUnlessSuppressed() {
    LayerSpec[] layers = {
      new ConvSpec("conv", 16, Window.square(3, 1, 1), Activation.RELU, true),
      new FlattenSpec("flat"),
      new DenseSpec("fc1", 64, Activation.RELU, true),
      new DenseSpec("fc2", 10, Activation.IDENTITY, true)
    };
    ModelSpec spec = model(Shape.map(1, 8, 8), 10, BudgetSpec.NONE, false, layers);
    ShapeProblem p = onlyProblem(infer(spec), Message.FC_HEAVY);
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
}
