package io.annet.benchmarks;

import io.annet.dsl.Conv;
import io.annet.dsl.GlobalAvgPool;
import io.annet.dsl.Input;
import io.annet.dsl.Layer;
import io.annet.dsl.MaxPool;
import io.annet.dsl.Model;
import io.annet.dsl.Softmax;

/**
 * The small MNIST network with a global-average-pooling head, as benchmarked ({@link
 * Arch#mnistGap()}).
 */
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
public interface MnistGap {
  /** [1, 28, 28] -> [32, 28, 28]. */
  @Conv(filters = 32, kernel = 3, padding = 1)
  Layer conv1();

  /** [32, 28, 28] -> [32, 14, 14]. */
  @MaxPool(kernel = 2)
  Layer pool1();

  /** [32, 14, 14] -> [64, 14, 14]. */
  @Conv(filters = 64, kernel = 3, padding = 1)
  Layer conv2();

  /** [64, 14, 14] -> [64, 7, 7]. */
  @MaxPool(kernel = 2)
  Layer pool2();

  /** [64, 7, 7] -> [10, 7, 7]: one map per class. */
  @Conv(filters = 10, kernel = 1)
  Layer maps();

  /** [10, 7, 7] -> [10]. */
  @GlobalAvgPool
  Layer gap();

  /** [10] -> [10]. */
  @Softmax
  Layer probs();
}
