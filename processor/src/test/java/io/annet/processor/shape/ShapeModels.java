package io.annet.processor.shape;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.annet.processor.diag.Message;
import io.annet.processor.model.BudgetSpec;
import io.annet.processor.model.LayerSpec;
import io.annet.processor.model.ModelSpec;
import io.annet.processor.model.Shape;
import java.util.List;

/** Models built from plain records for the shape-inference tests, and their inference. */
final class ShapeModels {
  private ShapeModels() {}

  /** Model {@code p.M} of {@code layers}, without a budget, its warnings not suppressed. */
  static ModelSpec model(Shape input, int classes, LayerSpec... layers) {
    return model(input, classes, BudgetSpec.NONE, false, layers);
  }

  /** Model {@code p.M} of {@code layers} with a budget, {@code annet.fc-heavy} maybe suppressed. */
  static ModelSpec model(
      Shape input, int classes, BudgetSpec budget, boolean suppressed, LayerSpec... layers) {
    return new ModelSpec("p", "M", "MNetwork", input, classes, List.of(layers), budget, suppressed);
  }

  /** Shape inference of {@code model}. */
  static InferenceResult infer(ModelSpec model) {
    return new ShapeInference().infer(model);
  }

  /** The problem of {@code result}, asserting that it has exactly one, of {@code message}. */
  static ShapeProblem onlyProblem(InferenceResult result, Message message) {
    List<ShapeProblem> problems = result.problems();
    assertEquals(1, problems.size(), () -> problems.toString());
    assertEquals(message, problems.get(0).message());
    return problems.get(0);
  }
}
