package io.annet.examples.transfer;

import io.annet.dsl.Activation;
import io.annet.dsl.Block;
import io.annet.dsl.Conv;
import io.annet.dsl.Dense;
import io.annet.dsl.Dropout;
import io.annet.dsl.GlobalAvgPool;
import io.annet.dsl.Input;
import io.annet.dsl.Layer;

/**
 * The head {@link DigitsBody} is first trained with: a convolution, its GAP vector (half of it
 * dropped in training, which makes the backbone transfer better to digits 5-9: see the README's
 * transfer section), a hidden layer and a classifier.
 */
@Block(input = @Input(channels = 64, height = 7, width = 7))
public interface SourceHead {
  /** [64, 7, 7] -> [64, 7, 7]. */
  @Conv(filters = 64, kernel = 3, padding = 1)
  Layer conv();

  /** [64, 7, 7] -> [64]. */
  @GlobalAvgPool
  Layer gap();

  /** [64] -> [64]: each feature zeroed with probability 0.5 in training. */
  @Dropout(rate = 0.5)
  Layer drop();

  /** [64] -> [32]. */
  @Dense(units = 32, activation = Activation.RELU)
  Layer hidden();

  /** [32] -> [5]. */
  @Dense(units = 5, activation = Activation.IDENTITY)
  Layer logits();
}
