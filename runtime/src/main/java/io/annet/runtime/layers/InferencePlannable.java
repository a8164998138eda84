package io.annet.runtime.layers;

import io.annet.runtime.infer.PlanBuilder;
import io.annet.runtime.infer.PlanTensor;
import java.util.List;

/**
 * A kernel that records its inference computation into a whole-network oneDNN plan, once per
 * kind, as {@link OnnxExportable} does for export: the plan walks the layers in order and asks each
 * for its operations. A kernel without it runs its own forward inside the plan, on plain arrays.
 */
public interface InferencePlannable {
  /**
   * Records this layer's inference on {@code inputs}, the tensors of its inputs in order, each
   * {@code [N, ...]} with this layer's input shape (a vector may arrive as {@code [N, C, 1, 1]});
   * returns its output tensor. Throws {@link PlanBuilder#unsupported} for a configuration the plan
   * cannot serve.
   */
  PlanTensor plan(PlanBuilder plan, List<PlanTensor> inputs);
}
