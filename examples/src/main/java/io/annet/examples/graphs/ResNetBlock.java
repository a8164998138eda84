package io.annet.examples.graphs;

import static io.annet.dsl.Activation.IDENTITY;
import static io.annet.dsl.Activation.RELU;

import io.annet.dsl.Add;
import io.annet.dsl.BatchNorm;
import io.annet.dsl.Block;
import io.annet.dsl.Conv;
import io.annet.dsl.Layer;
import io.annet.dsl.Suppress;

/**
 * A ResNet basic block that doubles the channels to 32 and halves H and W (He et al. 2016): two
 * 3x3 conv-BN layers plus a 1x1 stride-2 projection shortcut, added, then ReLU.
 */
@Block
@Suppress("stride-drops-input") // the 1x1 stride-2 projection skips every other row by design
public interface ResNetBlock {
  /** 3x3 stride 2, conv-BN-ReLU. */
  @Conv(filters = 32, kernel = 3, stride = 2, padding = 1, activation = IDENTITY, bias = false)
  Layer conv1(Layer input);

  /** ReLU after the norm. */
  @BatchNorm(activation = RELU)
  Layer bn1();

  /** 3x3, conv-BN (the ReLU comes after the sum). */
  @Conv(filters = 32, kernel = 3, padding = 1, activation = IDENTITY, bias = false)
  Layer conv2();

  /** No activation before the sum. */
  @BatchNorm
  Layer bn2();

  /** The 1x1 projection shortcut: the input resized to the residual's shape. */
  @Conv(filters = 32, kernel = 1, stride = 2, activation = IDENTITY, bias = false)
  Layer project(Layer input);

  /** Normalised shortcut. */
  @BatchNorm
  Layer projectBn();

  /** Residual + shortcut, then ReLU. */
  @Add(activation = RELU)
  Layer sum(Layer bn2, Layer projectBn);
}
