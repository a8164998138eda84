package io.annet.runtime.perf;

import io.annet.runtime.Parameter;
import io.annet.runtime.layers.Forward;
import io.annet.runtime.layers.Kernel;
import io.annet.runtime.layers.MlpConvLayer;
import io.annet.runtime.layers.SoftmaxLayer;
import io.annet.runtime.optim.Optimizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A chain of kernels ending in a {@link SoftmaxLayer}, trained the way a generated network's
 * {@code trainStep} trains it, with the time of every layer's forward and backward recorded.
 * An {@link MlpConvLayer} is run as its stages (what its own forward and backward do), so each
 * convolution of the block is timed on its own.
 */
final class KernelChain {
  private final List<Kernel<Forward>> layers = new ArrayList<>();
  private final SoftmaxLayer head;
  private final Map<String, INDArray> parameters = new LinkedHashMap<>();
  private final Map<String, INDArray> gradients = new LinkedHashMap<>();
  private final Forward[] saved;

  @SuppressWarnings("unchecked")
  KernelChain(List<Kernel<?>> kernels) {
    for (Kernel<?> k : kernels) {
      if (k instanceof MlpConvLayer block) {
        block.stages().forEach(stage -> layers.add((Kernel<Forward>) (Kernel<?>) stage));
      } else {
        layers.add((Kernel<Forward>) k);
      }
      for (Parameter p : k.parameters()) {
        parameters.put(p.name(), p.value());
        if (p.trainable()) {
          gradients.put(p.name(), p.gradient());
        }
      }
    }
    Object last = layers.get(layers.size() - 1);
    if (!(last instanceof SoftmaxLayer softmax)) {
      throw new IllegalArgumentException("the chain must end in a SoftmaxLayer");
    }
    this.head = softmax;
    this.saved = new Forward[layers.size()];
  }

  /** The layer names, in forward order (an mlpconv block's stages as {@code maps.0} ...). */
  List<String> names() {
    List<String> names = new ArrayList<>();
    layers.forEach(l -> names.add(l.name()));
    return names;
  }

  Map<String, INDArray> parameters() {
    return Collections.unmodifiableMap(parameters);
  }

  Map<String, INDArray> gradients() {
    return Collections.unmodifiableMap(gradients);
  }

  /**
   * Forward, loss and backward; adds each layer's forward and backward nanoseconds to {@code
   * forwardNanos[i]} and {@code backwardNanos[i]} (either may be null). Returns the loss.
   */
  double trainStep(INDArray x, INDArray labels, long[] forwardNanos, long[] backwardNanos) {
    return trainStep(x, labels, forwardNanos, backwardNanos, System::nanoTime);
  }

  /**
   * The same with another meter than the clock, e.g. a count of native buffers created: adds each
   * layer's forward and backward meter difference.
   */
  double trainStep(INDArray x, INDArray labels, long[] forwardNanos, long[] backwardNanos,
      LongSupplier meter) {
    INDArray a = x;
    for (int i = 0; i < layers.size(); i++) {
      long t0 = meter.getAsLong();
      saved[i] = layers.get(i).forward(a, true);
      a = saved[i].output();
      if (forwardNanos != null) {
        forwardNanos[i] += meter.getAsLong() - t0;
      }
    }
    int last = layers.size() - 1;
    long t0 = meter.getAsLong();
    SoftmaxLayer.Saved probs = (SoftmaxLayer.Saved) saved[last];
    double loss = head.loss(probs, labels);
    INDArray grad = head.backwardFromLabels(probs, labels);
    if (backwardNanos != null) {
      backwardNanos[last] += meter.getAsLong() - t0;
    }
    for (int i = last - 1; i >= 0; i--) {
      t0 = meter.getAsLong();
      if (i == 0) { // as generated code: the first layer's input gradient is not computed
        layers.get(i).backwardParameters(saved[i], grad);
      } else {
        grad = layers.get(i).backward(saved[i], grad);
      }
      if (backwardNanos != null) {
        backwardNanos[i] += meter.getAsLong() - t0;
      }
    }
    return loss;
  }

  /** One optimizer update of every trainable parameter. */
  void update(Optimizer optimizer) {
    optimizer.step(parameters, gradients);
  }
}
