package io.annet.runtime.train;

import io.annet.runtime.AnnetException;
import io.annet.runtime.NonFiniteInputException;
import io.annet.runtime.Trainable;
import io.annet.runtime.data.Batch;
import io.annet.runtime.data.BatchSource;
import io.annet.runtime.data.BatchStream;
import io.annet.runtime.metrics.ConfusionMatrix;
import java.util.Arrays;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Measures loss, accuracy and the confusion matrix of a network on a dataset, in batches. */
public final class Evaluator {
  private static final double FLOOR = 1e-12;

  private Evaluator() {}

  /**
   * Evaluates {@code net} in inference mode on {@code data} (in memory or streamed), {@code
   * batchSize} at a time.
   */
  public static Evaluation evaluate(Trainable net, BatchSource data, int batchSize) {
    checkCompatible(net, data);
    ConfusionMatrix confusion = new ConfusionMatrix(data.numClasses());
    double lossSum = 0;
    DataType dtype = dataTypeOf(net);
    requireFinite(net, data, "evaluation set");
    int[] order = data.naturalOrder();
    try (BatchStream batches = data.open(batchSize, order, dtype)) {
      while (batches.hasNext()) {
        lossSum += add(net, batches.next(), order, batchSize, confusion);
      }
    }
    return new Evaluation(lossSum / data.size(), confusion.accuracy(), confusion);
  }

  /** Adds one batch's predictions to {@code confusion}; returns the batch's summed loss. */
  private static double add(
      Trainable net, Batch batch, int[] order, int batchSize, ConfusionMatrix confusion) {
    INDArray probabilities;
    try {
      probabilities = net.predict(batch.features());
    } catch (NonFiniteInputException e) {
      throw inDataset(e, net, "evaluation set", order, batch.index() * batchSize,
          "batch " + (batch.index() + 1));
    }
    double[][] p = probabilities.toDoubleMatrix();
    int[] y = batch.classes();
    double lossSum = 0;
    for (int i = 0; i < y.length; i++) {
      int best = 0;
      for (int c = 1; c < p[i].length; c++) {
        if (p[i][c] > p[i][best]) {
          best = c;
        }
      }
      confusion.add(y[i], best);
      lossSum -= Math.log(Math.max(p[i][y[i]], FLOOR));
    }
    return lossSum;
  }

  /** Rejects a data set with a NaN or infinite feature, naming the first such example. */
  static void requireFinite(Trainable net, BatchSource data, String which) {
    int bad = data.firstNonFinite();
    if (bad >= 0) {
      throw new NonFiniteInputException(
          net.architecture().modelName() + ": example " + bad + " of the " + which + " holds NaN"
              + " or infinite values; check the data and its normalisation", bad, 0);
    }
  }

  /**
   * A batch's non-finite input restated as the example of the data set it came from: position
   * {@code e.example()} of the batch whose first position is {@code first} in {@code order}.
   */
  static NonFiniteInputException inDataset(
      NonFiniteInputException e, Trainable net, String which, int[] order, int first,
      String where) {
    if (e.example() < 0) {
      return e;
    }
    int example = order[first + (int) e.example()];
    return new NonFiniteInputException(
        net.architecture().modelName() + ": example " + example + " of the " + which + " holds "
            + e.count() + " NaN or infinite value(s) (" + where + ", position " + e.example()
            + " of the batch); check the data and its normalisation", example, e.count());
  }

  /** The floating-point type of the network's first parameter (FLOAT when it has none). */
  static DataType dataTypeOf(Trainable net) {
    for (Map.Entry<String, INDArray> e : net.parameters().entrySet()) {
      if (e.getValue() != null && e.getValue().dataType().isFPType()) {
        return e.getValue().dataType();
      }
    }
    return DataType.FLOAT;
  }

  /** Checks that the dataset's example shape and classes are the network's. */
  static void checkCompatible(Trainable net, BatchSource data) {
    int[] expected = net.architecture().inputShape();
    int[] found = data.exampleShape();
    if (!Arrays.equals(expected, found)) {
      throw new AnnetException(
          net.architecture().modelName() + " takes examples of shape "
              + Arrays.toString(expected) + " but the dataset's are " + Arrays.toString(found));
    }
    if (net.architecture().classes() != data.numClasses()) {
      throw new AnnetException(
          net.architecture().modelName() + " has " + net.architecture().classes()
              + " classes but the dataset has " + data.numClasses());
    }
  }
}
