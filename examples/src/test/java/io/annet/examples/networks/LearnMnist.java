package io.annet.examples.networks;

import io.annet.dsl.Activation;
import io.annet.dsl.Conv;
import io.annet.dsl.Dense;
import io.annet.dsl.Flatten;
import io.annet.dsl.Input;
import io.annet.dsl.Layer;
import io.annet.dsl.MaxPool;
import io.annet.dsl.Model;
import io.annet.dsl.Softmax;

/** A small generated MNIST model for the learning test: two conv/pool stages and an FC head. */
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
@SuppressWarnings("annet.fc-heavy")
public interface LearnMnist {
  @Conv(filters = 8, kernel = 3, padding = 1)
  Layer conv1();

  @MaxPool(kernel = 2)
  Layer pool1();

  @Conv(filters = 16, kernel = 3, padding = 1)
  Layer conv2();

  @MaxPool(kernel = 2)
  Layer pool2();

  @Flatten
  Layer flat();

  @Dense(units = 32)
  Layer fc();

  @Dense(units = 10, activation = Activation.IDENTITY)
  Layer scores();

  @Softmax
  Layer probs();
}
