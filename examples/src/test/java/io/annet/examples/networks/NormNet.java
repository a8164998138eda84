package io.annet.examples.networks;

import io.annet.dsl.Activation;
import io.annet.dsl.BatchNorm;
import io.annet.dsl.Conv;
import io.annet.dsl.Dense;
import io.annet.dsl.GlobalAvgPool;
import io.annet.dsl.Input;
import io.annet.dsl.Layer;
import io.annet.dsl.Model;
import io.annet.dsl.Softmax;

/** Batch normalisation both spatial (after a convolution) and per unit (after a dense layer). */
@Model(input = @Input(channels = 2, height = 8, width = 8), classes = 5)
public interface NormNet {
  @Conv(filters = 6, kernel = 3, padding = 1, bias = false, activation = Activation.IDENTITY)
  Layer conv1();

  @BatchNorm
  Layer norm1();

  @Conv(filters = 6, kernel = 3, stride = 2, same = true, activation = Activation.LEAKY_RELU)
  Layer conv2();

  @GlobalAvgPool
  Layer gap();

  @Dense(units = 8, activation = Activation.TANH)
  Layer fc();

  @BatchNorm(momentum = 0.8, epsilon = 1e-3)
  Layer norm2();

  @Dense(units = 5, activation = Activation.IDENTITY)
  Layer logits();

  @Softmax
  Layer probs();
}
