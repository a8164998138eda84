package io.annet.runtime.robustness;

import io.annet.runtime.data.Dataset;
import io.annet.runtime.optim.Adam;
import io.annet.runtime.train.Trainer;
import io.annet.runtime.train.TrainingListener;
import java.nio.file.Path;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The child process of {@link TrainingInterruptTest}: trains a {@link RobustNet} with a
 * checkpoint path on a large random data set (one epoch would take minutes) and prints {@code
 * step <batch> <sum of all tensors>} after every step, until a signal stops it.
 */
public final class TrainingProcess {
  private TrainingProcess() {}

  /** A random data set of {@code n} examples of {@code [1, 4, 4]}, 3 classes. */
  static Dataset data(int n, long seed) {
    Random random = new Random(seed);
    float[] x = new float[n * 16];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 3;
      for (int f = 0; f < 16; f++) {
        x[i * 16 + f] = (float) (random.nextGaussian() + (f % 3 == y[i] ? 1 : 0));
      }
    }
    return new Dataset(Nd4j.create(x, new long[] {n, 1, 4, 4}, 'c'), y, 3);
  }

  /** The sum of every tensor of {@code net}, in double precision. */
  static double sum(RobustNet net) {
    double s = 0;
    for (INDArray t : net.parameters().values()) {
      s += t.castTo(DataType.DOUBLE).sumNumber().doubleValue();
    }
    return s;
  }

  /** Argument: the checkpoint path. */
  public static void main(String[] args) {
    RobustNet net = new RobustNet(DataType.FLOAT, 3);
    Trainer trainer = Trainer.builder().optimizer(new Adam(1e-3)).batchSize(4).epochs(1)
        .checkpoint(Path.of(args[0])).listener(new TrainingListener() {
          @Override
          public void onBatchEnd(int epoch, int batch, int batches, double loss, double speed) {
            System.out.println("step " + batch + " " + sum(net));
            System.out.flush();
          }
        }).build();
    trainer.fit(net, data(400_000, 1));
    System.out.println("finished");
  }
}
