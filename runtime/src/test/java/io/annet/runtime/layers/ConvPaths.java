package io.annet.runtime.layers;

import io.annet.dsl.Activation;
import io.annet.dsl.Window;
import io.annet.runtime.Initializer;
import org.nd4j.linalg.api.buffer.DataType;

/** Test access to {@link ConvLayer}'s computation paths from other packages (the profilers). */
public final class ConvPaths {
  private ConvPaths() {}

  /**
   * A convolution forced onto a path: {@code "NATIVE"}, {@code "GEMM_PER_EXAMPLE"} or {@code
   * "GEMM_BATCHED"}.
   */
  public static ConvLayer withPath(
      String path, String name, int[] inputShape, int filters, Window window,
      Activation activation, boolean bias, DataType dtype, Initializer init) {
    return new ConvLayer(name, "Conv", inputShape, filters, window, activation, bias, dtype, init,
        ConvLayer.Path.valueOf(path));
  }

  /** The path a layer computes with, by name. */
  public static String pathOf(ConvLayer layer) {
    return layer.path().name();
  }
}
