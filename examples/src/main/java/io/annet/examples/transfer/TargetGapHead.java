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
 * The new GAP head for the new classes: a convolution over the backbone's maps, their GAP vector and a
 * classifier, with dropout on the maps and on the GAP vector in training (the transfer job trains
 * it on as few as 50 examples; the network from scratch has the same head).
 */
@Block(input = @Input(channels = 64, height = 7, width = 7))
public interface TargetGapHead {
  /** [64, 7, 7] -> [64, 7, 7]: each value zeroed with probability 0.25 in training. */
  @Dropout(rate = 0.25)
  Layer dropMaps();

  /** [64, 7, 7] -> [64, 7, 7]. */
  @Conv(filters = 64, kernel = 3, padding = 1)
  Layer conv();

  /** [64, 7, 7] -> [64]. */
  @GlobalAvgPool
  Layer gap();

  /** [64] -> [64]: each feature zeroed with probability 0.5 in training. */
  @Dropout(rate = 0.5)
  Layer dropFeatures();

  /** [64] -> [5]. */
  @Dense(units = 5, activation = Activation.IDENTITY)
  Layer logits();
}
