package io.annet.runtime.perf;

import io.annet.dsl.Activation;
import io.annet.dsl.Window;
import io.annet.runtime.Initializer;
import io.annet.runtime.layers.AvgPoolLayer;
import io.annet.runtime.layers.ConvLayer;
import io.annet.runtime.layers.ConvPaths;
import io.annet.runtime.layers.DenseLayer;
import io.annet.runtime.layers.FlattenLayer;
import io.annet.runtime.layers.GlobalAvgPoolLayer;
import io.annet.runtime.layers.Kernel;
import io.annet.runtime.layers.MaxPoolLayer;
import io.annet.runtime.layers.MlpConvLayer;
import io.annet.runtime.layers.SoftmaxLayer;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The kernels of the examples' {@code MnistGapHead} and {@code MnistFcHead}, built exactly as
 * their generated networks build them (the runtime cannot depend on the examples module).
 */
final class MnistModels {
  private MnistModels() {}

  private static final Window CONV3 = new Window(3, 3, 1, 1, 1, 1, false);
  private static final Window POOL2 = new Window(2, 2, 2, 2, 0, 0, false);

  /** The shared body: conv 16, pool, conv 32, pool to {@code [32, 7, 7]}. */
  private static List<Kernel<?>> body(DataType dtype, Initializer init) {
    List<Kernel<?>> layers = new ArrayList<>();
    layers.add(new ConvLayer("conv1", new int[] {1, 28, 28}, 16, CONV3, Activation.RELU, true,
        dtype, init));
    layers.add(new MaxPoolLayer("pool1", new int[] {16, 28, 28}, POOL2, dtype));
    layers.add(new ConvLayer("conv2", new int[] {16, 14, 14}, 32, CONV3, Activation.RELU, true,
        dtype, init));
    layers.add(new MaxPoolLayer("pool2", new int[] {32, 14, 14}, POOL2, dtype));
    return layers;
  }

  /** MnistGapHead: the body, {@code @MlpConv {64, 64, 10}} 3x3 pad 1 leaky ReLU, GAP, softmax. */
  static List<Kernel<?>> gapHead(DataType dtype, long seed) {
    Initializer init = new Initializer(seed);
    List<Kernel<?>> layers = body(dtype, init);
    layers.add(new MlpConvLayer("maps", new int[] {32, 7, 7}, new int[] {64, 64, 10}, CONV3,
        Activation.LEAKY_RELU, dtype, init));
    layers.add(new GlobalAvgPoolLayer("gap", new int[] {10, 7, 7}, dtype));
    layers.add(new SoftmaxLayer("probs", new int[] {10}, dtype));
    return layers;
  }

  /**
   * MnistGapHead as it ran before the batched 1x1 path: the mlpconv block's three convolutions as
   * separate layers (same names, shapes and initial weights), its 1x1 ones on per-example GEMMs.
   */
  static List<Kernel<?>> gapHeadPerExample(DataType dtype, long seed) {
    Initializer init = new Initializer(seed);
    List<Kernel<?>> layers = body(dtype, init);
    Activation leaky = Activation.LEAKY_RELU;
    Window one = new Window(1, 1, 1, 1, 0, 0, false);
    layers.add(ConvPaths.withPath("NATIVE", "maps.0", new int[] {32, 7, 7}, 64, CONV3, leaky, true,
        dtype, init));
    layers.add(ConvPaths.withPath("GEMM_PER_EXAMPLE", "maps.1", new int[] {64, 7, 7}, 64, one,
        leaky, true, dtype, init));
    layers.add(ConvPaths.withPath("GEMM_PER_EXAMPLE", "maps.2", new int[] {64, 7, 7}, 10, one,
        leaky, true, dtype, init));
    layers.add(new GlobalAvgPoolLayer("gap", new int[] {10, 7, 7}, dtype));
    layers.add(new SoftmaxLayer("probs", new int[] {10}, dtype));
    return layers;
  }

  /** MnistFcHead: the body, flatten, dense 64 ReLU, dense 10, softmax. */
  static List<Kernel<?>> fcHead(DataType dtype, long seed) {
    Initializer init = new Initializer(seed);
    List<Kernel<?>> layers = body(dtype, init);
    layers.add(new FlattenLayer("flatten", new int[] {32, 7, 7}, dtype));
    layers.add(new DenseLayer("fc1", new int[] {1568}, 64, Activation.RELU, true, dtype, init));
    layers.add(new DenseLayer("fc2", new int[] {64}, 10, Activation.IDENTITY, true, dtype, init));
    layers.add(new SoftmaxLayer("probs", new int[] {10}, dtype));
    return layers;
  }

  /**
   * The benchmark's models: NIN-CIFAR (three mlpconv blocks, max and average pooling, GAP) and the
   * small MNIST GAP network (conv 32, pool, conv 64, pool, 1x1 conv 10, GAP), as
   * benchmarks/NinCifar and MnistGap declare them.
   */
  static List<Kernel<?>> benchmarkModel(boolean nin, DataType dtype, long seed) {
    Initializer init = new Initializer(seed);
    List<Kernel<?>> layers = new ArrayList<>();
    if (nin) {
      layers.add(new MlpConvLayer("block1", new int[] {3, 32, 32}, new int[] {192, 160, 96},
          new Window(5, 5, 1, 1, 2, 2, false), Activation.RELU, dtype, init));
      layers.add(new MaxPoolLayer("pool1", new int[] {96, 32, 32},
          new Window(3, 3, 2, 2, 0, 0, false), dtype));
      layers.add(new MlpConvLayer("block2", new int[] {96, 15, 15}, new int[] {192, 192, 192},
          new Window(5, 5, 1, 1, 2, 2, false), Activation.RELU, dtype, init));
      layers.add(new AvgPoolLayer("pool2", new int[] {192, 15, 15},
          new Window(3, 3, 2, 2, 0, 0, false), dtype));
      layers.add(new MlpConvLayer("block3", new int[] {192, 7, 7}, new int[] {192, 192, 10},
          CONV3, Activation.RELU, dtype, init));
      layers.add(new GlobalAvgPoolLayer("gap", new int[] {10, 7, 7}, dtype));
    } else {
      layers.add(new ConvLayer("conv1", new int[] {1, 28, 28}, 32, CONV3, Activation.RELU, true,
          dtype, init));
      layers.add(new MaxPoolLayer("pool1", new int[] {32, 28, 28}, POOL2, dtype));
      layers.add(new ConvLayer("conv2", new int[] {32, 14, 14}, 64, CONV3, Activation.RELU, true,
          dtype, init));
      layers.add(new MaxPoolLayer("pool2", new int[] {64, 14, 14}, POOL2, dtype));
      layers.add(new ConvLayer("conv3", new int[] {64, 7, 7}, 10, new Window(1, 1, 1, 1, 0, 0,
          false), Activation.RELU, true, dtype, init));
      layers.add(new GlobalAvgPoolLayer("gap", new int[] {10, 7, 7}, dtype));
    }
    layers.add(new SoftmaxLayer("probs", new int[] {10}, dtype));
    return layers;
  }
}
