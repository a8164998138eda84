package io.annet.processor.shape;

import io.annet.dsl.Window;
import io.annet.processor.diag.Message;
import io.annet.processor.model.LayerSpec;
import io.annet.processor.model.ModelSpec;
import io.annet.processor.model.SoftmaxSpec;
import io.annet.processor.shape.ShapeProblem.Anchor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Infers every layer's output shape, parameters and multiply-accumulates (MACs) from a parsed
 * model, and collects every shape problem. Pure Java: output sizes come from {@link Window}, the
 * rule the runtime checks with too.
 *
 * <p>Costs per example: a convolution has {@code filters * C * kh * kw (+ filters)} parameters and
 * {@code H' * W' * filters * C * kh * kw} MACs (an {@code @MlpConv} sums its convolutions); a dense
 * layer {@code units * N (+ units)} parameters and {@code units * N} MACs; batch norm {@code 2 C}
 * trainable parameters and 0 MACs (at inference it is a per-channel scale and shift that can be
 * folded into the layer before it). Pooling, global pooling, flatten, dropout and softmax have no
 * parameters and count 0 MACs: they compare or add but do not multiply-accumulate weights.
 */
public final class ShapeInference {

  /** Infers shapes and costs of {@code model} and checks it. */
  public InferenceResult infer(ModelSpec model) {
    List<ShapeProblem> problems = new ArrayList<>();
    LayerChecks checks = new LayerChecks(problems);
    boolean inputOk = checks.checkModel(model);
    List<LayerSpec> layers = model.layers();
    boolean[] computable = new boolean[layers.size()];
    for (int i = 0; i < layers.size(); i++) {
      computable[i] = checks.checkLayer(i, layers.get(i));
    }
    int softmax = firstSoftmax(layers);
    for (int i = softmax + 1; softmax >= 0 && i < layers.size(); i++) {
      String what = layers.get(i).name() + " " + TableText.describe(layers.get(i));
      problems.add(
          new ShapeProblem(
              Message.AFTER_SOFTMAX,
              Message.AFTER_SOFTMAX.format(what, layers.get(softmax).name()),
              Anchor.layer(i, null)));
    }
    List<LayerRow> rows = new ArrayList<>();
    if (!inputOk || layers.isEmpty()) {
      return new InferenceResult(Optional.empty(), rows, problems);
    }
    LayerStep step = new LayerStep(model, rows, problems);
    LayerRow[] byNode = new LayerRow[layers.size()];
    GraphChecks graph = new GraphChecks(model, byNode, problems);
    if (!graph.checkBlockInputs(-1)) {
      return new InferenceResult(Optional.empty(), rows, problems);
    }
    // A node that fails is reported once; the nodes fed by it are skipped (they would only repeat
    // it), while independent branches go on, so that one compilation reports all of them.
    boolean[] failed = new boolean[layers.size()];
    boolean anyFailed = false;
    for (int i = 0; i < layers.size(); i++) {
      // Declaration order is a topological order: every input is an earlier node (or -1).
      List<Integer> in = model.inputs().get(i);
      LayerSpec layer = layers.get(i);
      LayerRow row = null;
      if (in.stream().noneMatch(p -> p >= 0 && failed[p]) && computable[i]) {
        row =
            layer.isMerge()
                ? graph.merge(i, layer, in)
                : step.checked(i, layer, graph.shapeOf(in.get(0)));
      }
      if (row == null) {
        failed[i] = true;
        anyFailed = true;
        continue;
      }
      byNode[i] = row;
      rows.add(row);
      if (!graph.checkBlockInputs(i)) {
        failed[i] = true; // the block's layers would only repeat the mismatch
        anyFailed = true;
      }
    }
    if (anyFailed) {
      return new InferenceResult(Optional.empty(), rows, problems);
    }
    graph.checkUnused();
    ShapeTable table = new ShapeTable(model, rows);
    ModelChecks modelChecks = new ModelChecks(table, problems);
    modelChecks.checkHead(softmax);
    if (problems.stream().noneMatch(ShapeProblem::isError)) {
      modelChecks.checkFcHeavy(); // advice about a model that is otherwise right
    }
    modelChecks.checkBudget();
    return new InferenceResult(Optional.of(table), rows, problems);
  }

  /**
   * Only the checks of single attributes, for a model whose layers could not all be parsed: shape
   * inference over the remaining layers would report misleading problems.
   */
  public List<ShapeProblem> checkAttributes(ModelSpec model) {
    List<ShapeProblem> problems = new ArrayList<>();
    LayerChecks checks = new LayerChecks(problems);
    checks.checkModel(model);
    for (int i = 0; i < model.layers().size(); i++) {
      checks.checkLayer(i, model.layers().get(i));
    }
    return problems;
  }

  private static int firstSoftmax(List<LayerSpec> layers) {
    for (int i = 0; i < layers.size(); i++) {
      if (layers.get(i) instanceof SoftmaxSpec) {
        return i;
      }
    }
    return -1;
  }
}
