package io.annet.examples.graphs;

import io.annet.dsl.Block;
import io.annet.dsl.Concat;
import io.annet.dsl.Conv;
import io.annet.dsl.Layer;
import io.annet.dsl.MaxPool;

/**
 * A GoogLeNet inception module (Szegedy et al. 2015, figure 2b) at MNIST scale: 1x1, 1x1 -> 3x3,
 * 1x1 -> 5x5 and 3x3 max-pool -> 1x1 branches, concatenated to {@code [64, H, W]} whatever {@code
 * H, W} it is fed.
 */
@Block
public interface GoogLeNetModule {
  /** 1x1: 16 maps. */
  @Conv(filters = 16, kernel = 1)
  Layer b1(Layer input);

  /** 1x1 reduction before the 3x3. */
  @Conv(filters = 16, kernel = 1)
  Layer b2Reduce(Layer input);

  /** 3x3: 24 maps. */
  @Conv(filters = 24, kernel = 3, padding = 1)
  Layer b2();

  /** 1x1 reduction before the 5x5. */
  @Conv(filters = 4, kernel = 1)
  Layer b3Reduce(Layer input);

  /** 5x5: 8 maps. */
  @Conv(filters = 8, kernel = 5, padding = 2)
  Layer b3();

  /** 3x3 max-pool, stride 1. */
  @MaxPool(kernel = 3, stride = 1, padding = 1)
  Layer b4Pool(Layer input);

  /** Pool projection: 16 maps. */
  @Conv(filters = 16, kernel = 1)
  Layer b4();

  /** 16 + 24 + 8 + 16 = 64 maps. */
  @Concat
  Layer out(Layer b1, Layer b2, Layer b3, Layer b4);
}
