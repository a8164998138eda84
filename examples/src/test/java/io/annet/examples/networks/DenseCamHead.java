package io.annet.examples.networks;

import io.annet.dsl.Activation;
import io.annet.dsl.Conv;
import io.annet.dsl.Dense;
import io.annet.dsl.GlobalAvgPool;
import io.annet.dsl.Input;
import io.annet.dsl.Layer;
import io.annet.dsl.Model;
import io.annet.dsl.Softmax;

/** GAP followed by one dense layer: the class activation maps of Zhou et al. (2016). */
@Model(input = @Input(channels = 3, height = 10, width = 10), classes = 4)
public interface DenseCamHead {
  @Conv(filters = 6, kernel = 3, padding = 1)
  Layer features();

  @GlobalAvgPool
  Layer gap();

  @Dense(units = 4, activation = Activation.IDENTITY)
  Layer scores();

  @Softmax
  Layer probs();
}
