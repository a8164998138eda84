package io.annet.examples.networks;

import io.annet.dsl.Activation;
import io.annet.dsl.Conv;
import io.annet.dsl.Dense;
import io.annet.dsl.Flatten;
import io.annet.dsl.Input;
import io.annet.dsl.Layer;
import io.annet.dsl.MaxPool;
import io.annet.dsl.Model;

/** An MNIST model with a fully connected head and no {@code @Softmax}: the softmax is implicit. */
@SuppressWarnings("annet.fc-heavy")
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
public interface FcMnist {
  @Conv(filters = 4, kernel = 4, stride = 2, padding = 1, activation = Activation.TANH)
  Layer conv1();

  @MaxPool(kernel = 2)
  Layer pool1();

  @Flatten
  Layer flatten();

  @Dense(units = 24, activation = Activation.SIGMOID)
  Layer fc1();

  @Dense(units = 10, activation = Activation.IDENTITY)
  Layer fc2();
}
