package io.annet.examples.networks;

import io.annet.dsl.Activation;
import io.annet.dsl.Conv;
import io.annet.dsl.Dense;
import io.annet.dsl.GlobalAvgPool;
import io.annet.dsl.Input;
import io.annet.dsl.Layer;
import io.annet.dsl.Model;

/** SavedTiny under another name: every layer the same. */
@Model(input = @Input(channels = 1, height = 6, width = 6), classes = 3)
public interface RenamedTiny {
  @Conv(filters = 4, kernel = 3, padding = 1)
  Layer conv();

  @GlobalAvgPool
  Layer gap();

  @Dense(units = 3, activation = Activation.IDENTITY)
  Layer logits();
}
