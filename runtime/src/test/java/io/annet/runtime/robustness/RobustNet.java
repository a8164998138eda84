package io.annet.runtime.robustness;

import io.annet.dsl.Activation;
import io.annet.dsl.Window;
import io.annet.runtime.Architecture;
import io.annet.runtime.Initializer;
import io.annet.runtime.Network;
import io.annet.runtime.layers.BatchNormLayer;
import io.annet.runtime.layers.ConvLayer;
import io.annet.runtime.layers.DenseLayer;
import io.annet.runtime.layers.FlattenLayer;
import io.annet.runtime.layers.SoftmaxLayer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A small network written as the processor would generate it (conv, batch norm with running
 * statistics, flatten, dense, softmax on {@code [1, 4, 4]} inputs and 3 classes), for the
 * robustness tests: every kind of state a network holds can be corrupted by a bad call.
 */
public final class RobustNet extends Network {
  static final Architecture ARCHITECTURE = new Architecture("Robust", new int[] {1, 4, 4}, 3,
      "Robust input=[1, 4, 4] classes=3\nconv @Conv -> [2, 4, 4]\nbn @BatchNorm -> [2, 4, 4]\n"
          + "flat @Flatten -> [32]\ndense @Dense -> [3]\nprobs @Softmax -> [3]\n",
      "(summary)", 2 * 9 + 2 + 4 + 32 * 3 + 3, 0);

  private final ConvLayer conv;
  private final BatchNormLayer bn;
  private final FlattenLayer flat;
  private final DenseLayer dense;
  private final SoftmaxLayer probs;

  /** A network computing in {@code dtype}, initialised from {@code seed}. */
  public RobustNet(DataType dtype, long seed) {
    super(ARCHITECTURE, dtype);
    Initializer init = new Initializer(seed);
    conv = new ConvLayer("conv", new int[] {1, 4, 4}, 2, Window.square(3, 1, 1), Activation.TANH,
        true, dtype, init);
    bn = new BatchNormLayer("bn", new int[] {2, 4, 4}, 0.9, 1e-5, dtype);
    flat = new FlattenLayer("flat", new int[] {2, 4, 4}, dtype);
    dense = new DenseLayer("dense", new int[] {32}, 3, Activation.IDENTITY, true, dtype, init);
    probs = new SoftmaxLayer("probs", new int[] {3}, dtype);
    register(conv, bn, flat, dense, probs);
  }

  /** Loads a checkpoint into a new FLOAT network. */
  public static RobustNet load(Path path) throws IOException {
    RobustNet net = new RobustNet(DataType.FLOAT, 0L);
    net.restore(path);
    return net;
  }

  /** A deep copy of every tensor, running statistics included. */
  public Map<String, INDArray> snapshot() {
    Map<String, INDArray> copy = new LinkedHashMap<>();
    parameters().forEach((name, value) -> copy.put(name, value.dup()));
    return copy;
  }

  @Override
  protected INDArray forward(INDArray x) {
    INDArray a = conv.forward(x, false).output();
    a = bn.forward(a, false).output();
    a = flat.forward(a, false).output();
    a = dense.forward(a, false).output();
    return probs.forward(a, false).output();
  }

  @Override
  protected double trainStep(INDArray x, INDArray labels) {
    ConvLayer.Saved convOut = conv.forward(x, true);
    BatchNormLayer.Saved bnOut = bn.forward(convOut.output(), true);
    FlattenLayer.Saved flatOut = flat.forward(bnOut.output(), true);
    DenseLayer.Saved denseOut = dense.forward(flatOut.output(), true);
    SoftmaxLayer.Saved probsOut = probs.forward(denseOut.output(), true);
    double loss = probs.loss(probsOut, labels);
    INDArray grad = probs.backwardFromLabels(probsOut, labels);
    grad = dense.backward(denseOut, grad);
    grad = flat.backward(flatOut, grad);
    grad = bn.backward(bnOut, grad);
    conv.backward(convOut, grad);
    return loss;
  }

  @Override
  public RobustNet copy() {
    RobustNet c = new RobustNet(dataType(), 0L);
    c.copyParametersFrom(this);
    return c;
  }
}
