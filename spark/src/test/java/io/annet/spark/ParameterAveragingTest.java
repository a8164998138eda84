package io.annet.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.examples.MnistGapHeadNetwork;
import io.annet.runtime.Network;
import io.annet.runtime.data.Dataset;
import io.annet.runtime.data.IdxReader;
import io.annet.runtime.optim.Adam;
import io.annet.runtime.optim.CosineSchedule;
import io.annet.runtime.optim.Sgd;
import io.annet.runtime.train.Evaluator;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Parameter averaging: with one local step of plain SGD it is synchronous SGD; with more local
 * steps it trades accuracy for fewer exchanges (measured here, see docs/SCALE.md).
 */
class ParameterAveragingTest {
  @Test
  void averagingAfterEveryStepOfPlainSgdIsSynchronousSgd() {
    JavaSparkContext spark = LocalSpark.get();
    Dataset data = IdxReader.readMnist(ExactnessTest.MNIST, true).first(640);
    JavaRDD<Example> train = SparkData.of(spark, data, 2);
    Network sync = MnistGapHeadNetwork.create(7);
    SparkTrainer.builder().optimizer(new Sgd(0.05)).batchSize(64).seed(3).build()
        .fit(spark, sync, train, null);
    Network averaged = MnistGapHeadNetwork.create(7);
    SparkTrainer.builder().optimizer(new Sgd(0.05)).batchSize(64).seed(3)
        .parameterAveraging(1, () -> new Sgd(0.05)).build().fit(spark, averaged, train, null);
    for (Map.Entry<String, INDArray> e : sync.parameters().entrySet()) {
      double scale = e.getValue().amaxNumber().doubleValue();
      double error = averaged.parameters().get(e.getKey()).sub(e.getValue()).amaxNumber()
          .doubleValue();
      assertTrue(error <= 1e-5 * scale, e.getKey() + ": " + error + " against " + scale);
    }
  }

  @Test
  void accuracyCostOfAveragingEveryFourAndSixteenSteps() {
    JavaSparkContext spark = LocalSpark.get();
    Dataset data = IdxReader.readMnist(ExactnessTest.MNIST, true).first(4000);
    long steps = 2L * data.batchCount(64);
    Dataset test = IdxReader.readMnist(ExactnessTest.MNIST, false);
    JavaRDD<Example> train = SparkData.of(spark, data, 2).cache();
    double[] accuracy = new double[3];
    int[] every = {0, 4, 16};
    for (int i = 0; i < every.length; i++) {
      Network net = MnistGapHeadNetwork.create(7);
      // the annet train recipe: Adam, warm-up and cosine annealing
      SparkTrainer.Builder builder = SparkTrainer.builder().optimizer(new Adam(0.01))
          .schedule(new CosineSchedule(0.01, 0.0005, steps + 1, Math.min(50, steps / 10)))
          .batchSize(64).epochs(2).seed(3);
      if (every[i] > 0) {
        builder.parameterAveraging(every[i], () -> new Adam(0.01));
      }
      builder.build().fit(spark, net, train, null);
      accuracy[i] = Evaluator.evaluate(net, test, 256).accuracy();
    }
    System.out.printf("MnistGapHead, 4,000 examples, 2 epochs, the annet train recipe, 2 shards: test"
        + " accuracy synchronous %.4f, averaging every 4 steps %.4f, every 16 steps %.4f%n",
        accuracy[0], accuracy[1], accuracy[2]);
    // Every mode learns (chance is 0.1). One seed's accuracy after 126 steps varies by about
    // 10 points between these modes, so the numbers are a measurement, not a ranking to assert.
    for (double a : accuracy) {
      assertTrue(a > 0.6, "accuracy " + a);
    }
  }
}
