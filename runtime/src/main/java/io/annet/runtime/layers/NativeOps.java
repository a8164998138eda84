package io.annet.runtime.layers;

import io.annet.dsl.Window;
import io.annet.runtime.ShapeMismatchException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The libnd4j declarable ops the kernels call, with their integer arguments spelled out once (see
 * the shared ND4J notes): NCHW data, {@code [out, in, kh, kw]} weights, outputs preallocated.
 */
final class NativeOps {
  private static final int NCHW = 0;
  private static final int WEIGHTS_OIHW = 1;

  private NativeOps() {}

  /**
   * The window to hand libnd4j for an input of {@code h x w}. libnd4j's SAME mode computes the top
   * padding as {@code ((out - 1) s + k - in) / 2} without clamping at 0, so with a kernel smaller
   * than the stride it shifts the windows; a SAME window whose padding totals are even (0
   * included) is therefore passed as the equal explicit window, and libnd4j's SAME mode is used
   * only for odd totals (the extra row/column below/right). The one case neither can express, an
   * odd total on one axis and a kernel at least 2 smaller than the stride on the other, is
   * rejected.
   */
  static Window resolve(String layer, Window window, int h, int w) {
    if (!window.same()) {
      return window;
    }
    int th = Window.samePaddingTotal(h, window.kernelHeight(), window.strideHeight());
    int tw = Window.samePaddingTotal(w, window.kernelWidth(), window.strideWidth());
    if (th % 2 == 0 && tw % 2 == 0) {
      return new Window(window.kernelHeight(), window.kernelWidth(), window.strideHeight(),
          window.strideWidth(), th / 2, tw / 2, false);
    }
    int rawH = (window.outputHeight(h) - 1) * window.strideHeight() + window.kernelHeight() - h;
    int rawW = (window.outputWidth(w) - 1) * window.strideWidth() + window.kernelWidth() - w;
    if (rawH < -1 || rawW < -1) {
      throw new ShapeMismatchException(
          layer + ": SAME window " + window + " on " + h + "x" + w + " needs odd padding on one"
              + " axis and a kernel smaller than the stride on the other, which the ND4J backend"
              + " cannot express; use explicit padding");
    }
    return window;
  }

  /** conv2d(_bp) arguments: kH, kW, sH, sW, pH, pW, dH, dW, paddingMode, dataFormat, wFormat. */
  private static int[] convArgs(Window w) {
    return new int[] {
      w.kernelHeight(), w.kernelWidth(), w.strideHeight(), w.strideWidth(),
      w.same() ? 0 : w.paddingHeight(), w.same() ? 0 : w.paddingWidth(), 1, 1,
      w.same() ? 1 : 0, NCHW, WEIGHTS_OIHW
    };
  }

  /** Pooling arguments: kH, kW, sH, sW, pH, pW, dH, dW, paddingMode, extra, dataFormat. */
  private static int[] poolArgs(Window w, int extra) {
    return new int[] {
      w.kernelHeight(), w.kernelWidth(), w.strideHeight(), w.strideWidth(),
      w.same() ? 0 : w.paddingHeight(), w.same() ? 0 : w.paddingWidth(), 1, 1,
      w.same() ? 1 : 0, extra, NCHW
    };
  }

  /** A reused pooling call (see {@link #pool2d}): input x, output out. */
  static NativeCall pool2dCall(boolean max, Window window) {
    return new NativeCall(max ? "maxpool2d" : "avgpool2d").ints(poolArgs(window, 0));
  }

  /** A reused pooling backward call: inputs x, gradOut; output gradX. */
  static NativeCall pool2dBackwardCall(boolean max, Window window) {
    return new NativeCall(max ? "maxpool2d_bp" : "avgpool2d_bp").ints(poolArgs(window, 0));
  }

  /** {@code out = conv(x, w) (+ b)}; {@code b} may be null. */
  static void conv2d(Window window, INDArray x, INDArray w, INDArray b, INDArray out) {
    DynamicCustomOp.DynamicCustomOpsBuilder op =
        DynamicCustomOp.builder("conv2d").addIntegerArguments(convArgs(window)).addOutputs(out);
    if (b == null) {
      op.addInputs(x, w);
    } else {
      op.addInputs(x, w, b);
    }
    Nd4j.exec(op.build());
  }

  /** Sets {@code gradX}, {@code gradW} and (when {@code b} is not null) {@code gradB}. */
  static void conv2dBackward(
      Window window, INDArray x, INDArray w, INDArray b, INDArray gradOut,
      INDArray gradX, INDArray gradW, INDArray gradB) {
    DynamicCustomOp.DynamicCustomOpsBuilder op =
        DynamicCustomOp.builder("conv2d_bp").addIntegerArguments(convArgs(window));
    if (b == null) {
      op.addInputs(x, w, gradOut).addOutputs(gradX, gradW);
    } else {
      op.addInputs(x, w, b, gradOut).addOutputs(gradX, gradW, gradB);
    }
    Nd4j.exec(op.build());
  }

  /**
   * Runs {@code call} with libnd4j's own oneDNN helpers off: for the layers whose shape oneDNN
   * refused when called directly. libnd4j's copy of oneDNN is built with assertions, and on such
   * shapes (e.g. a stride of 2^31 - 1) it aborted the JVM ("Assertion ... failed"); libnd4j's
   * plain implementation computes them. The switch is process-wide: a concurrent call on another
   * thread may run without the helpers too (slower, not wrong).
   */
  static void withoutHelpers(Runnable call) {
    org.nd4j.linalg.factory.Environment env = Nd4j.getEnvironment();
    synchronized (NativeOps.class) {
      boolean allowed = env.helpersAllowed();
      env.allowHelpers(false);
      try {
        call.run();
      } finally {
        env.allowHelpers(allowed);
      }
    }
  }

  /** Max ({@code max = true}) or average pooling, padding excluded from the average. */
  static void pool2d(boolean max, Window window, INDArray x, INDArray out) {
    Nd4j.exec(
        DynamicCustomOp.builder(max ? "maxpool2d" : "avgpool2d")
            .addInputs(x)
            .addOutputs(out)
            .addIntegerArguments(poolArgs(window, 0))
            .build());
  }

  /** The input gradient of {@link #pool2d}. */
  static void pool2dBackward(
      boolean max, Window window, INDArray x, INDArray gradOut, INDArray gradX) {
    Nd4j.exec(
        DynamicCustomOp.builder(max ? "maxpool2d_bp" : "avgpool2d_bp")
            .addInputs(x, gradOut)
            .addOutputs(gradX)
            .addIntegerArguments(poolArgs(window, 0))
            .build());
  }
}
