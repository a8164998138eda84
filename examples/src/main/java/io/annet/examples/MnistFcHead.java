package io.annet.examples;

import io.annet.dsl.Activation;
import io.annet.dsl.Conv;
import io.annet.dsl.Dense;
import io.annet.dsl.Flatten;
import io.annet.dsl.Input;
import io.annet.dsl.Layer;
import io.annet.dsl.MaxPool;
import io.annet.dsl.Model;
import io.annet.dsl.Softmax;

/**
 * A small MNIST classifier with the classic fully connected head: the shared convolutional body,
 * then flatten, a hidden dense layer and a 10-way dense layer; compare with {@link MnistGapHead}.
 *
 * <p>The dense-heavy head is the point of the comparison, so the processor's advice to replace it
 * with global average pooling is acknowledged and silenced.
 */
@SuppressWarnings("annet.fc-heavy")
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
public interface MnistFcHead {
  /** [1, 28, 28] -> [16, 28, 28]. */
  @Conv(filters = 16, kernel = 3, padding = 1)
  Layer conv1();

  /** [16, 28, 28] -> [16, 14, 14]. */
  @MaxPool(kernel = 2)
  Layer pool1();

  /** [16, 14, 14] -> [32, 14, 14]. */
  @Conv(filters = 32, kernel = 3, padding = 1)
  Layer conv2();

  /** [32, 14, 14] -> [32, 7, 7]. */
  @MaxPool(kernel = 2)
  Layer pool2();

  /** [32, 7, 7] -> [1568]. */
  @Flatten
  Layer flatten();

  /** [1568] -> [64]: most of the model's parameters live here. */
  @Dense(units = 64)
  Layer fc1();

  /** [64] -> [10]: the class scores. */
  @Dense(units = 10, activation = Activation.IDENTITY)
  Layer fc2();

  /** [10] -> [10]: class probabilities. */
  @Softmax
  Layer probs();
}
