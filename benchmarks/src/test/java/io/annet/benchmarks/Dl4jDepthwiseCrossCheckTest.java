package io.annet.benchmarks;

import io.annet.dsl.Window;
import io.annet.runtime.Initializer;
import io.annet.runtime.layers.DepthwiseConvLayer;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Annet's {@link DepthwiseConvLayer} against DL4J's {@code DepthwiseConvolution2D} layer with the
 * same weights: the output, the input gradient and the weight and bias gradients for one upstream
 * gradient agree (element-wise to 1e-6 in double, relative to the largest magnitude to 1e-4 in
 * float32). DL4J keeps the weight as {@code [kh, kw, C, multiplier]}, Annet as {@code [C *
 * multiplier, 1, kh, kw]}: the test permutes between them.
 */
class Dl4jDepthwiseCrossCheckTest {

  @ParameterizedTest(name = "{0}: C={1} x{2} {3}x{3} stride {4} padding {5} same {6}")
  @CsvSource({
    "DOUBLE, 3, 2, 3, 2, 1, false",
    "DOUBLE, 4, 1, 3, 1, 0, true",
    "DOUBLE, 2, 3, 2, 1, 1, false",
    "FLOAT,  3, 2, 3, 2, 1, false",
    "FLOAT,  4, 1, 3, 1, 0, true",
  })
  void depthwiseMatchesDl4j(
      String type, int c, int m, int k, int s, int p, boolean same) {
    DataType dtype = DataType.valueOf(type);
    int h = 7;
    int w = 6;
    int n = 3;
    Window window = new Window(k, k, s, s, p, p, same);
    DepthwiseConvLayer annet = new DepthwiseConvLayer("dw", new int[] {c, h, w}, m, window,
        io.annet.dsl.Activation.TANH, true, dtype, new Initializer(5));
    annet.bias().assign(random(8, c * m).muli(0.1).castTo(dtype));

    MultiLayerNetwork dl4j = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
        .seed(1)
        .dataType(dtype)
        .convolutionMode(same ? ConvolutionMode.Same : ConvolutionMode.Truncate)
        .list()
        .layer(0, new DepthwiseConvolution2D.Builder(k, k)
            .stride(s, s)
            .padding(same ? 0 : p, same ? 0 : p)
            .depthMultiplier(m)
            .nIn(c)
            .nOut(c * m)
            .activation(Activation.TANH)
            .hasBias(true)
            .build())
        .layer(1, new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE)
            .activation(Activation.IDENTITY).build())
        .setInputType(InputType.convolutional(h, w, c))
        .build());
    dl4j.init();
    dl4j.initGradientsView(); // what backpropGradient writes into (normally made by fit)
    // Annet [C m, 1, kh, kw] -> DL4J [kh, kw, C, m]
    INDArray dl4jWeight = annet.weight().reshape('c', c, m, k, k).permute(2, 3, 0, 1).dup('c');
    dl4j.setParam("0_W", dl4jWeight);
    dl4j.setParam("0_b", annet.bias().reshape(1, c * m).dup('c'));

    INDArray x = random(11, n, c, h, w).castTo(dtype);
    DepthwiseConvLayer.Saved saved = annet.forward(x, true);
    org.deeplearning4j.nn.api.Layer layer = dl4j.getLayer(0);
    LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
    layer.setInput(x, mgr);
    INDArray expectedOut = layer.activate(true, mgr);
    Dl4jCrossCheckTest.assertClose("output", expectedOut, saved.output(), tolerance(dtype),
        dtype == DataType.DOUBLE);

    INDArray g = random(12, saved.output().shape()).castTo(dtype);
    INDArray dx = annet.backward(saved, g);
    Pair<Gradient, INDArray> back = layer.backpropGradient(g, mgr);
    boolean elementWise = dtype == DataType.DOUBLE;
    Dl4jCrossCheckTest.assertClose("input gradient", back.getSecond(), dx, tolerance(dtype),
        elementWise);
    INDArray dW = back.getFirst().getGradientFor("W");
    Dl4jCrossCheckTest.assertClose("weight gradient", dW,
        annet.parameters().get(0).gradient().reshape('c', c, m, k, k).permute(2, 3, 0, 1),
        tolerance(dtype), elementWise);
    Dl4jCrossCheckTest.assertClose("bias gradient", back.getFirst().getGradientFor("b")
        .reshape(c * m), annet.parameters().get(1).gradient(), tolerance(dtype), elementWise);
  }

  private static double tolerance(DataType dtype) {
    return dtype == DataType.DOUBLE ? 1e-6 : 1e-4;
  }

  private static INDArray random(long seed, long... shape) {
    SplittableRandom r = new SplittableRandom(seed);
    long count = 1;
    for (long d : shape) {
      count *= d;
    }
    double[] v = new double[(int) count];
    for (int i = 0; i < v.length; i++) {
      v[i] = 2 * r.nextDouble() - 1;
    }
    return Nd4j.create(v, shape, 'c');
  }
}
