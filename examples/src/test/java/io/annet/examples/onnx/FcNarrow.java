package io.annet.examples.onnx;

import io.annet.dsl.Activation;
import io.annet.dsl.Conv;
import io.annet.dsl.Dense;
import io.annet.dsl.Flatten;
import io.annet.dsl.Input;
import io.annet.dsl.Layer;
import io.annet.dsl.MaxPool;
import io.annet.dsl.Model;

/**
 * {@code MnistFcHead} with 24 instead of 32 filters in its second convolution: importing
 * MnistFcHead's export must fail there, after the first convolution matched, and leave it as it
 * was.
 */
@SuppressWarnings("annet.fc-heavy")
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
public interface FcNarrow {
  @Conv(filters = 16, kernel = 3, padding = 1)
  Layer conv1();

  @MaxPool(kernel = 2)
  Layer pool1();

  @Conv(filters = 24, kernel = 3, padding = 1)
  Layer conv2();

  @MaxPool(kernel = 2)
  Layer pool2();

  @Flatten
  Layer flatten();

  @Dense(units = 64)
  Layer fc1();

  @Dense(units = 10, activation = Activation.IDENTITY)
  Layer fc2();
}
