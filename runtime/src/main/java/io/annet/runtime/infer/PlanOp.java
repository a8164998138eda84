package io.annet.runtime.infer;

import java.util.List;

/**
 * One operation of an inference plan as the kernels' hooks record it, before compilation: its
 * inputs and output, and how it becomes oneDNN primitives once the fusions are decided.
 */
abstract class PlanOp {
  final List<PlanTensor> inputs;
  PlanTensor output;
  /** Its position in the recorded order. */
  int index;
  /** Set when a fusion absorbed it into another op: it is then not compiled. */
  boolean fused;

  PlanOp(List<PlanTensor> inputs) {
    this.inputs = List.copyOf(inputs);
  }

  /** Creates this op's primitives and steps, and its output's memory. */
  abstract void compile(PlanCompiler c);
}
