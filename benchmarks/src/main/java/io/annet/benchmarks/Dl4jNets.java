package io.annet.benchmarks;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Builds an {@link Arch} as a DL4J {@code MultiLayerNetwork} (one DL4J layer per op, then a softmax
 * cross-entropy loss layer) and moves Annet-named parameters in and out of it.
 *
 * <p>Layer {@code i} of the DL4J network is op {@code i} of the architecture, so convolution {@code
 * block1.0} at op index 0 has DL4J parameters {@code 0_W} ({@code [out, in, kh, kw]}, as in Annet)
 * and {@code 0_b}.
 */
public final class Dl4jNets {
  private Dl4jNets() {}

  /**
   * A fresh, initialised network for {@code arch}, trained by plain SGD at {@code learningRate}.
   */
  public static MultiLayerNetwork build(Arch arch, DataType dtype, double learningRate) {
    NeuralNetConfiguration.ListBuilder list =
        new NeuralNetConfiguration.Builder()
            .seed(42)
            .dataType(dtype)
            .updater(new Sgd(learningRate))
            .weightInit(WeightInit.RELU)
            .convolutionMode(ConvolutionMode.Truncate)
            .list();
    int index = 0;
    for (Arch.Op op : arch.ops()) {
      if (op instanceof Arch.Conv c) {
        list.layer(
            index,
            new ConvolutionLayer.Builder(c.kernel(), c.kernel())
                .nIn(c.in())
                .nOut(c.out())
                .stride(1, 1)
                .padding(c.padding(), c.padding())
                .activation(Activation.RELU)
                .build());
      } else if (op instanceof Arch.Pool p && p.global()) {
        list.layer(index, new GlobalPoolingLayer.Builder(PoolingType.AVG).build());
      } else if (op instanceof Arch.Pool p) {
        list.layer(
            index,
            new SubsamplingLayer.Builder(p.max() ? PoolingType.MAX : PoolingType.AVG)
                .kernelSize(p.kernel(), p.kernel())
                .stride(p.stride(), p.stride())
                .build());
      }
      index++;
    }
    list.layer(
        index,
        new LossLayer.Builder(LossFunctions.LossFunction.MCXENT)
            .activation(Activation.SOFTMAX)
            .build());
    int[] in = arch.input();
    list.setInputType(InputType.convolutional(in[1], in[2], in[0]));
    MultiLayerNetwork net = new MultiLayerNetwork(list.build());
    net.init();
    return net;
  }

  /** DL4J's key of a parameter: {@code <layer index>_W} or {@code <layer index>_b}. */
  static String dl4jKey(Arch arch, Arch.Conv conv, boolean weight) {
    int index = arch.ops().indexOf(conv);
    return index + (weight ? "_W" : "_b");
  }

  /**
   * Copies Annet-named parameters ({@code <prefix>.weight}, {@code <prefix>.bias}) into {@code
   * net}, casting to its data type; throws naming the expected and found shapes on a mismatch.
   */
  public static void setParameters(MultiLayerNetwork net, Arch arch, Map<String, INDArray> annet) {
    for (Arch.Conv c : arch.convs()) {
      copyInto(net, dl4jKey(arch, c, true), annet, c.parameter() + ".weight");
      copyInto(net, dl4jKey(arch, c, false), annet, c.parameter() + ".bias");
    }
  }

  /** Converts plain-Java {@link Weights} to ND4J arrays of {@code dtype}, same names. */
  public static Map<String, INDArray> toArrays(Weights weights, DataType dtype) {
    Map<String, INDArray> out = new LinkedHashMap<>();
    for (Map.Entry<String, Weights.Tensor> e : weights.tensors().entrySet()) {
      out.put(
          e.getKey(), Nd4j.create(e.getValue().data(), e.getValue().shape(), 'c').castTo(dtype));
    }
    return out;
  }

  /**
   * The gradients DL4J computed last (after {@code computeGradientAndScore}), under Annet's names
   * and shapes, as gradients of the mean loss over the batch: DL4J's score is the mean
   * cross-entropy, but the gradient it returns is that of the sum (its updater divides by the batch
   * size later), so this divides by {@code batch}.
   */
  public static Map<String, INDArray> meanGradients(MultiLayerNetwork net, Arch arch, int batch) {
    Map<String, INDArray> byKey = net.gradient().gradientForVariable();
    Map<String, INDArray> out = new LinkedHashMap<>();
    for (Arch.Conv c : arch.convs()) {
      INDArray w = byKey.get(dl4jKey(arch, c, true));
      INDArray b = byKey.get(dl4jKey(arch, c, false));
      out.put(
          c.parameter() + ".weight", w.reshape(c.out(), c.in(), c.kernel(), c.kernel()).div(batch));
      out.put(c.parameter() + ".bias", b.reshape(c.out()).div(batch));
    }
    return out;
  }

  private static void copyInto(
      MultiLayerNetwork net, String key, Map<String, INDArray> annet, String name) {
    INDArray source = annet.get(name);
    if (source == null) {
      throw new IllegalArgumentException(
          "no parameter '" + name + "' for DL4J's " + key + "; found " + annet.keySet());
    }
    INDArray target = net.getParam(key);
    if (target.length() != source.length()) {
      throw new IllegalArgumentException(
          name
              + " has shape "
              + Arrays.toString(source.shape())
              + " but DL4J's "
              + key
              + " has shape "
              + Arrays.toString(target.shape()));
    }
    net.setParam(key, source.castTo(target.dataType()).reshape(target.shape()).dup('c'));
  }
}
