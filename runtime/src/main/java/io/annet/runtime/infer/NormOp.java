package io.annet.runtime.infer;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_MEAN;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCALE_SHIFT;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_VARIANCE;

import io.annet.dsl.Activation;
import java.nio.FloatBuffer;
import java.util.List;
import org.bytedeco.dnnl.batch_normalization_forward;
import org.bytedeco.dnnl.global.dnnl.normalization_flags;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Batch normalisation with the running statistics, then an activation. Folded into the
 * convolution before it when that convolution feeds nothing else ({@link ConvOp#fold}: its
 * weights scaled per output channel as they are reordered, its bias shifted); else oneDNN's
 * batch-normalisation primitive on whatever layout its input has.
 */
final class NormOp extends PlanOp {
  final INDArray gamma;
  final INDArray beta;
  final INDArray mean;
  final INDArray variance;
  final double epsilon;
  final Activation activation;
  private final int channels;

  NormOp(PlanTensor x, INDArray gamma, INDArray beta, INDArray mean, INDArray variance,
      double epsilon, Activation activation) {
    super(List.of(x));
    this.gamma = gamma;
    this.beta = beta;
    this.mean = mean;
    this.variance = variance;
    this.epsilon = epsilon;
    this.activation = activation;
    this.channels = (int) x.dims[1];
    PostOps.check(activation);
  }

  /**
   * A step that writes {@code scale = gamma / sqrt(var + eps)} into {@code scale} and {@code
   * scale * bias + beta - mean * scale} ({@code bias} the convolution's, or none when null) into
   * {@code shift}, from the live parameters: O(channels) per call, so a training step's update is
   * always seen.
   */
  Step fold(memory scale, memory shift, INDArray bias) {
    FloatBuffer scaleOut = floats(scale.get_data_handle(), channels);
    FloatBuffer shiftOut = floats(shift.get_data_handle(), channels);
    FloatBuffer g = floats(gamma);
    FloatBuffer b = floats(beta);
    FloatBuffer m = floats(mean);
    FloatBuffer v = floats(variance);
    FloatBuffer convBias = bias == null ? null : floats(bias);
    return new Step() {
      @Override
      public int threads() {
        return 0;
      }

      @Override
      public void run(stream unused) {
        for (int c = 0; c < channels; c++) {
          double k = g.get(c) / Math.sqrt(v.get(c) + epsilon);
          double z = convBias == null ? 0 : convBias.get(c);
          scaleOut.put(c, (float) k);
          shiftOut.put(c, (float) (b.get(c) + (z - m.get(c)) * k));
        }
      }
    };
  }

  /** A view of {@code array}'s values (dense, float32), read without a copy. */
  static FloatBuffer floats(INDArray array) {
    if (array.offset() != 0 || array.dataType() != org.nd4j.linalg.api.buffer.DataType.FLOAT) {
      throw new PlanException("a parameter that is a view or not float32");
    }
    return array.data().asNioFloat();
  }

  /** A view of {@code count} floats at {@code address}. */
  static FloatBuffer floats(Pointer address, long count) {
    return new FloatPointer(address).capacity(count).asBuffer();
  }

  @Override
  void compile(PlanCompiler c) {
    PlanTensor x = inputs.get(0);
    memory src = x.memory;
    boolean relu = activation == Activation.RELU;
    int flags = normalization_flags.use_global_stats.value
        | normalization_flags.use_scale_shift.value
        | (relu ? normalization_flags.fuse_norm_relu.value : 0);
    int threads = c.threadsForElements(x.elements());
    batch_normalization_forward.primitive_desc pd = c.build(threads,
        () -> new batch_normalization_forward.primitive_desc(
            new batch_normalization_forward.desc(prop_kind.forward_inference.value,
                src.get_desc(), (float) epsilon, flags), c.attr(), c.engine));
    long[] perChannel = {channels};
    memory meanMemory = c.parameter(mean, perChannel, memory.format_tag.a, pd.mean_desc());
    memory varMemory = c.parameter(variance, perChannel, memory.format_tag.a, pd.variance_desc());
    memory scaleShift = c.own(PlanCompiler.desc(new long[] {2, channels}, memory.format_tag.ab));
    c.weightStep(scaleShiftStep(scaleShift));
    memory dst = c.own(pd.dst_desc());
    batch_normalization_forward p = c.build(threads, () -> new batch_normalization_forward(pd));
    c.run(p, pd, threads, DNNL_ARG_SRC, src, DNNL_ARG_MEAN, meanMemory,
        DNNL_ARG_VARIANCE, varMemory, DNNL_ARG_SCALE_SHIFT, scaleShift, DNNL_ARG_DST, dst);
    if (!relu) {
      EltwiseStep.add(c, dst, activation, x.elements());
    }
    c.produce(output, dst);
  }

  private Step scaleShiftStep(memory scaleShift) {
    FloatBuffer out = floats(scaleShift.get_data_handle(), 2L * channels);
    FloatBuffer g = floats(gamma);
    FloatBuffer b = floats(beta);
    return new Step() {
      @Override
      public int threads() {
        return 0;
      }

      @Override
      public void run(stream unused) {
        for (int c = 0; c < channels; c++) {
          out.put(c, g.get(c));
          out.put(channels + c, b.get(c));
        }
      }
    };
  }
}
