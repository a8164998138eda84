package io.annet.examples.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.dsl.Layer;
import io.annet.runtime.Network;
import io.annet.runtime.layers.Forward;
import io.annet.runtime.layers.Kernel;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs an accepted, generated network on a random batch of 2 and checks it against its own
 * promises (handles, {@code PARAMETERS}) and the {@link ShapeOracle}: every layer's forward output
 * is {@code [2, ...outputShape()]}, every backward gradient has its input's shape, predict and
 * computeGradients give finite probabilities and a finite loss, gradients match parameters.
 */
final class GeneratedNetworkCheck {
  /** Networks larger than this (per example) are compiled and loaded but not run. */
  static final long MAX_WORK = 2_000_000;

  private static final Pattern OUTPUT = Pattern.compile("-> \\[([0-9, ]+)\\]");

  private GeneratedNetworkCheck() {}

  /** Whether the network is small enough to run quickly, judging by its compile-time figures. */
  static boolean runnable(Declaration d, Class<?> network) throws Exception {
    long parameters = network.getField("PARAMETERS").getLong(null);
    long macs = network.getField("MACS").getLong(null);
    // Every layer's output as the spec states it ("-> [4, 8, 8]"), summed in doubles: a forged
    // input of 3 x 2^31 x 2^31 values overflows a long.
    double activations = (double) d.channels() * d.height() * d.width();
    Matcher m = OUTPUT.matcher((String) network.getField("SPEC").get(null));
    while (m.find()) {
      activations += Arrays.stream(m.group(1).split(", ")).mapToDouble(Double::parseDouble)
          .reduce(1, (a, b) -> a * b);
    }
    return parameters <= MAX_WORK && macs <= 20 * MAX_WORK && activations <= MAX_WORK;
  }

  /** Creates the network and checks it; {@code prediction} is asserted only when VALID. */
  static void check(Declaration d, Class<?> networkClass, Class<?> iface,
      ShapeOracle.Prediction prediction, Random random) throws Exception {
    DataType dtype = random.nextBoolean() ? DataType.DOUBLE : DataType.FLOAT;
    long seed = random.nextLong();
    Method create = networkClass.getMethod("create", long.class, DataType.class);
    Network net = (Network) create.invoke(null, seed, dtype);
    long promised = networkClass.getField("PARAMETERS").getLong(null);
    boolean valid = prediction.verdict() == ShapeOracle.Verdict.VALID;

    // The handles of the interface's methods: names, shapes and counts as declared.
    long handleTotal = 0;
    for (int i = 0; i < d.layers().size(); i++) {
      LayerDecl decl = d.layers().get(i);
      Layer handle = (Layer) iface.getMethod(decl.method()).invoke(net);
      assertEquals(decl.method(), handle.name());
      assertEquals(decl.kind(), handle.kind());
      handleTotal += handle.parameterCount();
      if (valid) {
        assertArrayEquals(prediction.shapes().get(i), handle.outputShape(),
            () -> decl + " output shape");
        assertEquals(prediction.parameters().get(i), handle.parameterCount(),
            () -> decl + " parameter count");
      }
    }
    assertEquals(promised, handleTotal, "PARAMETERS against the sum over the handles");
    long tensors = 0;
    for (Map.Entry<String, INDArray> e : net.gradients().entrySet()) {
      tensors += net.parameters().get(e.getKey()).length();
    }
    assertEquals(promised, tensors, "PARAMETERS against the trainable tensors");

    // Layer by layer: forward shapes, then backward shapes.
    INDArray x = Nd4j.rand(dtype, 2, d.channels(), d.height(), d.width()).subi(0.5);
    List<Layer> layers = net.layers();
    List<Object> saved = new ArrayList<>();
    List<long[]> inputs = new ArrayList<>();
    INDArray a = x;
    for (Layer layer : layers) {
      inputs.add(a.shape());
      Forward out = forward((Kernel<?>) layer, a);
      saved.add(out);
      a = out.output();
      assertArrayEquals(batched(layer.outputShape()), a.shape(),
          () -> layer.name() + " forward output against outputShape()");
      assertEquals(dtype, a.dataType(), layer.name() + " output dtype");
    }
    // The implicit softmax of a model without @Softmax is not among layers(): the last
    // registered layer may yield [classes] or [classes, 1, 1]; predict below checks [N, classes].
    assertEquals(d.classes(), a.length() / 2, "the last registered layer's width");
    INDArray grad = Nd4j.rand(dtype, a.shape());
    for (int i = layers.size() - 1; i >= 0; i--) {
      Layer layer = layers.get(i);
      grad = backward((Kernel<?>) layer, saved.get(i), grad);
      assertArrayEquals(inputs.get(i), grad.shape(), () -> layer.name() + " input gradient");
    }

    // The public API: probabilities and a finite loss with parameter-shaped gradients.
    INDArray p = net.predict(x);
    assertArrayEquals(new long[] {2, d.classes()}, p.shape(), "predict shape");
    double[] sums = p.sum(1).toDoubleVector();
    for (double s : sums) {
      assertEquals(1.0, s, 1e-3, "probabilities sum to 1");
    }
    double loss = net.computeGradients(x, new int[] {0, d.classes() - 1});
    assertTrue(Double.isFinite(loss) && loss >= 0, "loss " + loss);
    for (Map.Entry<String, INDArray> e : net.gradients().entrySet()) {
      assertArrayEquals(net.parameters().get(e.getKey()).shape(), e.getValue().shape(),
          e.getKey() + " gradient shape");
    }
  }

  private static long[] batched(int[] shape) {
    long[] out = new long[shape.length + 1];
    out[0] = 2;
    for (int i = 0; i < shape.length; i++) {
      out[i + 1] = shape[i];
    }
    return out;
  }

  private static <S extends Forward> S forward(Kernel<S> kernel, INDArray input) {
    return kernel.forward(input, true);
  }

  @SuppressWarnings("unchecked")
  private static <S extends Forward> INDArray backward(Kernel<S> kernel, Object saved,
      INDArray grad) {
    return kernel.backward((S) saved, grad);
  }
}
