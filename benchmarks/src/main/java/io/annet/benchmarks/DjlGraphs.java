package io.annet.benchmarks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.util.Pair;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The example graphs {@code ResNetCifar} (conv-BN-ReLU, residual sums, a 1x1 stride-2 projection
 * shortcut) and {@code InceptionMnist} (four-branch modules concatenated on channels) as Deep Java
 * Library blocks run by PyTorch, layer for layer as Annet's processor generated them, with each
 * parameterised block registered under its Annet layer name so that Annet's weights, batch-norm
 * running statistics included, load by name.
 *
 * <p>DJL's {@code BatchNorm} (momentum 0.9, epsilon 1e-5) passes PyTorch the momentum {@code 1 -
 * 0.9}: the running statistics follow the same rule as Annet's {@code @BatchNorm} defaults.
 */
public final class DjlGraphs {
  /**
   * A graph block and its parameterised layers by Annet name.
   *
   * @param block the whole network, logits out
   * @param layers the convolution, batch-norm and dense blocks, keyed by Annet layer name
   */
  public record Graph(Block block, Map<String, Block> layers) {}

  /** DJL's parameter names and the Annet suffix each one takes its values from. */
  private static final Map<String, String> SUFFIXES =
      Map.of(
          "weight", "weight",
          "bias", "bias",
          "gamma", "gamma",
          "beta", "beta",
          "runningMean", "mean",
          "runningVar", "var");

  private final Map<String, Block> layers = new LinkedHashMap<>();

  private DjlGraphs() {}

  /** The DJL version of the graph network {@code net} (RESNET or INCEPTION). */
  public static Graph build(Workload.Net net) {
    DjlGraphs g = new DjlGraphs();
    Block block =
        switch (net) {
          case RESNET -> g.resNetCifar();
          case INCEPTION -> g.inceptionMnist();
          default -> throw new IllegalArgumentException(net + " is a chain: use DjlNets");
        };
    return new Graph(block, Map.copyOf(g.layers));
  }

  private Block resNetCifar() {
    SequentialBlock net = new SequentialBlock();
    net.add(conv("stem", 16, 3, 1, 1, false)).add(bn("stemBn")).add(Activation.reluBlock());
    Block residual =
        new SequentialBlock()
            .add(conv("conv1", 16, 3, 1, 1, false))
            .add(bn("bn1"))
            .add(Activation.reluBlock())
            .add(conv("conv2", 16, 3, 1, 1, false))
            .add(bn("bn2"));
    net.add(new ParallelBlock(SUM_RELU, List.of(residual, new LambdaBlock(x -> x, "identity"))));
    Block downsample =
        new SequentialBlock()
            .add(conv("block2.conv1", 32, 3, 2, 1, false))
            .add(bn("block2.bn1"))
            .add(Activation.reluBlock())
            .add(conv("block2.conv2", 32, 3, 1, 1, false))
            .add(bn("block2.bn2"));
    Block projection =
        new SequentialBlock().add(conv("block2.project", 32, 1, 2, 0, false))
            .add(bn("block2.projectBn"));
    net.add(new ParallelBlock(SUM_RELU, List.of(downsample, projection)));
    net.add(Pool.globalAvgPool2dBlock()).add(dense("logits", 10));
    return net;
  }

  private Block inceptionMnist() {
    SequentialBlock net = new SequentialBlock();
    net.add(conv("stem", 32, 3, 1, 1, true)).add(Activation.reluBlock());
    net.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
    net.add(module("inception3.0")).add(module("inception3.1"));
    net.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
    net.add(module("inception4.0")).add(module("inception4.1"));
    net.add(Pool.globalAvgPool2dBlock()).add(dense("logits", 10));
    return net;
  }

  /** GoogLeNetModule: 1x1 | 1x1 -> 3x3 | 1x1 -> 5x5 | 3x3 max-pool -> 1x1, concatenated. */
  private Block module(String name) {
    Block b1 = convRelu(name + ".b1", 16, 1, 0);
    Block b2 =
        new SequentialBlock()
            .add(convRelu(name + ".b2Reduce", 16, 1, 0))
            .add(convRelu(name + ".b2", 24, 3, 1));
    Block b3 =
        new SequentialBlock()
            .add(convRelu(name + ".b3Reduce", 4, 1, 0))
            .add(convRelu(name + ".b3", 8, 5, 2));
    Block b4 =
        new SequentialBlock()
            .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(1, 1), new Shape(1, 1)))
            .add(convRelu(name + ".b4", 16, 1, 0));
    return new ParallelBlock(CONCAT, List.of(b1, b2, b3, b4));
  }

  private static final Function<List<NDList>, NDList> SUM_RELU =
      in -> new NDList(Activation.relu(in.get(0).singletonOrThrow().add(in.get(1).head())));

  private static final Function<List<NDList>, NDList> CONCAT =
      in -> {
        NDList all = new NDList();
        in.forEach(all::addAll);
        return new NDList(NDArrays.concat(all, 1)); // NCHW: on channels
      };

  private Block convRelu(String name, int filters, int kernel, int padding) {
    return new SequentialBlock()
        .add(conv(name, filters, kernel, 1, padding, true))
        .add(Activation.reluBlock());
  }

  private Block conv(String name, int filters, int kernel, int stride, int padding, boolean bias) {
    return register(
        name,
        Conv2d.builder()
            .setKernelShape(new Shape(kernel, kernel))
            .optStride(new Shape(stride, stride))
            .optPadding(new Shape(padding, padding))
            .setFilters(filters)
            .optBias(bias)
            .build());
  }

  private Block bn(String name) {
    return register(name, BatchNorm.builder().optMomentum(0.9f).optEpsilon(1e-5f).build());
  }

  private Block dense(String name, int units) {
    return register(name, Linear.builder().setUnits(units).build());
  }

  private Block register(String name, Block block) {
    layers.put(name, block);
    return block;
  }

  /**
   * Initialises {@code graph} for inputs {@code [1, C, H, W]} of {@code in} unless it is, then
   * overwrites every parameter (batch-norm running statistics included) with the tensor of {@code
   * weights} named after its layer, and checks that every tensor of {@code weights} was used.
   */
  public static void load(Graph graph, int[] in, Weights weights, NDManager manager) {
    if (!graph.block().isInitialized()) {
      graph.block().initialize(manager, DataType.FLOAT32, new Shape(1, in[0], in[1], in[2]));
    }
    int copied = 0;
    for (Map.Entry<String, Block> layer : graph.layers().entrySet()) {
      for (Pair<String, Parameter> p : layer.getValue().getDirectParameters()) {
        String suffix = SUFFIXES.get(p.getKey());
        if (suffix == null) {
          throw new IllegalStateException(
              layer.getKey() + ": DJL parameter " + p.getKey() + " has no Annet counterpart");
        }
        copy(p.getValue(), weights.get(layer.getKey() + "." + suffix));
        copied++;
      }
    }
    if (copied != weights.tensors().size()) {
      throw new IllegalStateException(
          "copied " + copied + " of " + weights.tensors().size() + " Annet tensors into DJL: "
              + weights.tensors().keySet());
    }
  }

  private static void copy(Parameter target, Weights.Tensor source) {
    NDArray array = target.getArray();
    long[] shape = array.getShape().getShape();
    if (!Arrays.equals(shape, source.shape())) {
      throw new IllegalArgumentException(
          "Annet tensor of shape " + Arrays.toString(source.shape()) + " does not fit DJL "
              + "parameter " + target.getName() + " of shape " + Arrays.toString(shape));
    }
    array.set(FloatBuffer.wrap(source.data()));
  }
}
