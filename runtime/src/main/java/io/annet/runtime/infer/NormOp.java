package io.annet.runtime.infer;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_MEAN;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SCALE_SHIFT;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_VARIANCE;

import io.annet.dsl.Activation;
import java.util.List;
import org.bytedeco.dnnl.batch_normalization_forward;
import org.bytedeco.dnnl.global.dnnl.normalization_flags;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Batch normalisation with the running statistics, then an activation. Folded into the
 * convolution before it when that convolution feeds nothing else ({@link PostOps#norm}); else
 * oneDNN's batch-normalisation primitive on whatever layout its input has.
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
   * A step that writes {@code scale = gamma / sqrt(var + eps)} and {@code shift = beta - mean *
   * scale} from the live parameters into the two per-channel memories (O(channels) per call, so a
   * training step's update is always seen).
   */
  Step refresh(memory scale, memory shift) {
    FloatPointer scaleOut = new FloatPointer(scale.get_data_handle());
    FloatPointer shiftOut = new FloatPointer(shift.get_data_handle());
    float[] g = new float[channels];
    float[] b = new float[channels];
    float[] m = new float[channels];
    float[] v = new float[channels];
    float[] s = new float[channels];
    float[] t = new float[channels];
    return new Step() {
      @Override
      public int threads() {
        return 0;
      }

      @Override
      public void run(stream unused) {
        read(gamma, g);
        read(beta, b);
        read(mean, m);
        read(variance, v);
        for (int c = 0; c < channels; c++) {
          double k = g[c] / Math.sqrt(v[c] + epsilon);
          s[c] = (float) k;
          t[c] = (float) (b[c] - m[c] * k);
        }
        scaleOut.put(s);
        shiftOut.put(t);
      }
    };
  }

  private static void read(INDArray array, float[] into) {
    new FloatPointer(array.data().addressPointer()).get(into);
  }

  @Override
  void compile(PlanCompiler c) {
    PlanTensor x = inputs.get(0);
    memory src = x.memory;
    boolean relu = activation == Activation.RELU;
    int flags = normalization_flags.use_global_stats.value
        | normalization_flags.use_scale_shift.value
        | (relu ? normalization_flags.fuse_norm_relu.value : 0);
    int threads = PlanCompiler.threadsForElements(x.elements());
    batch_normalization_forward.primitive_desc pd = c.build(threads,
        () -> new batch_normalization_forward.primitive_desc(
            new batch_normalization_forward.desc(prop_kind.forward_inference.value,
                src.get_desc(), (float) epsilon, flags), c.engine));
    long[] perChannel = {channels};
    memory meanMemory = c.parameter(mean, perChannel, memory.format_tag.a, pd.mean_desc());
    memory varMemory = c.parameter(variance, perChannel, memory.format_tag.a, pd.variance_desc());
    memory scaleShift = c.own(PlanCompiler.desc(new long[] {2, channels}, memory.format_tag.ab));
    c.steps.add(scaleShiftStep(scaleShift));
    memory dst = c.own(pd.dst_desc());
    batch_normalization_forward p = c.build(threads, () -> new batch_normalization_forward(pd));
    c.steps.add(Step.primitive(p, c.args(DNNL_ARG_SRC, src, DNNL_ARG_MEAN, meanMemory,
        DNNL_ARG_VARIANCE, varMemory, DNNL_ARG_SCALE_SHIFT, scaleShift, DNNL_ARG_DST, dst),
        threads));
    if (!relu) {
      EltwiseStep.add(c, dst, activation, x.elements());
    }
    c.produce(output, dst);
  }

  private Step scaleShiftStep(memory scaleShift) {
    FloatPointer out = new FloatPointer(scaleShift.get_data_handle());
    float[] values = new float[2 * channels];
    float[] part = new float[channels];
    return new Step() {
      @Override
      public int threads() {
        return 0;
      }

      @Override
      public void run(stream unused) {
        read(gamma, part);
        System.arraycopy(part, 0, values, 0, channels);
        read(beta, part);
        System.arraycopy(part, 0, values, channels, channels);
        out.put(values);
      }
    };
  }
}
