package io.annet.examples.graphs;

import io.annet.dsl.Activation;
import io.annet.dsl.Conv;
import io.annet.dsl.Dense;
import io.annet.dsl.GlobalAvgPool;
import io.annet.dsl.Input;
import io.annet.dsl.Layer;
import io.annet.dsl.MaxPool;
import io.annet.dsl.Model;
import io.annet.dsl.Repeat;
import io.annet.dsl.Softmax;
import io.annet.dsl.Use;

/**
 * A GoogLeNet-style network for MNIST: a convolutional stem, two inception modules, a max-pool,
 * two more, then global average pooling and one dense layer (the GoogLeNet head).
 */
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
public interface InceptionMnist {
  /** [1, 28, 28] -> [32, 28, 28]. */
  @Conv(filters = 32, kernel = 3, padding = 1)
  Layer stem();

  /** [32, 28, 28] -> [32, 14, 14]. */
  @MaxPool(kernel = 2)
  Layer pool1();

  /** 2 x inception: [32, 14, 14] -> [64, 14, 14]. */
  @Repeat(2)
  @Use(GoogLeNetModule.class)
  Layer inception3();

  /** [64, 14, 14] -> [64, 7, 7]. */
  @MaxPool(kernel = 2)
  Layer pool2();

  /** 2 x inception: [64, 7, 7] -> [64, 7, 7]. */
  @Repeat(2)
  @Use(GoogLeNetModule.class)
  Layer inception4();

  /** [64, 7, 7] -> [64]. */
  @GlobalAvgPool
  Layer gap();

  /** [64] -> [10]. */
  @Dense(units = 10, activation = Activation.IDENTITY)
  Layer logits();

  /** [10] -> [10]. */
  @Softmax
  Layer probs();
}
