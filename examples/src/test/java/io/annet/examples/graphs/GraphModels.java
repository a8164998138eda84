package io.annet.examples.graphs;

import static io.annet.dsl.Activation.IDENTITY;
import static io.annet.dsl.Activation.RELU;
import static io.annet.dsl.Activation.TANH;

import io.annet.dsl.Add;
import io.annet.dsl.AvgPool;
import io.annet.dsl.BatchNorm;
import io.annet.dsl.Block;
import io.annet.dsl.Concat;
import io.annet.dsl.Conv;
import io.annet.dsl.Dense;
import io.annet.dsl.Flatten;
import io.annet.dsl.GlobalAvgPool;
import io.annet.dsl.Input;
import io.annet.dsl.Layer;
import io.annet.dsl.Model;
import io.annet.dsl.Repeat;
import io.annet.dsl.Softmax;
import io.annet.dsl.Use;

/**
 * Small graph models compiled by the processor for the whole-network gradient checks: the same
 * declarations as the hand-written networks of the runtime tests ({@code InceptionModuleNetwork},
 * {@code ResidualBlockNetwork}), so the generated code is checked the way they are.
 */
final class GraphModels {
  private GraphModels() {}

  /** A four-branch Inception-style block with asymmetric kernels. */
  @Block
  interface MiniInception {
    @Conv(filters = 3, kernel = 1)
    Layer b1(Layer input);

    @Conv(filters = 2, kernel = 1)
    Layer b2a(Layer input);

    @Conv(filters = 3, kernel = 3, padding = 1)
    Layer b2();

    @Conv(filters = 2, kernel = 1)
    Layer b3a(Layer input);

    @Conv(filters = 2, kernel = {1, 3}, padding = {0, 1})
    Layer b3b();

    @Conv(filters = 3, kernel = {3, 1}, padding = {1, 0})
    Layer b3();

    @AvgPool(kernel = 3, stride = 1, padding = 1)
    Layer b4a(Layer input);

    @Conv(filters = 2, kernel = 1)
    Layer b4();

    @Concat
    Layer out(Layer b1, Layer b2, Layer b3, Layer b4);
  }

  /** A stem feeding two repetitions of {@link MiniInception}. */
  @Model(input = @Input(channels = 2, height = 6, width = 6), classes = 3)
  interface InceptionModule {
    @Conv(filters = 4, kernel = 3, padding = 1, activation = TANH)
    Layer stem();

    @Repeat(2)
    @Use(MiniInception.class)
    Layer mixed();

    @GlobalAvgPool
    Layer gap();

    @Dense(units = 3, activation = IDENTITY)
    Layer logits();

    @Softmax
    Layer probs();
  }

  /** Two ResNet basic blocks: a projection shortcut, then an identity one; conv-BN-ReLU. */
  @Model(input = @Input(channels = 2, height = 5, width = 5), classes = 3)
  interface ResidualBlocks {
    @Conv(filters = 3, kernel = 3, padding = 1, activation = TANH)
    Layer stem();

    @Conv(filters = 4, kernel = 3, stride = 2, padding = 1, activation = IDENTITY, bias = false)
    Layer conv1();

    @BatchNorm(activation = RELU)
    Layer bn1();

    @Conv(filters = 4, kernel = 3, padding = 1, activation = IDENTITY, bias = false)
    Layer conv2();

    @BatchNorm
    Layer bn2();

    @Conv(filters = 4, kernel = 1, stride = 2, activation = IDENTITY, bias = false)
    Layer project(Layer stem);

    @BatchNorm
    Layer projectBn();

    @Add(activation = RELU)
    Layer sum1(Layer bn2, Layer projectBn);

    @Conv(filters = 4, kernel = 3, padding = 1, activation = IDENTITY, bias = false)
    Layer conv3();

    @BatchNorm(activation = RELU)
    Layer bn3();

    @Conv(filters = 4, kernel = 3, padding = 1, activation = IDENTITY, bias = false)
    Layer conv4();

    @BatchNorm
    Layer bn4();

    @Add(activation = RELU)
    Layer sum2(Layer bn4, Layer sum1);

    @GlobalAvgPool
    Layer gap();

    @Dense(units = 3, activation = IDENTITY)
    Layer logits();

    @Softmax
    Layer probs();
  }

  /**
   * Two 16-map branches concatenated, then flattened into a dense layer: the concatenation's result
   * stays plain in a blocked training step, and so must its inputs (TrainingLayoutsTest).
   */
  @Model(input = @Input(channels = 3, height = 4, width = 4), classes = 10)
  interface ConcatIntoDense {
    @Conv(filters = 16, kernel = 3, padding = 1)
    Layer stem();

    @Conv(filters = 16, kernel = 1)
    Layer left(Layer stem);

    @Conv(filters = 16, kernel = 3, padding = 1)
    Layer right(Layer stem);

    @Concat
    Layer both(Layer left, Layer right);

    @Flatten
    Layer flat();

    @Dense(units = 10, activation = IDENTITY)
    Layer logits();

    @Softmax
    Layer probs();
  }
}
