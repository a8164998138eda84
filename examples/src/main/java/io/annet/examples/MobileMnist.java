package io.annet.examples;

import io.annet.dsl.Activation;
import io.annet.dsl.BatchNorm;
import io.annet.dsl.Conv;
import io.annet.dsl.DepthwiseConv;
import io.annet.dsl.GlobalAvgPool;
import io.annet.dsl.Input;
import io.annet.dsl.Layer;
import io.annet.dsl.Model;

/**
 * A small MobileNet-style model for MNIST (Howard et al. 2017): a strided stem convolution, then
 * depthwise-separable blocks (a 3x3 depthwise convolution, batch normalisation with ReLU, a 1x1
 * pointwise convolution), a Network-in-Network head of one map per class and global average
 * pooling into the class scores.
 */
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
public interface MobileMnist {
  /** [1, 28, 28] -> [16, 14, 14]. */
  @Conv(filters = 16, kernel = 3, stride = 2, same = true)
  Layer stem();

  /** [16, 14, 14] -> [16, 14, 14]: one 3x3 filter per channel. */
  @DepthwiseConv(kernel = 3, same = true, activation = Activation.IDENTITY, bias = false)
  Layer dw1();

  /** [16, 14, 14] -> [16, 14, 14]. */
  @BatchNorm(activation = Activation.RELU)
  Layer bn1();

  /** [16, 14, 14] -> [32, 14, 14]: mixes the channels. */
  @Conv(filters = 32, kernel = 1)
  Layer pw1();

  /** [32, 14, 14] -> [64, 7, 7]: two strided 3x3 filters per channel. */
  @DepthwiseConv(multiplier = 2, kernel = 3, stride = 2, padding = 1)
  Layer dw2();

  /** [64, 7, 7] -> [64, 7, 7]. */
  @Conv(filters = 64, kernel = 1)
  Layer pw2();

  /** [64, 7, 7] -> [10, 7, 7]: one map per class. */
  @Conv(filters = 10, kernel = 1, activation = Activation.IDENTITY)
  Layer head();

  /** [10, 7, 7] -> [10]: each class score is the mean of its map. */
  @GlobalAvgPool
  Layer gap();
}
