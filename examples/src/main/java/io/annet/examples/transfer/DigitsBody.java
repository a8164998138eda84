package io.annet.examples.transfer;

import io.annet.dsl.Block;
import io.annet.dsl.Conv;
import io.annet.dsl.Layer;
import io.annet.dsl.MaxPool;

/**
 * The backbone the transfer job reuses: two 3x3 convolutions, each followed by a 2x2 max pooling,
 * {@code [1, 28, 28] -> [64, 7, 7]}. Trained under {@link DigitsSource} on digits 0-4, it is loaded into {@link
 * DigitsTarget} for digits 5-9.
 */
@Block
public interface DigitsBody {
  /** [1, 28, 28] -> [32, 28, 28]. */
  @Conv(filters = 32, kernel = 3, padding = 1)
  Layer conv1();

  /** [32, 28, 28] -> [32, 14, 14]. */
  @MaxPool(kernel = 2)
  Layer pool1();

  /** [32, 14, 14] -> [64, 14, 14]. */
  @Conv(filters = 64, kernel = 3, padding = 1)
  Layer conv2();

  /** [64, 14, 14] -> [64, 7, 7]: the maps the heads start from. */
  @MaxPool(kernel = 2)
  Layer pool2();
}
