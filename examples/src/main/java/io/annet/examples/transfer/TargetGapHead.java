package io.annet.examples.transfer;

import io.annet.dsl.Activation;
import io.annet.dsl.Block;
import io.annet.dsl.Dense;
import io.annet.dsl.GlobalAvgPool;
import io.annet.dsl.Input;
import io.annet.dsl.Layer;

/** The new GAP head for the new classes: the GAP vector, a hidden layer and a classifier. */
@Block(input = @Input(channels = 64, height = 7, width = 7))
public interface TargetGapHead {
  /** [64, 7, 7] -> [64]: what {@code features(x)} returns. */
  @GlobalAvgPool
  Layer gap();

  /** [64] -> [64]. */
  @Dense(units = 64, activation = Activation.RELU)
  Layer hidden();

  /** [64] -> [5]. */
  @Dense(units = 5, activation = Activation.IDENTITY)
  Layer logits();
}
