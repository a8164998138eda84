package io.annet.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The base class: boundary checks with clear messages, parameter maps, copies, gradient check. */
class NetworkTest {
  private static INDArray images(DataType dtype, long n) {
    Nd4j.getRandom().setSeed(3);
    return Nd4j.rand(DataType.DOUBLE, n, 1, 4, 4).castTo(dtype);
  }

  private static void assertMessage(
      Class<? extends AnnetException> type, String message, Executable call) {
    AnnetException e = assertThrows(type, call);
    assertEquals(message, e.getMessage());
  }

  @Test
  void wrongRankNamesTheExpectedShape() {
    TinyNetwork net = new TinyNetwork(DataType.FLOAT, 1);
    assertMessage(ShapeMismatchException.class,
        "Tiny expects input [N, 1, 4, 4], found [5, 4, 4]",
        () -> net.predict(Nd4j.zeros(DataType.FLOAT, 5, 4, 4)));
  }

  @Test
  void wrongShapeAndEmptyBatchAreRejected() {
    TinyNetwork net = new TinyNetwork(DataType.FLOAT, 1);
    assertMessage(ShapeMismatchException.class,
        "Tiny expects input [N, 1, 4, 4], found [2, 3, 4, 4]",
        () -> net.predict(Nd4j.zeros(DataType.FLOAT, 2, 3, 4, 4)));
    assertMessage(ShapeMismatchException.class,
        "Tiny expects input [N, 1, 4, 4], found [0, 1, 4, 4] (an empty batch)",
        () -> net.predict(Nd4j.zeros(DataType.FLOAT, 0, 1, 4, 4)));
    assertMessage(ShapeMismatchException.class,
        "Tiny expects input [N, 1, 4, 4], found [2, 1, 4, 5]",
        () -> net.computeGradients(Nd4j.zeros(DataType.FLOAT, 2, 1, 4, 5), new int[] {0, 1}));
  }

  @Test
  void integerInputIsRejectedAndOtherFloatsConverted() {
    TinyNetwork net = new TinyNetwork(DataType.FLOAT, 1);
    assertMessage(DataTypeMismatchException.class,
        "Tiny expects input of a floating-point type (FLOAT), found INT",
        () -> net.predict(Nd4j.zeros(DataType.INT, 2, 1, 4, 4)));
    INDArray x = images(DataType.FLOAT, 2);
    INDArray fromFloat = net.predict(x);
    INDArray fromDouble = net.predict(x.castTo(DataType.DOUBLE));
    assertEquals(DataType.FLOAT, fromDouble.dataType());
    assertEquals(fromFloat, fromDouble);
  }

  @Test
  void labelsOfWrongWidthCountOrRangeAreRejected() {
    TinyNetwork net = new TinyNetwork(DataType.FLOAT, 1);
    INDArray x = images(DataType.FLOAT, 2);
    assertMessage(LabelException.class,
        "Tiny expects labels [2, 3] (one row per example, one column per class), found [2, 10]",
        () -> net.computeGradients(x, Nd4j.zeros(DataType.FLOAT, 2, 10)));
    assertMessage(LabelException.class,
        "Tiny expects labels [2, 3] (one row per example, one column per class), found [3, 3]",
        () -> net.computeGradients(x, Nd4j.eye(3).castTo(DataType.FLOAT)));
    assertMessage(LabelException.class,
        "Tiny expects class indices in [0, 3), found 3 at 1",
        () -> net.computeGradients(x, new int[] {0, 3}));
    assertMessage(LabelException.class,
        "Tiny expects class indices in [0, 3), found -1 at 0",
        () -> net.computeGradients(x, new int[] {-1, 0}));
    assertMessage(LabelException.class,
        "Tiny expects 2 class indices (one per example), found 1",
        () -> net.computeGradients(x, new int[] {0}));
    assertMessage(LabelException.class,
        "Tiny expects label rows that sum to 1 (one-hot or probabilities), found row 1 summing"
            + " to 0.0",
        () -> net.computeGradients(x, Nd4j.create(new double[][] {{0, 1, 0}, {0, 0, 0}})));
    assertMessage(DataTypeMismatchException.class,
        "Tiny expects labels of a floating-point type (FLOAT), found INT",
        () -> net.computeGradients(x, Nd4j.zeros(DataType.INT, 2, 3)));
  }

  @Test
  void indicesAndOneHotGiveTheSameLossAndNonContiguousViewsWork() {
    TinyNetwork net = new TinyNetwork(DataType.DOUBLE, 1);
    INDArray x = images(DataType.DOUBLE, 3);
    INDArray oneHot = Nd4j.create(new double[][] {{0, 0, 1}, {1, 0, 0}, {0, 1, 0}});
    double a = net.computeGradients(x, oneHot);
    double b = net.computeGradients(x, new int[] {2, 0, 1});
    assertEquals(a, b, 1e-12);
    // an f-order copy and a strided view of a larger batch give the same probabilities
    INDArray expected = net.predict(x);
    assertEquals(expected, net.predict(x.dup('f')));
    INDArray wide = Nd4j.concat(0, x, x);
    INDArray strided = wide.get(NDArrayIndex.interval(0, 2, 6), NDArrayIndex.all(),
        NDArrayIndex.all(), NDArrayIndex.all());
    INDArray rows = net.predict(strided);
    assertTrue(rows.equalsWithEps(Nd4j.concat(0, expected.getRow(0, true), expected.getRow(2, true),
        expected.getRow(1, true)), 1e-12));
  }

  @Test
  void predictReturnsProbabilitiesThatOutliveTheNextCall() {
    TinyNetwork net = new TinyNetwork(DataType.FLOAT, 1);
    INDArray first = net.predict(images(DataType.FLOAT, 4));
    INDArray kept = first.dup();
    net.predict(images(DataType.FLOAT, 4).muli(-1));
    assertEquals(kept, first);
    assertArrayEquals(new long[] {4, 3}, first.shape());
    INDArray sums = first.sum(1);
    assertTrue(sums.equalsWithEps(Nd4j.ones(DataType.FLOAT, 4), 1e-5));
  }

  @Test
  void parameterMapsAreOrderedAndLive() {
    TinyNetwork net = new TinyNetwork(DataType.FLOAT, 1);
    assertEquals(
        List.of("conv.weight", "conv.bias", "bn.gamma", "bn.beta", "bn.mean", "bn.var",
            "dense.weight", "dense.bias"),
        List.copyOf(net.parameters().keySet()));
    assertEquals(
        List.of("conv.weight", "conv.bias", "bn.gamma", "bn.beta", "dense.weight", "dense.bias"),
        List.copyOf(net.gradients().keySet()));
    assertTrue(net.parameters().get("conv.weight") == net.conv().weight());
    assertArrayEquals(new long[] {2, 1, 3, 3}, net.parameters().get("conv.weight").shape());
    assertArrayEquals(new long[] {3, 32}, net.parameters().get("dense.weight").shape());
    long trainable = net.layers().stream().mapToLong(l -> l.parameterCount()).sum();
    assertEquals(TinyNetwork.ARCHITECTURE.parameters(), trainable);
    assertEquals(List.of("conv", "bn", "flat", "dense", "probs"),
        net.layers().stream().map(l -> l.name()).toList());
    assertEquals(List.of("Conv", "BatchNorm", "Flatten", "Dense", "Softmax"),
        net.layers().stream().map(l -> l.kind()).toList());
  }

  @Test
  void copyIsIndependentAndEqual() {
    TinyNetwork net = new TinyNetwork(DataType.FLOAT, 7);
    INDArray x = images(DataType.FLOAT, 2);
    net.computeGradients(x, new int[] {0, 1}); // moves the running statistics
    TinyNetwork copy = net.copy();
    assertEquals(net.predict(x), copy.predict(x));
    copy.parameters().get("dense.bias").addi(1.0);
    assertNotEquals(net.parameters().get("dense.bias"), copy.parameters().get("dense.bias"));
  }

  @Test
  void sameSeedSameWeightsAndFloatIsRoundedDouble() {
    TinyNetwork a = new TinyNetwork(DataType.FLOAT, 42);
    TinyNetwork b = new TinyNetwork(DataType.FLOAT, 42);
    TinyNetwork c = new TinyNetwork(DataType.FLOAT, 43);
    TinyNetwork d = new TinyNetwork(DataType.DOUBLE, 42);
    assertEquals(a.parameters(), b.parameters());
    assertNotEquals(a.parameters().get("conv.weight"), c.parameters().get("conv.weight"));
    assertEquals(a.parameters().get("dense.weight"),
        d.parameters().get("dense.weight").castTo(DataType.FLOAT));
  }

  @Test
  void saveAndLoadRoundTripEveryTensor(@TempDir Path dir) throws IOException {
    TinyNetwork net = new TinyNetwork(DataType.FLOAT, 11);
    INDArray x = images(DataType.FLOAT, 4);
    net.computeGradients(x, new int[] {0, 1, 2, 0}); // moves the running statistics
    Path file = dir.resolve("tiny.annet");
    net.save(file);
    TinyNetwork loaded = TinyNetwork.load(file, DataType.FLOAT);
    assertEquals(net.parameters(), loaded.parameters());
    assertEquals(net.predict(x), loaded.predict(x));
    TinyNetwork wide = TinyNetwork.load(file, DataType.DOUBLE); // float32 file, float64 network
    assertTrue(wide.predict(x).equalsWithEps(net.predict(x).castTo(DataType.DOUBLE), 1e-6));
  }

  @Test
  void wholeNetworkGradientCheck() {
    TinyNetwork net = new TinyNetwork(DataType.DOUBLE, 5);
    net.parameters().get("conv.bias").assign(Nd4j.create(new double[] {0.1, -0.2}));
    INDArray x = images(DataType.DOUBLE, 3);
    INDArray labels = Nd4j.create(new double[][] {{0, 0, 1}, {0.5, 0.5, 0}, {0, 1, 0}});
    GradientCheck.Report report =
        GradientCheck.checkNetwork(net, x, labels, GradientCheck.Options.DEFAULT);
    assertEquals(18 + 2 + 2 + 2 + 96 + 3, report.checked());
    report.assertPassed();
  }
}
