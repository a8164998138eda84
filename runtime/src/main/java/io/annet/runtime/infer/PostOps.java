package io.annet.runtime.infer;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_ATTR_MULTIPLE_POST_OP_BASE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_1;

import io.annet.dsl.Activation;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive_attr;

/**
 * What a primitive computes after its main operation, in order, as oneDNN post-ops: an
 * activation ({@code eltwise}), a batch normalisation folded in as a per-channel multiply and add
 * ({@code binary}, operands recomputed from the live statistics on every call), and a residual sum
 * ({@code sum}: the destination's previous contents are added).
 */
final class PostOps {
  /** One post-op: exactly one of activation, norm and sum is set. */
  private record Entry(Activation activation, NormOp norm, boolean sum) {}

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
    return entries.stream().anyMatch(Entry::sum);
  }

  /** Appends {@code activation}; nothing for IDENTITY. */
  void activation(Activation activation) {
    if (activation != Activation.IDENTITY) {
      algorithm(activation); // refuses an activation without a post-op now, not at compile time
      entries.add(new Entry(activation, null, false));
    }
  }

  /** Appends the folded normalisation of {@code norm}, then its activation. */
  void norm(NormOp norm) {
    entries.add(new Entry(null, norm, false));
    activation(norm.activation);
  }

  /** Appends the residual sum. */
  void sum() {
    entries.add(new Entry(null, null, true));
  }

  /** The attribute carrying them, for {@code channels} output channels of rank {@code rank}. */
  primitive_attr attributes(PlanCompiler c, int channels, int rank) {
    primitive_attr attr = new primitive_attr();
    c.natives.add(attr);
    if (entries.isEmpty()) {
      return attr;
    }
    post_ops ops = new post_ops();
    c.natives.add(ops);
    memory.desc perChannel = PlanCompiler.desc(perChannelDims(channels, rank),
        PlanCompiler.plainTag(rank));
    for (Entry e : entries) {
      if (e.activation() != null) {
        ops.append_eltwise(1f, algorithm(e.activation()), alpha(e.activation()), 0f);
      } else if (e.norm() != null) {
        ops.append_binary(algorithm.binary_mul, perChannel);
        ops.append_binary(algorithm.binary_add, perChannel);
      } else {
        ops.append_sum();
      }
    }
    attr.set_post_ops(ops);
    return attr;
  }

  /**
   * Adds to {@code args} (key, memory pairs) the per-channel operands of each folded
   * normalisation, and to the compiler the step refreshing them before the primitive runs.
   */
  void operands(PlanCompiler c, int channels, int rank, List<Object> args) {
    int index = 0;
    for (Entry e : entries) {
      if (e.norm() != null) {
        memory.desc perChannel = PlanCompiler.desc(perChannelDims(channels, rank),
            PlanCompiler.plainTag(rank));
        memory scale = c.own(perChannel);
        memory shift = c.own(perChannel);
        c.steps.add(e.norm().refresh(scale, shift));
        args.add(argument(index));
        args.add(scale);
        args.add(argument(index + 1));
        args.add(shift);
        index += 2;
      } else {
        index++;
      }
    }
  }

  private static int argument(int index) {
    return DNNL_ARG_ATTR_MULTIPLE_POST_OP_BASE * (index + 1) | DNNL_ARG_SRC_1;
  }

  private static long[] perChannelDims(int channels, int rank) {
    long[] dims = new long[rank];
    java.util.Arrays.fill(dims, 1);
    dims[1] = channels;
    return dims;
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
