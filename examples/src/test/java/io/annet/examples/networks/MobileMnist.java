package io.annet.examples.networks;

import io.annet.dsl.Activation;
import io.annet.dsl.BatchNorm;
import io.annet.dsl.Conv;
import io.annet.dsl.DepthwiseConv;
import io.annet.dsl.GlobalAvgPool;
import io.annet.dsl.Input;
import io.annet.dsl.Layer;
import io.annet.dsl.Model;

/**
 * A small MobileNet-style model (Howard et al. 2017): a stem convolution, then depthwise-separable
 * blocks (3x3 depthwise, then 1x1 pointwise convolution), a NIN head and global average pooling.
 */
@Model(input = @Input(channels = 1, height = 12, width = 12), classes = 4)
public interface MobileMnist {
  @Conv(filters = 4, kernel = 3, stride = 2, same = true)
  Layer stem();

  @DepthwiseConv(kernel = 3, same = true, activation = Activation.IDENTITY, bias = false)
  Layer dw1();

  @BatchNorm(activation = Activation.RELU)
  Layer bn1();

  @Conv(filters = 8, kernel = 1)
  Layer pw1();

  @DepthwiseConv(multiplier = 2, kernel = 3, stride = 2, padding = 1)
  Layer dw2();

  @Conv(filters = 4, kernel = 1, activation = Activation.IDENTITY)
  Layer head();

  @GlobalAvgPool
  Layer gap();
}
