package io.annet.examples.transfer;

import io.annet.dsl.Block;
import io.annet.dsl.Conv;
import io.annet.dsl.Layer;
import io.annet.dsl.MaxPool;

/**
 * The backbone the transfer job reuses: three 3x3 convolutions and two poolings, {@code [1, 28,
 * 28] -> [64, 7, 7]}. Trained under {@link DigitsSource} on digits 0-4, it is loaded into {@link
 * DigitsTarget} for digits 5-9.
 */
@Block
public interface DigitsBody {
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

  /** [32, 7, 7] -> [64, 7, 7]: the maps the heads pool. */
  @Conv(filters = 64, kernel = 3, padding = 1)
  Layer conv3();
}
