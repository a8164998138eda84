package io.annet.runtime.infer;

import io.annet.dsl.Layer;
import io.annet.runtime.NativeThreads;
import io.annet.runtime.layers.Kernel;
import io.annet.runtime.layers.MergeKernel;
import java.util.List;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.stream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A layer without an inference hook, run by its own inference forward on plain arrays: its inputs
 * are reordered into arrays made once per plan, and its output array is read where it lies (its
 * memory re-pointed per call), or copied when it is not dense.
 */
final class FallbackOp extends PlanOp {
  private final Layer layer;
  private final List<int[]> shapes;

  FallbackOp(Layer layer, List<PlanTensor> xs, List<int[]> shapes) {
    super(xs);
    if (!(layer instanceof Kernel<?>) && !(layer instanceof MergeKernel<?>)) {
      throw new PlanException(layer.name() + " (@" + layer.kind() + ") is not a kernel");
    }
    this.layer = layer;
    this.shapes = List.copyOf(shapes);
  }

  @Override
  void compile(PlanCompiler c) {
    c.runsLayers = true;
    INDArray[] arrays = new INDArray[inputs.size()];
    for (int i = 0; i < arrays.length; i++) {
      PlanTensor x = inputs.get(i);
      arrays[i] = Nd4j.createUninitialized(DataType.FLOAT, batched(x.dims[0], shapes.get(i)), 'c');
      memory m = c.user(PlanCompiler.desc(x.dims, PlanCompiler.plainTag(x.dims.length)));
      m.set_data_handle(arrays[i].data().addressPointer());
      c.reorder(x.memory, m, x.elements());
    }
    memory out = c.user(PlanCompiler.desc(output.dims, PlanCompiler.plainTag(output.dims.length)));
    INDArray copy = Nd4j.createUninitialized(DataType.FLOAT,
        batched(output.dims[0], layer.outputShape()), 'c');
    c.steps.add(new Step() {
      @Override
      public int threads() {
        return NativeThreads.max();
      }

      @Override
      public void run(stream s) {
        INDArray y = layer instanceof Kernel<?> k ? k.forward(arrays[0], false).output()
            : ((MergeKernel<?>) layer).forward(false, arrays).output();
        if (y.offset() != 0 || y.ordering() != 'c' || !Shape.hasDefaultStridesForShape(y)
            || y.dataType() != DataType.FLOAT) {
          copy.assign(y);
          y = copy;
        }
        out.set_data_handle(y.data().addressPointer());
      }
    });
    output.rebound = true;
    c.produce(output, out);
  }

  static long[] batched(long n, int[] shape) {
    long[] dims = new long[shape.length + 1];
    dims[0] = n;
    for (int i = 0; i < shape.length; i++) {
      dims[i + 1] = shape[i];
    }
    return dims;
  }
}
