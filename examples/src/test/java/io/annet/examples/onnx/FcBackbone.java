package io.annet.examples.onnx;

import static io.annet.dsl.Activation.IDENTITY;

import io.annet.dsl.Conv;
import io.annet.dsl.Dense;
import io.annet.dsl.GlobalAvgPool;
import io.annet.dsl.Input;
import io.annet.dsl.Layer;
import io.annet.dsl.MaxPool;
import io.annet.dsl.Model;

/**
 * The convolutional body of {@code MnistFcHead} under a new 5-class head: the target of a partial
 * (backbone) import from MnistFcHead's ONNX export.
 */
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 5)
public interface FcBackbone {
  @Conv(filters = 16, kernel = 3, padding = 1)
  Layer conv1();

  @MaxPool(kernel = 2)
  Layer pool1();

  @Conv(filters = 32, kernel = 3, padding = 1)
  Layer conv2();

  @MaxPool(kernel = 2)
  Layer pool2();

  @GlobalAvgPool
  Layer gap();

  @Dense(units = 5, activation = IDENTITY)
  Layer logits();
}
