package io.annet.runtime.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.runtime.AnnetException;
import io.annet.runtime.DataTypeMismatchException;
import io.annet.runtime.LabelException;
import io.annet.runtime.NonFiniteInputException;
import io.annet.runtime.ShapeMismatchException;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Bad arguments at the network's boundary ({@code predict}, {@code computeGradients}): each is a
 * clear {@link AnnetException} naming what was expected and found, or a documented conversion;
 * and no call, failing or not, changes a parameter or a running statistic.
 */
class BadInputTest {
  private static INDArray batch(DataType dtype, long n) {
    Nd4j.getRandom().setSeed(7);
    return Nd4j.rand(dtype, n, 1, 4, 4).subi(0.5);
  }

  /** Runs {@code call} and checks the network's tensors are bit for bit what they were. */
  private static void unchanged(RobustNet net, Executable call) throws Throwable {
    Map<String, INDArray> before = net.snapshot();
    try {
      call.execute();
    } finally {
      before.forEach((name, value) -> assertEquals(value, net.parameters().get(name),
          name + " changed"));
    }
  }

  private static <E extends AnnetException> void rejects(RobustNet net, Class<E> type,
      Executable call, String... fragments) throws Throwable {
    unchanged(net, () -> {
      E e = assertThrows(type, call);
      for (String f : fragments) {
        assertTrue(e.getMessage().contains(f), () -> "'" + f + "' missing in: " + e.getMessage());
      }
    });
  }

  @ParameterizedTest
  @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
  void wrongShapesAndEmptyBatches(DataType dtype) throws Throwable {
    RobustNet net = new RobustNet(dtype, 1);
    String expected = "[N, 1, 4, 4]";
    for (long[] shape : new long[][] {{2, 16}, {2, 4, 4}, {2, 3, 4, 4}, {2, 1, 5, 4},
        {2, 1, 4, 3}, {1, 2, 1, 4, 4}}) {
      INDArray x = Nd4j.zeros(dtype, shape);
      rejects(net, ShapeMismatchException.class, () -> net.predict(x), expected,
          java.util.Arrays.toString(shape));
      rejects(net, ShapeMismatchException.class, () -> net.computeGradients(x, new int[] {0, 1}),
          expected);
    }
    INDArray empty = Nd4j.create(dtype, 0, 1, 4, 4);
    rejects(net, ShapeMismatchException.class, () -> net.predict(empty), "empty batch");
    rejects(net, ShapeMismatchException.class, () -> net.computeGradients(empty, new int[0]),
        "empty batch");
    rejects(net, ShapeMismatchException.class, () -> net.predict(null), "found null");
  }

  @ParameterizedTest
  @EnumSource(value = DataType.class, names = {"INT", "LONG", "BOOL", "UBYTE", "SHORT"})
  void integerAndBooleanInputsAreRejected(DataType wrong) throws Throwable {
    RobustNet net = new RobustNet(DataType.FLOAT, 1);
    INDArray x = batch(DataType.DOUBLE, 2).castTo(wrong);
    rejects(net, DataTypeMismatchException.class, () -> net.predict(x), "floating-point",
        wrong.toString());
    rejects(net, DataTypeMismatchException.class, () -> net.computeGradients(x, new int[] {0, 1}),
        wrong.toString());
  }

  @ParameterizedTest
  @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
  void otherFloatingPointTypesAreConvertedOnce(DataType dtype) throws Throwable {
    RobustNet net = new RobustNet(dtype, 2);
    DataType other = dtype == DataType.FLOAT ? DataType.DOUBLE : DataType.FLOAT;
    INDArray x = batch(other, 3);
    INDArray expected = net.predict(x.castTo(dtype));
    unchanged(net, () -> {
      INDArray p = net.predict(x);
      assertEquals(dtype, p.dataType());
      assertEquals(expected, p);
      assertEquals(other, x.dataType(), "the caller's array is not converted in place");
    });
    INDArray half = x.castTo(DataType.HALF);
    assertEquals(net.predict(half.castTo(dtype)), net.predict(half));
  }

  @ParameterizedTest
  @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
  void viewsAndFortranOrderGiveTheSameResultAsACopy(DataType dtype) throws Throwable {
    RobustNet net = new RobustNet(dtype, 3);
    INDArray big = batch(dtype, 6);
    INDArray everyOther = big.get(NDArrayIndex.interval(0, 2, 6), NDArrayIndex.all(),
        NDArrayIndex.all(), NDArrayIndex.all());
    INDArray transposed = batch(dtype, 2).permute(0, 1, 3, 2);
    INDArray fortran = batch(dtype, 2).dup('f');
    for (INDArray view : new INDArray[] {everyOther, transposed, fortran}) {
      INDArray copy = view.dup('c');
      INDArray viewBefore = view.dup();
      unchanged(net, () -> assertEquals(net.predict(copy), net.predict(view)));
      RobustNet a = net.copy();
      RobustNet b = net.copy();
      assertEquals(a.computeGradients(copy, new int[(int) view.size(0)]),
          b.computeGradients(view, new int[(int) view.size(0)]), 1e-6);
      assertEquals(a.gradients(), b.gradients());
      assertEquals(viewBefore, view, "the view itself is left alone");
    }
  }

  @ParameterizedTest
  @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
  void badLabelsAreRejected(DataType dtype) throws Throwable {
    RobustNet net = new RobustNet(dtype, 4);
    INDArray x = batch(dtype, 2);
    rejects(net, LabelException.class, () -> net.computeGradients(x, new int[] {0, 3}),
        "[0, 3)", "found 3");
    rejects(net, LabelException.class, () -> net.computeGradients(x, new int[] {-1, 0}),
        "found -1");
    rejects(net, LabelException.class, () -> net.computeGradients(x, new int[] {0}),
        "expects 2 class indices", "found 1");
    rejects(net, LabelException.class, () -> net.computeGradients(x, (int[]) null), "null");
    rejects(net, LabelException.class, () -> net.computeGradients(x, Nd4j.zeros(dtype, 2, 4)),
        "[2, 3]", "[2, 4]");
    rejects(net, LabelException.class, () -> net.computeGradients(x, Nd4j.zeros(dtype, 2, 3)),
        "sum to 1");
    INDArray nanLabels = Nd4j.createFromArray(new double[][] {{1, 0, 0}, {Double.NaN, 1, 0}})
        .castTo(dtype);
    rejects(net, LabelException.class, () -> net.computeGradients(x, nanLabels), "row 1");
    INDArray intLabels = Nd4j.createFromArray(new int[][] {{1, 0, 0}, {0, 1, 0}});
    rejects(net, DataTypeMismatchException.class, () -> net.computeGradients(x, intLabels),
        "labels");
  }

  @ParameterizedTest
  @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
  void nonFiniteInputsAreRejectedNamingTheExample(DataType dtype) throws Throwable {
    RobustNet net = new RobustNet(dtype, 5);
    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY}) {
      INDArray x = batch(dtype, 3);
      x.putScalar(new long[] {1, 0, 2, 3}, bad);
      rejects(net, NonFiniteInputException.class, () -> net.predict(x), "example 1");
      rejects(net, NonFiniteInputException.class,
          () -> net.computeGradients(x, new int[] {0, 1, 2}), "example 1", "finite");
    }
    // Huge but finite values are not mistaken for infinities (their float sum overflows).
    INDArray huge = Nd4j.valueArrayOf(new long[] {2, 1, 4, 4}, 3e38, dtype);
    unchanged(net, () -> net.predict(huge));
  }

  @ParameterizedTest
  @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
  void successfulPredictionsLeaveTheNetworkAlone(DataType dtype) throws Throwable {
    RobustNet net = new RobustNet(dtype, 6);
    unchanged(net, () -> net.predict(batch(dtype, 5)));
    Consumer<RobustNet> train = n -> n.computeGradients(batch(dtype, 4), new int[] {0, 1, 2, 0});
    // Training-mode forward moves the running statistics but never a trainable weight.
    Map<String, INDArray> before = net.snapshot();
    train.accept(net);
    before.forEach((name, value) -> {
      boolean statistic = name.endsWith(".mean") || name.endsWith(".var");
      assertEquals(!statistic, value.equals(net.parameters().get(name)), name);
    });
  }
}
