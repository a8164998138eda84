package io.annet.examples.onnx;

import static io.annet.dsl.Activation.IDENTITY;
import static io.annet.dsl.Activation.RELU;

import io.annet.dsl.Add;
import io.annet.dsl.AvgPool;
import io.annet.dsl.BatchNorm;
import io.annet.dsl.Conv;
import io.annet.dsl.Dense;
import io.annet.dsl.Flatten;
import io.annet.dsl.Input;
import io.annet.dsl.Layer;
import io.annet.dsl.MaxPool;
import io.annet.dsl.Model;

/**
 * The Annet twin of the PyTorch module in {@code src/test/resources/onnx/make_fixture.py}:
 * conv-BN-ReLU, max pooling, a residual conv-BN block, an asymmetric 3x1 convolution, average
 * pooling and two dense layers (softmax implicit).
 */
@SuppressWarnings("annet.fc-heavy")
@Model(input = @Input(channels = 1, height = 12, width = 12), classes = 4)
public interface TorchTwin {
  @Conv(filters = 6, kernel = 3, padding = 1, activation = IDENTITY, bias = false)
  Layer conv1();

  @BatchNorm(activation = RELU)
  Layer bn1();

  @MaxPool(kernel = 2)
  Layer pool1();

  @Conv(filters = 6, kernel = 3, padding = 1, activation = IDENTITY, bias = false)
  Layer res();

  @BatchNorm
  Layer resBn();

  @Add(activation = RELU)
  Layer sum(Layer resBn, Layer pool1);

  @Conv(filters = 8, kernel = {3, 1}, padding = {1, 0})
  Layer conv2();

  @AvgPool(kernel = 2)
  Layer pool2();

  @Flatten
  Layer flatten();

  @Dense(units = 16)
  Layer fc1();

  @Dense(units = 4, activation = IDENTITY)
  Layer fc2();
}
