package io.annet.examples.transfer;

import io.annet.dsl.Block;
import io.annet.dsl.Conv;
import io.annet.dsl.Layer;
import io.annet.dsl.MaxPool;

/** {@link DigitsBody} with 48 filters in conv2 instead of 64: a backbone that differs. */
@Block
public interface NarrowBody {
  @Conv(filters = 32, kernel = 3, padding = 1)
  Layer conv1();

  @MaxPool(kernel = 2)
  Layer pool1();

  @Conv(filters = 48, kernel = 3, padding = 1)
  Layer conv2();

  @MaxPool(kernel = 2)
  Layer pool2();
}
