package io.annet.golden;

import io.annet.dsl.Activation;
import io.annet.dsl.BatchNorm;
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
public interface MnistFc {
  @Conv(filters = 32, kernel = 5, padding = 2)
  Layer conv1();

  @MaxPool(kernel = 2)
  Layer pool1();

  @Conv(filters = 64, kernel = 5, padding = 2)
  Layer conv2();

  @MaxPool(kernel = 2)
  Layer pool2();

  @Flatten
  Layer flatten();

  @Dense(units = 128)
  Layer fc1();

  @BatchNorm
  Layer norm();

  @Dense(units = 10, activation = Activation.IDENTITY)
  Layer fc2();
}
