package io.annet.benchmarks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.util.Pair;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds an {@link Arch} as a Deep Java Library block (run by PyTorch) that outputs logits, and
 * loads Annet-named weights into it (PyTorch convolution weights are {@code [out, in, kh, kw]} too,
 * so values copy unchanged).
 */
public final class DjlNets {
  private DjlNets() {}

  /** The block for {@code arch}: convolutions with ReLU, pooling, global average pooling. */
  public static SequentialBlock build(Arch arch) {
    SequentialBlock block = new SequentialBlock();
    for (Arch.Op op : arch.ops()) {
      if (op instanceof Arch.Conv c) {
        block.add(
            Conv2d.builder()
                .setKernelShape(new Shape(c.kernel(), c.kernel()))
                .optPadding(new Shape(c.padding(), c.padding()))
                .optStride(new Shape(1, 1))
                .setFilters(c.out())
                .build());
        block.add(Activation.reluBlock());
      } else if (op instanceof Arch.Pool p && p.global()) {
        block.add(Pool.globalAvgPool2dBlock());
      } else if (op instanceof Arch.Pool p) {
        Shape k = new Shape(p.kernel(), p.kernel());
        Shape s = new Shape(p.stride(), p.stride());
        block.add(p.max() ? Pool.maxPool2dBlock(k, s) : Pool.avgPool2dBlock(k, s));
      }
    }
    return block;
  }

  /**
   * Initialises {@code block} for inputs of {@code arch} and overwrites its parameters with {@code
   * weights}.
   */
  public static void load(Block block, Arch arch, Weights weights, NDManager manager) {
    int[] in = arch.input();
    if (!block.isInitialized()) {
      block.initialize(
          manager, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, in[0], in[1], in[2]));
    }
    List<Parameter> params = new ArrayList<>();
    for (Pair<String, Parameter> p : block.getParameters()) {
      params.add(p.getValue());
    }
    List<Arch.Conv> convs = arch.convs();
    if (params.size() != 2 * convs.size()) {
      throw new IllegalStateException(
          arch.name()
              + ": expected "
              + 2 * convs.size()
              + " DJL parameters (weight and bias per"
              + " convolution), found "
              + params.size());
    }
    for (int i = 0; i < convs.size(); i++) {
      String prefix = convs.get(i).parameter();
      copy(params.get(2 * i), weights.get(prefix + ".weight"), prefix + ".weight");
      copy(params.get(2 * i + 1), weights.get(prefix + ".bias"), prefix + ".bias");
    }
  }

  private static void copy(Parameter target, Weights.Tensor source, String name) {
    NDArray array = target.getArray();
    long[] shape = array.getShape().getShape();
    if (!Arrays.equals(shape, source.shape())) {
      throw new IllegalArgumentException(
          name
              + " has shape "
              + Arrays.toString(source.shape())
              + " but DJL parameter "
              + target.getName()
              + " has shape "
              + Arrays.toString(shape));
    }
    array.set(FloatBuffer.wrap(source.data()));
  }
}
