package io.annet.examples.networks;

import io.annet.dsl.Activation;
import io.annet.dsl.AvgPool;
import io.annet.dsl.BatchNorm;
import io.annet.dsl.Conv;
import io.annet.dsl.Dense;
import io.annet.dsl.Dropout;
import io.annet.dsl.Flatten;
import io.annet.dsl.Input;
import io.annet.dsl.Layer;
import io.annet.dsl.MaxPool;
import io.annet.dsl.MlpConv;
import io.annet.dsl.Model;
import io.annet.dsl.Softmax;

/**
 * A tiny model with every chaining layer kind (the global pools are in {@link GlobalMaxHead} and
 * {@link GapMnist}); dropout has rate 0 so that finite differences see a deterministic loss.
 */
@Model(input = @Input(channels = 2, height = 9, width = 9), classes = 3)
public interface EveryKind {
  @Conv(filters = 4, kernel = {3, 2}, padding = {1, 0}, activation = Activation.LEAKY_RELU)
  Layer conv();

  @BatchNorm
  Layer norm();

  @MlpConv(filters = {5, 4}, kernel = 3, stride = 1, same = true, activation = Activation.TANH)
  Layer block();

  @MaxPool(kernel = 2, stride = 2, same = true)
  Layer maxPool();

  @AvgPool(kernel = 3, stride = 1, padding = 1)
  Layer avgPool();

  @Dropout(rate = 0.0)
  Layer drop();

  @Flatten
  Layer flatten();

  @Dense(units = 6, activation = Activation.SIGMOID, bias = false)
  Layer hidden();

  @Dense(units = 3, activation = Activation.IDENTITY)
  Layer logits();

  @Softmax
  Layer probs();
}
