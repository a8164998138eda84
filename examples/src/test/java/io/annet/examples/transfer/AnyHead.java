package io.annet.examples.transfer;

import io.annet.dsl.Activation;
import io.annet.dsl.Block;
import io.annet.dsl.Dense;
import io.annet.dsl.GlobalAvgPool;
import io.annet.dsl.Layer;

/** A GAP head for any maps: the GAP vector and a 3-way classifier. */
@Block
public interface AnyHead {
  @GlobalAvgPool
  Layer gap();

  @Dense(units = 3, activation = Activation.IDENTITY)
  Layer logits();
}
