package io.annet.examples.graphs;

import static io.annet.dsl.Activation.IDENTITY;
import static io.annet.dsl.Activation.RELU;

import io.annet.dsl.Add;
import io.annet.dsl.BatchNorm;
import io.annet.dsl.Conv;
import io.annet.dsl.Dense;
import io.annet.dsl.GlobalAvgPool;
import io.annet.dsl.Input;
import io.annet.dsl.Layer;
import io.annet.dsl.Model;
import io.annet.dsl.Use;

/**
 * A small ResNet for CIFAR-10: a conv-BN-ReLU stem, one identity basic block at 16 channels, one
 * downsampling block with a 1x1 projection shortcut ({@link ResNetBlock}), global average pooling
 * and a dense classifier.
 */
@Model(input = @Input(channels = 3, height = 32, width = 32), classes = 10)
public interface ResNetCifar {
  /** [3, 32, 32] -> [16, 32, 32]. */
  @Conv(filters = 16, kernel = 3, padding = 1, activation = IDENTITY, bias = false)
  Layer stem();

  /** Conv-BN-ReLU. */
  @BatchNorm(activation = RELU)
  Layer stemBn();

  /** Identity block, first 3x3. */
  @Conv(filters = 16, kernel = 3, padding = 1, activation = IDENTITY, bias = false)
  Layer conv1();

  /** Conv-BN-ReLU. */
  @BatchNorm(activation = RELU)
  Layer bn1();

  /** Identity block, second 3x3. */
  @Conv(filters = 16, kernel = 3, padding = 1, activation = IDENTITY, bias = false)
  Layer conv2();

  /** No activation before the sum. */
  @BatchNorm
  Layer bn2();

  /** The residual plus the block's input (the identity shortcut), then ReLU: [16, 32, 32]. */
  @Add(activation = RELU)
  Layer sum1(Layer bn2, Layer stemBn);

  /** Downsampling block with a projection shortcut: [16, 32, 32] -> [32, 16, 16]. */
  @Use(ResNetBlock.class)
  Layer block2();

  /** [32, 16, 16] -> [32]. */
  @GlobalAvgPool
  Layer gap();

  /** [32] -> [10], softmax implicit. */
  @Dense(units = 10, activation = IDENTITY)
  Layer logits();
}
