package io.annet.examples.networks;

import io.annet.dsl.Activation;
import io.annet.dsl.Conv;
import io.annet.dsl.Dense;
import io.annet.dsl.GlobalMaxPool;
import io.annet.dsl.Input;
import io.annet.dsl.Layer;
import io.annet.dsl.Model;

/** A global max pool head with an implicit softmax. */
@Model(input = @Input(channels = 3, height = 6, width = 6), classes = 4)
public interface GlobalMaxHead {
  @Conv(filters = 5, kernel = 3, activation = Activation.SIGMOID)
  Layer conv();

  @GlobalMaxPool
  Layer gmp();

  @Dense(units = 4, activation = Activation.IDENTITY)
  Layer logits();
}
