package io.annet.examples.graphs;

import static io.annet.dsl.Activation.IDENTITY;
import static io.annet.dsl.Activation.RELU;

import io.annet.dsl.*;

/**
 * Inception-C of Inception-v4 (figure 6): the 1x3 and 3x1 branches split in two, six outputs
 * concatenated to {@code [1536, 8, 8]}.
 */
@Block
public interface InceptionC {
  @AvgPool(kernel = 3, stride = 1, padding = 1)
  Layer b1Pool(Layer input);

  @Conv(filters = 256, kernel = 1, activation = IDENTITY, bias = false)
  Layer b1Conv();

  @BatchNorm(activation = RELU)
  Layer b1();

  @Conv(filters = 256, kernel = 1, activation = IDENTITY, bias = false)
  Layer b2Conv(Layer input);

  @BatchNorm(activation = RELU)
  Layer b2();

  @Conv(filters = 384, kernel = 1, activation = IDENTITY, bias = false)
  Layer b3Conv(Layer input);

  @BatchNorm(activation = RELU)
  Layer b3();

  @Conv(filters = 256, kernel = {1, 3}, padding = {0, 1}, activation = IDENTITY, bias = false)
  Layer b3aConv(Layer b3);

  @BatchNorm(activation = RELU)
  Layer b3a();

  @Conv(filters = 256, kernel = {3, 1}, padding = {1, 0}, activation = IDENTITY, bias = false)
  Layer b3bConv(Layer b3);

  @BatchNorm(activation = RELU)
  Layer b3b();

  @Conv(filters = 384, kernel = 1, activation = IDENTITY, bias = false)
  Layer b4aConv(Layer input);

  @BatchNorm(activation = RELU)
  Layer b4a();

  @Conv(filters = 448, kernel = {1, 3}, padding = {0, 1}, activation = IDENTITY, bias = false)
  Layer b4bConv();

  @BatchNorm(activation = RELU)
  Layer b4b();

  @Conv(filters = 512, kernel = {3, 1}, padding = {1, 0}, activation = IDENTITY, bias = false)
  Layer b4Conv();

  @BatchNorm(activation = RELU)
  Layer b4();

  @Conv(filters = 256, kernel = {3, 1}, padding = {1, 0}, activation = IDENTITY, bias = false)
  Layer b4cConv(Layer b4);

  @BatchNorm(activation = RELU)
  Layer b4c();

  @Conv(filters = 256, kernel = {1, 3}, padding = {0, 1}, activation = IDENTITY, bias = false)
  Layer b4dConv(Layer b4);

  @BatchNorm(activation = RELU)
  Layer b4d();

  @Concat
  Layer out(Layer b1, Layer b2, Layer b3a, Layer b3b, Layer b4c, Layer b4d);
}
