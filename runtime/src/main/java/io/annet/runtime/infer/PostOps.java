package io.annet.runtime.infer;

import io.annet.dsl.Activation;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive_attr;

/**
 * What a primitive computes after its main operation, in order, as oneDNN post-ops: an
 * activation ({@code eltwise}) and a residual sum ({@code sum}: the destination's previous
 * contents are added).
 */
final class PostOps {
  /** One post-op: an activation, or the sum when it is null. */
  private record Entry(Activation activation) {}

  private final List<Entry> entries = new ArrayList<>();

  /** Whether nothing follows the main operation. */
  boolean isEmpty() {
    return entries.isEmpty();
  }

  /** Whether an activation is among them. */
  boolean activates() {
    return entries.stream().anyMatch(e -> e.activation() != null);
  }

  /** Whether a sum is among them. */
  boolean sums() {
    return entries.stream().anyMatch(e -> e.activation() == null);
  }

  /** Appends {@code activation}; nothing for IDENTITY. */
  void activation(Activation activation) {
    if (activation != Activation.IDENTITY) {
      algorithm(activation); // refuses an activation without a post-op now, not at compile time
      entries.add(new Entry(activation));
    }
  }

  /** Appends the residual sum. */
  void sum() {
    entries.add(new Entry(null));
  }

  /** The attribute carrying them. */
  primitive_attr attributes(PlanCompiler c) {
    primitive_attr attr = c.attr();
    if (entries.isEmpty()) {
      return attr;
    }
    post_ops ops = new post_ops();
    c.natives.add(ops);
    for (Entry e : entries) {
      if (e.activation() != null) {
        ops.append_eltwise(1f, algorithm(e.activation()), alpha(e.activation()), 0f);
      } else {
        ops.append_sum();
      }
    }
    attr.set_post_ops(ops);
    return attr;
  }

  /** Refuses an activation without a oneDNN eltwise algorithm (IDENTITY passes). */
  static void check(Activation activation) {
    if (activation != Activation.IDENTITY) {
      algorithm(activation);
    }
  }

  /** oneDNN's eltwise algorithm of {@code activation}. */
  static algorithm algorithm(Activation activation) {
    return switch (activation) {
      case RELU, LEAKY_RELU -> algorithm.eltwise_relu;
      case TANH -> algorithm.eltwise_tanh;
      case SIGMOID -> algorithm.eltwise_logistic;
      default -> throw new PlanException("no oneDNN post-op for the activation " + activation);
    };
  }

  /** The eltwise alpha of {@code activation} (the leaky slope). */
  static float alpha(Activation activation) {
    return activation == Activation.LEAKY_RELU ? (float) Activation.LEAKY_SLOPE : 0f;
  }
}
