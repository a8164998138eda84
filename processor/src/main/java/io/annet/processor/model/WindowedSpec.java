package io.annet.processor.model;

import io.annet.dsl.Window;

/**
 * A layer sliding a window over its input map ({@code @Conv}, {@code @MlpConv}, the pools,
 * {@code @DepthwiseConv}); open, so that a new windowed kind only implements it.
 */
public non-sealed interface WindowedSpec extends LayerSpec {

  /** Kernel, stride, padding and SAME of the window ({@code @MlpConv}: its first convolution). */
  Window window();

  /**
   * Whether the window pools (a maximum or a mean) rather than convolves: its stride defaults to
   * its kernel, and a window lying wholly in the padding would have no real cell.
   */
  default boolean pools() {
    return false;
  }
}
