package io.annet.runtime.layers;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_0;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_1;

import java.util.Arrays;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.binary;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code y = max(0, a + b)} on float32 c-order arrays in one pass: oneDNN's binary addition with
 * the ReLU as its post-op, in place of a sum and then an activation each reading and writing the
 * whole tensor (a residual block's merge). Element-wise, so any layout of the three arrays will do
 * as long as it is the same. Rebuilt only when the shape changes.
 */
final class OneDnnSumRelu {
  private final stream stream = new stream(OneDnn.engine());
  private long[] shape;
  private memory a;
  private memory b;
  private memory y;
  private binary sum;
  private IntMemoryMap args;

  /** Whether the arrays can go through it: float32, dense c-order, oneDNN loaded. */
  static boolean fits(INDArray... arrays) {
    return OneDnn.available() && OneDnnEltwise.fits(arrays);
  }

  /** Writes {@code max(0, x0 + x1)} into {@code out} (of their shape) and returns it. */
  INDArray forward(INDArray x0, INDArray x1, INDArray out) {
    int previous = OneDnn.limitThreads(OneDnn.threadsFor(out.length(), OneDnn.SMALL_ELEMENTS));
    try {
      prepare(out.shape(), out.length());
      a.set_data_handle(x0.data().addressPointer());
      b.set_data_handle(x1.data().addressPointer());
      y.set_data_handle(out.data().addressPointer());
      sum.execute(stream, args);
    } finally {
      OneDnn.restoreThreads(previous);
    }
    return out;
  }

  private void prepare(long[] dims, long elements) {
    if (Arrays.equals(dims, shape)) {
      return;
    }
    OneDnn.build("sum and ReLU", OneDnn.threadsFor(elements, OneDnn.SMALL_ELEMENTS), () -> {
      memory.desc desc = new memory.desc(dims, memory.data_type.f32, Nd4j.getStrides(dims, 'c'));
      post_ops ops = new post_ops();
      ops.append_eltwise(1f, algorithm.eltwise_relu, 0f, 0f);
      primitive_attr attr = new primitive_attr();
      attr.set_post_ops(ops);
      sum = new binary(new binary.primitive_desc(
          new binary.desc(algorithm.binary_add, desc, desc, desc), attr, OneDnn.engine()));
      a = new memory(desc, OneDnn.engine(), (Pointer) null);
      b = new memory(desc, OneDnn.engine(), (Pointer) null);
      y = new memory(desc, OneDnn.engine(), (Pointer) null);
      args = OneDnn.args(DNNL_ARG_SRC_0, a, DNNL_ARG_SRC_1, b, DNNL_ARG_DST, y);
      return this;
    });
    shape = dims.clone();
  }
}
