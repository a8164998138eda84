package io.annet.examples.graphs;

import static io.annet.dsl.Activation.IDENTITY;
import static io.annet.dsl.Activation.RELU;

import io.annet.dsl.*;

/**
 * Reduction-B of Inception-v4 (figure 8): {@code [1024, 17, 17] -> [1536, 8, 8]}.
 */
@Block
public interface ReductionB {
  @MaxPool(kernel = 3, stride = 2)
  Layer b1(Layer input);

  @Conv(filters = 192, kernel = 1, activation = IDENTITY, bias = false)
  Layer b2aConv(Layer input);

  @BatchNorm(activation = RELU)
  Layer b2a();

  @Conv(filters = 192, kernel = 3, stride = 2, activation = IDENTITY, bias = false)
  Layer b2Conv();

  @BatchNorm(activation = RELU)
  Layer b2();

  @Conv(filters = 256, kernel = 1, activation = IDENTITY, bias = false)
  Layer b3aConv(Layer input);

  @BatchNorm(activation = RELU)
  Layer b3a();

  @Conv(filters = 256, kernel = {1, 7}, padding = {0, 3}, activation = IDENTITY, bias = false)
  Layer b3bConv();

  @BatchNorm(activation = RELU)
  Layer b3b();

  @Conv(filters = 320, kernel = {7, 1}, padding = {3, 0}, activation = IDENTITY, bias = false)
  Layer b3cConv();

  @BatchNorm(activation = RELU)
  Layer b3c();

  @Conv(filters = 320, kernel = 3, stride = 2, activation = IDENTITY, bias = false)
  Layer b3Conv();

  @BatchNorm(activation = RELU)
  Layer b3();

  @Concat
  Layer out(Layer b1, Layer b2, Layer b3);
}
