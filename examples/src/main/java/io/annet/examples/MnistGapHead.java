package io.annet.examples;

import io.annet.dsl.Activation;
import io.annet.dsl.Conv;
import io.annet.dsl.GlobalAvgPool;
import io.annet.dsl.Input;
import io.annet.dsl.Layer;
import io.annet.dsl.MaxPool;
import io.annet.dsl.MlpConv;
import io.annet.dsl.Model;
import io.annet.dsl.Softmax;

/**
 * The same convolutional body as {@link MnistFcHead} with a Network-in-Network head: an mlpconv
 * block that ends in one 7x7 map per class, averaged into the class scores (Lin et al. 2014).
 */
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
public interface MnistGapHead {
  /** [1, 28, 28] -> [16, 28, 28]. */
  @Conv(filters = 16, kernel = 3, padding = 1)
  Layer conv1();

  /** [16, 28, 28] -> [16, 14, 14]. */
  @MaxPool(kernel = 2)
  Layer pool1();

  /** [16, 14, 14] -> [32, 14, 14]. */
  @Conv(filters = 32, kernel = 3, padding = 1)
  Layer conv2();

  /** [32, 14, 14] -> [32, 7, 7]. */
  @MaxPool(kernel = 2)
  Layer pool2();

  /**
   * [32, 7, 7] -> [10, 7, 7]: a 3x3 convolution to 64 maps, a 1x1 one to 64, and a 1x1 one to one
   * map per class. Leaky ReLU keeps a class map that starts negative from dying: its mean is the
   * class score.
   */
  @MlpConv(
      filters = {64, 64, 10},
      kernel = 3,
      padding = 1,
      activation = Activation.LEAKY_RELU)
  Layer maps();

  /** [10, 7, 7] -> [10]: each class score is the mean of its map. */
  @GlobalAvgPool
  Layer gap();

  /** [10] -> [10]: class probabilities. */
  @Softmax
  Layer probs();
}
