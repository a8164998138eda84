package io.annet.runtime.train;

import io.annet.runtime.AnnetException;
import io.annet.runtime.Trainable;
import io.annet.runtime.data.Batch;
import io.annet.runtime.data.Dataset;
import io.annet.runtime.metrics.ConfusionMatrix;
import java.util.Arrays;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Measures loss, accuracy and the confusion matrix of a network on a dataset, in batches. */
public final class Evaluator {
  private static final double FLOOR = 1e-12;

  private Evaluator() {}

  /** Evaluates {@code net} in inference mode on {@code data}, {@code batchSize} at a time. */
  public static Evaluation evaluate(Trainable net, Dataset data, int batchSize) {
    checkCompatible(net, data);
    int classes = data.numClasses();
    ConfusionMatrix confusion = new ConfusionMatrix(classes);
    double lossSum = 0;
    DataType dtype = dataTypeOf(net);
    for (Batch batch : data.batches(batchSize, data.naturalOrder(), dtype)) {
      INDArray probabilities = net.predict(batch.features());
      double[][] p = probabilities.toDoubleMatrix();
      int[] y = batch.classes();
      for (int i = 0; i < y.length; i++) {
        int best = 0;
        for (int c = 1; c < classes; c++) {
          if (p[i][c] > p[i][best]) {
            best = c;
          }
        }
        confusion.add(y[i], best);
        lossSum -= Math.log(Math.max(p[i][y[i]], FLOOR));
      }
    }
    return new Evaluation(lossSum / data.size(), confusion.accuracy(), confusion);
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
  static void checkCompatible(Trainable net, Dataset data) {
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
