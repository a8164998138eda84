package io.annet.runtime.train;

import io.annet.dsl.Activation;
import io.annet.dsl.Window;
import io.annet.runtime.Architecture;
import io.annet.runtime.Initializer;
import io.annet.runtime.Network;
import io.annet.runtime.layers.BatchNormLayer;
import io.annet.runtime.layers.ConvLayer;
import io.annet.runtime.layers.DenseLayer;
import io.annet.runtime.layers.FlattenLayer;
import io.annet.runtime.layers.MaxPoolLayer;
import io.annet.runtime.layers.SoftmaxLayer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A hand-written MNIST network shaped like generated code: conv, pool, batch norm, dense. */
final class SmallConvNetwork extends Network {
  static final Architecture ARCHITECTURE = new Architecture(
      "SmallConv", new int[] {1, 28, 28}, 10,
      "SmallConv input=[1, 28, 28] classes=10\n"
          + "conv1 @Conv(filters=8, kernel=3, padding=1, activation=RELU) -> [8, 28, 28]\n"
          + "pool1 @MaxPool(kernel=2, stride=2) -> [8, 14, 14]\n"
          + "bn @BatchNorm -> [8, 14, 14]\n"
          + "flat @Flatten -> [1568]\n"
          + "fc @Dense(units=10) -> [10]\n"
          + "probs @Softmax -> [10]",
      "(summary)", 8 * 9 + 8 + 16 + 1568 * 10 + 10, 0);

  private final ConvLayer conv1;
  private final MaxPoolLayer pool1;
  private final BatchNormLayer bn;
  private final FlattenLayer flat;
  private final DenseLayer fc;
  private final SoftmaxLayer probs;

  SmallConvNetwork(long seed) {
    super(ARCHITECTURE, DataType.FLOAT);
    DataType dtype = DataType.FLOAT;
    Initializer init = new Initializer(seed);
    conv1 = new ConvLayer("conv1", new int[] {1, 28, 28}, 8, Window.square(3, 1, 1),
        Activation.RELU, true, dtype, init);
    pool1 = new MaxPoolLayer("pool1", new int[] {8, 28, 28}, Window.square(2, 2, 0), dtype);
    bn = new BatchNormLayer("bn", new int[] {8, 14, 14}, 0.9, 1e-5, dtype);
    flat = new FlattenLayer("flat", new int[] {8, 14, 14}, dtype);
    fc = new DenseLayer("fc", new int[] {1568}, 10, Activation.IDENTITY, true, dtype, init);
    probs = new SoftmaxLayer("probs", new int[] {10}, dtype);
    register(conv1, pool1, bn, flat, fc, probs);
  }

  @Override
  protected INDArray forward(INDArray x) {
    INDArray a = conv1.forward(x, false).output();
    a = pool1.forward(a, false).output();
    a = bn.forward(a, false).output();
    a = flat.forward(a, false).output();
    a = fc.forward(a, false).output();
    return probs.forward(a, false).output();
  }

  @Override
  protected double trainStep(INDArray x, INDArray labels) {
    ConvLayer.Saved conv1Out = conv1.forward(x, true);
    MaxPoolLayer.Saved pool1Out = pool1.forward(conv1Out.output(), true);
    BatchNormLayer.Saved bnOut = bn.forward(pool1Out.output(), true);
    FlattenLayer.Saved flatOut = flat.forward(bnOut.output(), true);
    DenseLayer.Saved fcOut = fc.forward(flatOut.output(), true);
    SoftmaxLayer.Saved probsOut = probs.forward(fcOut.output(), true);
    double loss = probs.loss(probsOut, labels);
    INDArray grad = probs.backwardFromLabels(probsOut, labels);
    grad = fc.backward(fcOut, grad);
    grad = flat.backward(flatOut, grad);
    grad = bn.backward(bnOut, grad);
    grad = pool1.backward(pool1Out, grad);
    conv1.backward(conv1Out, grad);
    return loss;
  }

  @Override
  public SmallConvNetwork copy() {
    SmallConvNetwork c = new SmallConvNetwork(0L);
    c.copyParametersFrom(this);
    return c;
  }
}
