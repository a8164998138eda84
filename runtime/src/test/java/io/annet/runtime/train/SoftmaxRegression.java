package io.annet.runtime.train;

import io.annet.runtime.Architecture;
import io.annet.runtime.Trainable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** A hand-written Trainable for the trainer's tests: softmax regression on flattened input. */
final class SoftmaxRegression implements Trainable {
  private final Architecture architecture;
  private final int features;
  final INDArray weight;
  final INDArray bias;
  private final INDArray weightGrad;
  private final INDArray biasGrad;

  SoftmaxRegression(int[] inputShape, int classes, DataType dtype, long seed) {
    features = inputShape[0] * inputShape[1] * inputShape[2];
    String spec = "SoftmaxRegression input=" + java.util.Arrays.toString(inputShape) + " classes="
        + classes + "\nfc @Dense(units=" + classes + ") -> [" + classes + "]";
    architecture = new Architecture("SoftmaxRegression", inputShape, classes, spec, spec,
        (long) classes * (features + 1), (long) classes * features);
    Nd4j.getRandom().setSeed(seed);
    weight = Nd4j.randn(dtype, classes, features).muli(0.01);
    bias = Nd4j.zeros(dtype, classes);
    weightGrad = Nd4j.zeros(dtype, classes, features);
    biasGrad = Nd4j.zeros(dtype, classes);
  }

  @Override
  public Architecture architecture() {
    return architecture;
  }

  private INDArray probabilities(INDArray x) {
    INDArray flat = x.reshape(x.size(0), features);
    INDArray logits = flat.mmul(weight.transpose()).addiRowVector(bias);
    logits.subiColumnVector(logits.max(1));
    Transforms.exp(logits, false);
    return logits.diviColumnVector(logits.sum(1));
  }

  @Override
  public INDArray predict(INDArray x) {
    return probabilities(x);
  }

  @Override
  public double computeGradients(INDArray x, INDArray labels) {
    long n = x.size(0);
    INDArray p = probabilities(x);
    double loss = -Transforms.log(p.mul(labels).sum(1), false).meanNumber().doubleValue();
    INDArray delta = p.subi(labels).divi(n);
    weightGrad.assign(delta.transpose().mmul(x.reshape(n, features)));
    biasGrad.assign(delta.sum(0));
    return loss;
  }

  @Override
  public Map<String, INDArray> parameters() {
    Map<String, INDArray> m = new LinkedHashMap<>();
    m.put("fc.weight", weight);
    m.put("fc.bias", bias);
    return m;
  }

  @Override
  public Map<String, INDArray> gradients() {
    Map<String, INDArray> m = new LinkedHashMap<>();
    m.put("fc.weight", weightGrad);
    m.put("fc.bias", biasGrad);
    return m;
  }
}
