package io.annet.examples.graphs;

import static io.annet.dsl.Activation.IDENTITY;
import static io.annet.dsl.Activation.RELU;

import io.annet.dsl.*;

/**
 * Reduction-A of Inception-v4 (figure 7, k = 192, l = 224, m = 256, n = 384): {@code [384, 35,
 * 35] -> [1024, 17, 17]}.
 */
@Block
public interface ReductionA {
  @MaxPool(kernel = 3, stride = 2)
  Layer b1(Layer input);

  @Conv(filters = 384, kernel = 3, stride = 2, activation = IDENTITY, bias = false)
  Layer b2Conv(Layer input);

  @BatchNorm(activation = RELU)
  Layer b2();

  @Conv(filters = 192, kernel = 1, activation = IDENTITY, bias = false)
  Layer b3aConv(Layer input);

  @BatchNorm(activation = RELU)
  Layer b3a();

  @Conv(filters = 224, kernel = 3, padding = 1, activation = IDENTITY, bias = false)
  Layer b3bConv();

  @BatchNorm(activation = RELU)
  Layer b3b();

  @Conv(filters = 256, kernel = 3, stride = 2, activation = IDENTITY, bias = false)
  Layer b3Conv();

  @BatchNorm(activation = RELU)
  Layer b3();

  @Concat
  Layer out(Layer b1, Layer b2, Layer b3);
}
