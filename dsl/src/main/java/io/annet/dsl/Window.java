package io.annet.dsl;

/**
 * A sliding window of a convolution or pooling layer, and the one place where the output-size rule
 * lives: {@code out = floor((in + 2 * padding - kernel) / stride) + 1}, or {@code ceil(in / stride)}
 * for SAME padding. The processor checks shapes with it and the runtime checks its inputs with it.
 *
 * @param kernelHeight rows of the window
 * @param kernelWidth columns of the window
 * @param strideHeight vertical step
 * @param strideWidth horizontal step
 * @param paddingHeight zero rows added above and below (ignored when {@code same})
 * @param paddingWidth zero columns added left and right (ignored when {@code same})
 * @param same TensorFlow-style SAME padding: the output has {@code ceil(in / stride)} rows and
 *     columns; when the needed padding is odd, the extra row/column goes below/right
 */
public record Window(
    int kernelHeight,
    int kernelWidth,
    int strideHeight,
    int strideWidth,
    int paddingHeight,
    int paddingWidth,
    boolean same) {

  /** A square window with explicit padding. */
  public static Window square(int kernel, int stride, int padding) {
    return new Window(kernel, kernel, stride, stride, padding, padding, false);
  }

  /** Output rows for {@code inputHeight} input rows; less than 1 means the window does not fit. */
  public int outputHeight(int inputHeight) {
    return outputSize(inputHeight, kernelHeight, strideHeight, paddingHeight, same);
  }

  /** Output columns for {@code inputWidth} input columns; less than 1 means the window does not fit. */
  public int outputWidth(int inputWidth) {
    return outputSize(inputWidth, kernelWidth, strideWidth, paddingWidth, same);
  }

  /**
   * The output-size rule for one dimension: {@code floor((in + 2p - k) / s) + 1}, or {@code
   * ceil(in / s)} with SAME padding. Returns a value below 1 when the kernel exceeds the padded
   * input.
   */
  public static int outputSize(int input, int kernel, int stride, int padding, boolean same) {
    if (same) {
      return (int) ((input + (long) stride - 1) / stride);
    }
    long span = (long) input + 2L * padding - kernel;
    if (span < 0) {
      return 0;
    }
    return (int) Math.min(Integer.MAX_VALUE, span / stride + 1);
  }

  /**
   * The number of input rows (or columns) the window never reaches: {@code (in + 2p - k) % s}. A
   * nonzero value means the stride silently drops input. Always 0 for SAME padding.
   */
  public static int droppedInput(int input, int kernel, int stride, int padding, boolean same) {
    if (same) {
      return 0;
    }
    long span = (long) input + 2L * padding - kernel;
    return span < 0 ? 0 : (int) (span % stride);
  }

  /** Total SAME padding along one dimension (top + bottom, or left + right). */
  public static int samePaddingTotal(int input, int kernel, int stride) {
    int out = outputSize(input, kernel, stride, 0, true);
    return Math.max(0, (out - 1) * stride + kernel - input);
  }

  /** Compact text such as {@code 3x3/1 pad 1} or {@code 3x3/2 SAME}. */
  @Override
  public String toString() {
    String k = kernelHeight + "x" + kernelWidth;
    String s = strideHeight == strideWidth ? "" + strideHeight : strideHeight + "x" + strideWidth;
    String p =
        same
            ? "SAME"
            : "pad " + (paddingHeight == paddingWidth ? "" + paddingHeight : paddingHeight + "x" + paddingWidth);
    return k + "/" + s + " " + p;
  }
}
