package io.annet.examples.graphs;

import static io.annet.dsl.Activation.IDENTITY;
import static io.annet.dsl.Activation.RELU;

import io.annet.dsl.*;

/**
 * Inception-B of Inception-v4 (figure 5): four branches with asymmetric 1x7 and 7x1 kernels on
 * {@code [1024, 17, 17]}, concatenated to {@code [1024, 17, 17]}.
 */
@Block
public interface InceptionB {
  @AvgPool(kernel = 3, stride = 1, padding = 1)
  Layer b1Pool(Layer input);

  @Conv(filters = 128, kernel = 1, activation = IDENTITY, bias = false)
  Layer b1Conv();

  @BatchNorm(activation = RELU)
  Layer b1();

  @Conv(filters = 384, kernel = 1, activation = IDENTITY, bias = false)
  Layer b2Conv(Layer input);

  @BatchNorm(activation = RELU)
  Layer b2();

  @Conv(filters = 192, kernel = 1, activation = IDENTITY, bias = false)
  Layer b3aConv(Layer input);

  @BatchNorm(activation = RELU)
  Layer b3a();

  @Conv(filters = 224, kernel = {1, 7}, padding = {0, 3}, activation = IDENTITY, bias = false)
  Layer b3bConv();

  @BatchNorm(activation = RELU)
  Layer b3b();

  @Conv(filters = 256, kernel = {7, 1}, padding = {3, 0}, activation = IDENTITY, bias = false)
  Layer b3Conv();

  @BatchNorm(activation = RELU)
  Layer b3();

  @Conv(filters = 192, kernel = 1, activation = IDENTITY, bias = false)
  Layer b4aConv(Layer input);

  @BatchNorm(activation = RELU)
  Layer b4a();

  @Conv(filters = 192, kernel = {1, 7}, padding = {0, 3}, activation = IDENTITY, bias = false)
  Layer b4bConv();

  @BatchNorm(activation = RELU)
  Layer b4b();

  @Conv(filters = 224, kernel = {7, 1}, padding = {3, 0}, activation = IDENTITY, bias = false)
  Layer b4cConv();

  @BatchNorm(activation = RELU)
  Layer b4c();

  @Conv(filters = 224, kernel = {1, 7}, padding = {0, 3}, activation = IDENTITY, bias = false)
  Layer b4dConv();

  @BatchNorm(activation = RELU)
  Layer b4d();

  @Conv(filters = 256, kernel = {7, 1}, padding = {3, 0}, activation = IDENTITY, bias = false)
  Layer b4Conv();

  @BatchNorm(activation = RELU)
  Layer b4();

  @Concat
  Layer out(Layer b1, Layer b2, Layer b3, Layer b4);
}
