package io.annet.examples.graphs;

import static io.annet.dsl.Activation.IDENTITY;
import static io.annet.dsl.Activation.RELU;

import io.annet.dsl.*;

/**
 * The stem of Inception-v4 (Szegedy et al. 2016, figure 3): {@code [3, 299, 299] -> [384, 35,
 * 35]}. Every convolution is conv (no bias) + batch norm + ReLU; "V" convolutions are unpadded,
 * the others keep the size, and the 7x1 / 1x7 pair is asymmetric.
 */
@Block
public interface InceptionV4Stem {
  @Conv(filters = 32, kernel = 3, stride = 2, activation = IDENTITY, bias = false)
  Layer conv1Conv();

  @BatchNorm(activation = RELU)
  Layer conv1();

  @Conv(filters = 32, kernel = 3, activation = IDENTITY, bias = false)
  Layer conv2Conv();

  @BatchNorm(activation = RELU)
  Layer conv2();

  @Conv(filters = 64, kernel = 3, padding = 1, activation = IDENTITY, bias = false)
  Layer conv3Conv();

  @BatchNorm(activation = RELU)
  Layer conv3();

  @MaxPool(kernel = 3, stride = 2)
  Layer pool4(Layer conv3);

  @Conv(filters = 96, kernel = 3, stride = 2, activation = IDENTITY, bias = false)
  Layer conv4Conv(Layer conv3);

  @BatchNorm(activation = RELU)
  Layer conv4();

  @Concat
  Layer mixed4(Layer pool4, Layer conv4);

  @Conv(filters = 64, kernel = 1, activation = IDENTITY, bias = false)
  Layer a1Conv(Layer mixed4);

  @BatchNorm(activation = RELU)
  Layer a1();

  @Conv(filters = 96, kernel = 3, activation = IDENTITY, bias = false)
  Layer a2Conv();

  @BatchNorm(activation = RELU)
  Layer a2();

  @Conv(filters = 64, kernel = 1, activation = IDENTITY, bias = false)
  Layer b1Conv(Layer mixed4);

  @BatchNorm(activation = RELU)
  Layer b1();

  @Conv(filters = 64, kernel = {7, 1}, padding = {3, 0}, activation = IDENTITY, bias = false)
  Layer b2Conv();

  @BatchNorm(activation = RELU)
  Layer b2();

  @Conv(filters = 64, kernel = {1, 7}, padding = {0, 3}, activation = IDENTITY, bias = false)
  Layer b3Conv();

  @BatchNorm(activation = RELU)
  Layer b3();

  @Conv(filters = 96, kernel = 3, activation = IDENTITY, bias = false)
  Layer b4Conv();

  @BatchNorm(activation = RELU)
  Layer b4();

  @Concat
  Layer mixed5(Layer a2, Layer b4);

  @Conv(filters = 192, kernel = 3, stride = 2, activation = IDENTITY, bias = false)
  Layer conv6Conv();

  @BatchNorm(activation = RELU)
  Layer conv6();

  @MaxPool(kernel = 3, stride = 2)
  Layer pool6(Layer mixed5);

  @Concat
  Layer out(Layer conv6, Layer pool6);
}
