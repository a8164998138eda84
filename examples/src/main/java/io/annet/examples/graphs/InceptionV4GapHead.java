package io.annet.examples.graphs;

import io.annet.dsl.Activation;
import io.annet.dsl.Block;
import io.annet.dsl.Dense;
import io.annet.dsl.Dropout;
import io.annet.dsl.GlobalAvgPool;
import io.annet.dsl.Input;
import io.annet.dsl.Layer;
import io.annet.dsl.Softmax;

/**
 * The head of Inception-v4 as a block: the 8x8x1536 output of the last Inception-C, average-pooled
 * to 1536, dropout (keep 0.8), a 1000-way linear classifier and softmax.
 */
@Block(input = @Input(channels = 1536, height = 8, width = 8))
public interface InceptionV4GapHead {
  /** [1536, 8, 8] -> [1536]. */
  @GlobalAvgPool
  Layer gap();

  /** Keep probability 0.8, as in the paper. */
  @Dropout(rate = 0.2)
  Layer dropout();

  /** [1536] -> [1000]. */
  @Dense(units = 1000, activation = Activation.IDENTITY)
  Layer logits();

  /** [1000] -> [1000]. */
  @Softmax
  Layer probs();
}
