package io.annet.runtime.layers;

import io.annet.dsl.Activation;
import io.annet.dsl.Window;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How a {@link ConvLayer} computes {@code conv2d(x, W) + b} and its gradients: oneDNN's primitives
 * ({@link OneDnnConv}, activation fused), libnd4j's {@code conv2d} ({@link LibNd4jConv}) or GEMMs
 * for 1x1 convolutions ({@link Pointwise}). {@link #choose} holds the choice.
 */
interface ConvBackend extends Backend<ConvBackend> {
  /** Which of the layer's paths this is. */
  ConvLayer.Path path();

  /** Whether {@link #forward} applies the layer's activation too (its result is then {@code y}). */
  default boolean fusesActivation() {
    return false;
  }

  /** Whether {@link #backward} can skip the input gradient ({@code dx == null}). */
  default boolean skipsInputGradient() {
    return false;
  }

  /**
   * Sets the {@link BlockedLayout} bits of the calls to come; false when this backend computes on
   * plain arrays only (any bits but 0).
   */
  default boolean layout(int bits) {
    return bits == 0;
  }

  /** {@code z = conv(x, w) + b} (then the activation, if fused); arrays c-order, preallocated. */
  void forward(INDArray x, INDArray w, INDArray b, INDArray z);

  /**
   * Sets {@code dw} and {@code db} (when {@code b} is not null) from {@code dz}, and {@code dx}
   * unless it is null (only where {@link #skipsInputGradient}).
   */
  void backward(INDArray x, INDArray w, INDArray b, INDArray dz, INDArray dx, INDArray dw,
      INDArray db);

  /**
   * Maps of at least this many pixels take the per-example GEMMs, smaller ones the batched GEMM
   * (measured at batch 64 by ConvPathProfiler: at 7x7 to 14x14 the per-example loop is 3-10x
   * slower than one batched GEMM; at 32x32 the two ran even, and the per-example one needs no
   * scratch copies).
   */
  int PER_EXAMPLE_MIN_PIXELS = 1024;

  /**
   * The backend of a layer ({@code path} null: chosen from the shape): oneDNN for float32 when it
   * loaded (libnd4j without its helpers for an extreme window oneDNN is not asked about);
   * otherwise GEMMs for a 1x1, stride-1, unpadded convolution (batched on small maps), else
   * libnd4j. An explicit GEMM path on another window, or oneDNN without float32 or the library,
   * is an error.
   */
  static ConvBackend choose(String name, ConvLayer.Path path, DataType dtype, int[] inputShape,
      int filters, Window window, Window nativeWindow, boolean bias, Activation activation) {
    int h = window.outputHeight(inputShape[1]);
    int w = window.outputWidth(inputShape[2]);
    boolean oneByOne = window.kernelHeight() == 1 && window.kernelWidth() == 1
        && h == inputShape[1] && w == inputShape[2]
        && window.strideHeight() == 1 && window.strideWidth() == 1;
    ConvLayer.Path chosen = path != null ? path
        : dtype == DataType.FLOAT && OneDnn.available() ? ConvLayer.Path.ONEDNN
        : !oneByOne ? ConvLayer.Path.NATIVE
        : h * w >= PER_EXAMPLE_MIN_PIXELS ? ConvLayer.Path.GEMM_PER_EXAMPLE
        : ConvLayer.Path.GEMM_BATCHED;
    switch (chosen) {
      case ONEDNN -> {
        if (dtype != DataType.FLOAT || !OneDnn.available()) {
          throw new IllegalArgumentException(
              name + ": the oneDNN path needs float32 and the library, found " + dtype + "; "
                  + OneDnn.status());
        }
        LibNd4jConv withoutHelpers = new LibNd4jConv(nativeWindow, false);
        return OneDnn.ordinary(window, inputShape[1], inputShape[2])
            ? new OneDnnConv(inputShape, filters, window, bias, activation, withoutHelpers)
            : withoutHelpers;
      }
      case NATIVE -> {
        return new LibNd4jConv(nativeWindow, true);
      }
      default -> {
        if (!oneByOne) {
          throw new IllegalArgumentException(name
              + ": the GEMM paths need a 1x1, stride-1, unpadded convolution, found " + window);
        }
        return new Pointwise(dtype, inputShape[0], filters, h * w,
            chosen == ConvLayer.Path.GEMM_BATCHED);
      }
    }
  }
}
