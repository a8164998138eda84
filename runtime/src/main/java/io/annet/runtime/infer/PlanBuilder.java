package io.annet.runtime.infer;

import io.annet.dsl.Activation;
import io.annet.dsl.Layer;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a kernel's {@link io.annet.runtime.layers.InferencePlannable} hook records its inference
 * with, one call per operation, for a fixed batch size; the plan decides the fusions and layouts
 * once every layer has recorded. Parameters are passed as the live arrays, read on every call.
 */
public final class PlanBuilder {
  private final long batch;
  final List<PlanOp> ops = new ArrayList<>();

  PlanBuilder(long batch) {
    this.batch = batch;
  }

  /** A refusal: the network then runs its ordinary forward pass, with {@code why} as the reason. */
  public static RuntimeException unsupported(String why) {
    return new PlanException(why);
  }

  /** The network's input tensor, {@code [N, ...shape]}. */
  PlanTensor input(int[] shape) {
    PlanTensor t = new PlanTensor(FallbackOp.batched(batch, shape), null);
    t.rebound = true;
    return t;
  }

  private PlanTensor record(PlanOp op, long[] dims) {
    op.index = ops.size();
    op.output = new PlanTensor(dims, op);
    for (PlanTensor x : op.inputs) {
      x.uses++;
    }
    ops.add(op);
    return op.output;
  }

  /**
   * A convolution of {@code x} with {@code weight} {@code [F, C / groups, kh, kw]}, optional
   * {@code bias} {@code [F]}, {@code strides} and oneDNN's {@code pads} ({@code {{top, left},
   * {bottom, right}}}), then {@code activation}, to per-example {@code outputShape}.
   */
  public PlanTensor conv(PlanTensor x, INDArray weight, INDArray bias, int groups, int[] strides,
      long[][] pads, Activation activation, int[] outputShape) {
    requireMaps(x, "a convolution");
    ConvOp op = new ConvOp(x, weight, bias, groups, longs(strides), pads);
    op.post.activation(activation);
    return record(op, FallbackOp.batched(batch, outputShape));
  }

  /** Batch normalisation of {@code x} with the running statistics, then {@code activation}. */
  public PlanTensor batchNorm(PlanTensor x, INDArray gamma, INDArray beta, INDArray mean,
      INDArray variance, double epsilon, Activation activation) {
    return record(new NormOp(x, gamma, beta, mean, variance, epsilon, activation), x.dims);
  }

  /** Max or average pooling (padding excluded from the mean) to per-example {@code outputShape}. */
  public PlanTensor pool(PlanTensor x, boolean max, int[] kernel, int[] strides, long[][] pads,
      int[] outputShape) {
    requireMaps(x, "pooling");
    return record(new PoolOp(x, max, longs(kernel), longs(strides), pads),
        FallbackOp.batched(batch, outputShape));
  }

  /** Global max or average pooling of maps {@code [N, C, H, W]} to {@code [N, C, 1, 1]}. */
  public PlanTensor globalPool(PlanTensor x, boolean max) {
    requireMaps(x, "global pooling");
    long[] d = x.dims;
    return record(new PoolOp(x, max, new long[] {d[2], d[3]}, new long[] {1, 1},
        new long[2][2]), new long[] {batch, d[1], 1, 1});
  }

  /** A dense layer: {@code weight} {@code [units, F]}, optional {@code bias}, {@code activation}. */
  public PlanTensor dense(PlanTensor x, INDArray weight, INDArray bias, Activation activation) {
    if (x.perExample() != weight.size(1)) {
      throw unsupported("a dense layer of " + weight.size(1) + " inputs on " + x.perExample());
    }
    return record(new DenseOp(x, weight, bias, activation), new long[] {batch, weight.size(0)});
  }

  /**
   * Softmax over the values of each example: over the channels of pooled maps {@code [N, C, 1,
   * 1]} in their own layout, else over the flattened values.
   */
  public PlanTensor softmax(PlanTensor x) {
    PlanTensor in = x.dims[1] == x.perExample() ? x : flatten(x);
    return record(new SoftmaxOp(in), in.dims);
  }

  /** The values of each example in c-order as {@code [N, F]}; {@code x} itself when it is so. */
  public PlanTensor flatten(PlanTensor x) {
    if (x.dims.length == 2) {
      return x;
    }
    return record(new FlattenOp(x), new long[] {batch, x.perExample()});
  }

  /** The element-wise sum of {@code xs} (equal shapes), then {@code activation}. */
  public PlanTensor add(List<PlanTensor> xs, Activation activation) {
    List<PlanTensor> operands = sameRank(xs);
    return record(new AddOp(operands, activation), operands.get(0).dims);
  }

  /** {@code xs} joined along the channels (dimension 1). */
  public PlanTensor concat(List<PlanTensor> xs) {
    List<PlanTensor> operands = sameRank(xs);
    long[] dims = operands.get(0).dims.clone();
    dims[1] = 0;
    for (PlanTensor x : operands) {
      dims[1] += x.dims[1];
    }
    return record(new ConcatOp(operands), dims);
  }

  /** A layer without a hook, run by its own forward on plain arrays of {@code shapes}. */
  PlanTensor fallback(Layer layer, List<PlanTensor> xs, List<int[]> shapes) {
    return record(new FallbackOp(layer, xs, shapes), FallbackOp.batched(batch,
        layer.outputShape()));
  }

  /**
   * Decides the fusions: a batch normalisation folds into the convolution before it when that
   * convolution feeds nothing else; a two-operand sum fuses into the later-computed of the
   * convolutions producing its operands (one that feeds nothing else and has no activation yet),
   * the other operand pre-filling the destination.
   */
  void fuse() {
    for (PlanOp op : ops) {
      if (op instanceof NormOp norm) {
        PlanTensor x = norm.inputs.get(0);
        if (x.producer instanceof ConvOp conv && x.uses == 1 && conv.acceptsNorm()) {
          conv.fold(norm);
          absorb(conv, norm);
        }
      } else if (op instanceof AddOp add && add.inputs.size() == 2
          && add.inputs.get(0) != add.inputs.get(1)) {
        ConvOp best = null;
        PlanTensor other = null;
        for (int i = 0; i < 2; i++) {
          PlanTensor x = add.inputs.get(i);
          if (x.producer instanceof ConvOp conv && !conv.fused && x.uses == 1
              && conv.acceptsSum() && (best == null || conv.index > best.index)) {
            best = conv;
            other = add.inputs.get(1 - i);
          }
        }
        if (best != null && (other.producer == null || other.producer.index < best.index)) {
          best.sum(other);
          best.post.activation(add.activation);
          absorb(best, add);
        }
      }
    }
  }

  private static void absorb(ConvOp conv, PlanOp op) {
    op.fused = true;
    conv.output = op.output;
    op.output.producer = conv;
  }

  private List<PlanTensor> sameRank(List<PlanTensor> xs) {
    boolean mixed = xs.stream().anyMatch(x -> x.dims.length != xs.get(0).dims.length);
    return mixed ? xs.stream().map(this::flatten).toList() : List.copyOf(xs);
  }

  private static void requireMaps(PlanTensor x, String what) {
    if (x.dims.length != 4) {
      throw unsupported(what + " needs maps [N, C, H, W], found " + x.dims.length + " dimensions");
    }
  }

  private static long[] longs(int[] values) {
    long[] l = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      l[i] = values[i];
    }
    return l;
  }
}
