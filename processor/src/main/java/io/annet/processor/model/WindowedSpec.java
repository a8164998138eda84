package io.annet.processor.model;

import io.annet.dsl.Window;

/** A layer sliding a window over its input map: {@code @Conv}, {@code @MlpConv}, the pools,
 * {@code @DepthwiseConv}. */
public sealed interface WindowedSpec extends LayerSpec
    permits ConvSpec, MlpConvSpec, MaxPoolSpec, AvgPoolSpec, DepthwiseConvSpec {

  /** Kernel, stride, padding and SAME of the window ({@code @MlpConv}: its first convolution). */
  Window window();
}
