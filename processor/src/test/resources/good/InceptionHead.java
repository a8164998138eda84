package io.annet.golden;

import io.annet.dsl.Activation;
import io.annet.dsl.Dense;
import io.annet.dsl.GlobalAvgPool;
import io.annet.dsl.Input;
import io.annet.dsl.Layer;
import io.annet.dsl.Model;
import io.annet.dsl.Softmax;

/** A head in the Inception-v4 style: 8x8x1536 features -> GAP -> 1536 -> Dense -> classes. */
@Model(input = @Input(channels = 1536, height = 8, width = 8), classes = 10)
public interface InceptionHead {
  @GlobalAvgPool
  Layer gap();

  @Dense(units = 10, activation = Activation.IDENTITY)
  Layer logits();

  @Softmax
  Layer probs();
}
