package io.annet.examples.graphs;

import static io.annet.dsl.Activation.IDENTITY;
import static io.annet.dsl.Activation.RELU;

import io.annet.dsl.*;

/**
 * Inception-A of Inception-v4 (figure 4): four branches on {@code [384, 35, 35]}, concatenated to
 * {@code [384, 35, 35]}.
 */
@Block
public interface InceptionA {
  @AvgPool(kernel = 3, stride = 1, padding = 1)
  Layer b1Pool(Layer input);

  @Conv(filters = 96, kernel = 1, activation = IDENTITY, bias = false)
  Layer b1Conv();

  @BatchNorm(activation = RELU)
  Layer b1();

  @Conv(filters = 96, kernel = 1, activation = IDENTITY, bias = false)
  Layer b2Conv(Layer input);

  @BatchNorm(activation = RELU)
  Layer b2();

  @Conv(filters = 64, kernel = 1, activation = IDENTITY, bias = false)
  Layer b3aConv(Layer input);

  @BatchNorm(activation = RELU)
  Layer b3a();

  @Conv(filters = 96, kernel = 3, padding = 1, activation = IDENTITY, bias = false)
  Layer b3Conv();

  @BatchNorm(activation = RELU)
  Layer b3();

  @Conv(filters = 64, kernel = 1, activation = IDENTITY, bias = false)
  Layer b4aConv(Layer input);

  @BatchNorm(activation = RELU)
  Layer b4a();

  @Conv(filters = 96, kernel = 3, padding = 1, activation = IDENTITY, bias = false)
  Layer b4bConv();

  @BatchNorm(activation = RELU)
  Layer b4b();

  @Conv(filters = 96, kernel = 3, padding = 1, activation = IDENTITY, bias = false)
  Layer b4Conv();

  @BatchNorm(activation = RELU)
  Layer b4();

  @Concat
  Layer out(Layer b1, Layer b2, Layer b3, Layer b4);
}
