package io.annet.examples.reliability;

import io.annet.dsl.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An independent reading of the DSL's shape rules (the annotations' Javadoc and {@link Window}):
 * predicts each layer's output shape and parameter count, or says the declaration is certainly
 * invalid, or that the rules leave the verdict open (e.g. {@code @Flatten} on a vector).
 */
final class ShapeOracle {
  private static final Set<String> BAD_NAMES = Set.of("1bad", "class", "A.B");

  /**
   * The most values one parameter tensor may hold: a checkpoint stores a tensor in one byte array
   * of at most {@code Integer.MAX_VALUE - 1024} bytes, 8 bytes a value for a DOUBLE network.
   */
  static final long TENSOR_LIMIT = (Integer.MAX_VALUE - 1024L) / 8;

  /** What the oracle predicts for a declaration. */
  enum Verdict {
    /** The shapes below are what an accepting processor must promise. */
    VALID,
    /** At least one rule is certainly broken; {@link Prediction#reason()} says which. */
    INVALID,
    /** The rules the oracle knows do not settle it. */
    UNKNOWN
  }

  /**
   * The prediction: per declared layer its output shape and trainable parameter count.
   *
   * @param verdict the verdict
   * @param reason why INVALID or UNKNOWN
   * @param shapes output shape per layer, as far as computed
   * @param parameters trainable parameters per layer, as far as computed
   */
  record Prediction(Verdict verdict, String reason, List<int[]> shapes, List<Long> parameters) {}

  private ShapeOracle() {}

  /** Predicts {@code d}. */
  static Prediction predict(Declaration d) {
    List<int[]> shapes = new ArrayList<>();
    List<Long> params = new ArrayList<>();
    if (d.misuse() != null) {
      return new Prediction(Verdict.INVALID, "misuse: " + d.misuse(), shapes, params);
    }
    if (BAD_NAMES.contains(d.generatedName())) {
      return new Prediction(Verdict.INVALID, "bad name " + d.generatedName(), shapes, params);
    }
    if (d.channels() < 1 || d.height() < 1 || d.width() < 1 || d.classes() < 1) {
      return new Prediction(Verdict.INVALID, "non-positive input or classes", shapes, params);
    }
    int[] s = {d.channels(), d.height(), d.width()};
    List<LayerDecl> layers = d.layers();
    try {
      for (int i = 0; i < layers.size(); i++) {
        LayerDecl layer = layers.get(i);
        String bad = attributeProblem(layer);
        if (bad != null) {
          return new Prediction(Verdict.INVALID, layer + ": " + bad, shapes, params);
        }
        if (layer.kind().equals("Softmax") && i != layers.size() - 1) {
          return new Prediction(Verdict.INVALID, "softmax before the end", shapes, params);
        }
        Step step = step(layer, s);
        if (step.verdict != Verdict.VALID) {
          return new Prediction(step.verdict, layer + ": " + step.reason, shapes, params);
        }
        s = step.shape;
        shapes.add(s);
        params.add(step.parameters);
      }
    } catch (ArithmeticException e) {
      return new Prediction(Verdict.UNKNOWN, "sizes overflow a long", shapes, params);
    }
    boolean flat = s.length == 1 || (s[1] == 1 && s[2] == 1);
    if (!flat || s[0] != d.classes()) {
      return new Prediction(Verdict.INVALID, "ends in " + java.util.Arrays.toString(s)
          + ", expected " + d.classes() + " classes", shapes, params);
    }
    if (s.length == 3) {
      return new Prediction(Verdict.UNKNOWN, "ends in a [classes, 1, 1] map", shapes, params);
    }
    String scores = defaultReluScores(layers);
    if (scores != null) {
      return new Prediction(Verdict.INVALID, scores, shapes, params);
    }
    return new Prediction(Verdict.VALID, "", shapes, params);
  }

  /**
   * The class scores must be linear: the layer feeding the softmax (through dropout and flatten,
   * which change no sign) may not leave a rectifying activation at its default RELU.
   */
  private static String defaultReluScores(List<LayerDecl> layers) {
    int j = layers.size() - 1;
    if (layers.get(j).kind().equals("Softmax")) {
      j--;
    }
    while (j >= 0 && (layers.get(j).kind().equals("Dropout")
        || layers.get(j).kind().equals("Flatten"))) {
      j--;
    }
    if (j < 0) {
      return null;
    }
    LayerDecl feeding = layers.get(j);
    boolean activated =
        Set.of("Dense", "Conv", "MlpConv", "DepthwiseConv").contains(feeding.kind());
    return activated && feeding.activation() == null
        ? feeding + ": default ReLU feeds the softmax"
        : null;
  }

  private record Step(Verdict verdict, String reason, int[] shape, long parameters) {
    static Step of(int[] shape, long parameters) {
      return new Step(Verdict.VALID, "", shape, parameters);
    }

    static Step invalid(String reason) {
      return new Step(Verdict.INVALID, reason, null, 0);
    }

    static Step unknown(String reason) {
      return new Step(Verdict.UNKNOWN, reason, null, 0);
    }
  }

  /**
   * ND4J expresses SAME as explicit padding when both padding totals are even, else by its own
   * SAME mode, which misplaces the windows once a kernel is 2 or more shorter than its stride's
   * reach ({@code (out - 1) s + k < in - 1}) on some axis: that combination is refused.
   */
  private static boolean sameExpressible(Window w, int inH, int inW, int outH, int outW) {
    long reachH = (outH - 1L) * w.strideHeight() + w.kernelHeight();
    long reachW = (outW - 1L) * w.strideWidth() + w.kernelWidth();
    boolean oddH = Math.max(reachH - inH, 0) % 2 != 0;
    boolean oddW = Math.max(reachW - inW, 0) % 2 != 0;
    boolean shortReach = reachH < inH - 1L || reachW < inW - 1L;
    return !((oddH || oddW) && shortReach);
  }

  private static Step step(LayerDecl layer, int[] s) {
    boolean map = s.length == 3;
    switch (layer.kind()) {
      case "Conv", "MlpConv", "MaxPool", "AvgPool", "DepthwiseConv" -> {
        if (layer.kind().equals("DepthwiseConv")
            && (long) s[0] * layer.filters()[0] > Integer.MAX_VALUE) {
          return Step.invalid("more than 2^31 - 1 output channels");
        }
        if (!map) {
          return Step.invalid("needs a map, found a vector");
        }
        Window w = window(layer);
        if (!w.same() && ((long) s[1] + 2L * w.paddingHeight() > Integer.MAX_VALUE
            || (long) s[2] + 2L * w.paddingWidth() > Integer.MAX_VALUE)) {
          return Step.invalid("padded map beyond an int");
        }
        int h = w.outputHeight(s[1]);
        int wd = w.outputWidth(s[2]);
        if (h < 1 || wd < 1) {
          return Step.invalid("window does not fit " + h + "x" + wd);
        }
        if (w.same() && !sameExpressible(w, s[1], s[2], h, wd)) {
          return Step.invalid("SAME padding the ND4J backend cannot express");
        }
        if (layer.kind().endsWith("Pool")) {
          return Step.of(new int[] {s[0], h, wd}, 0);
        }
        if (layer.kind().equals("DepthwiseConv")) { // [C, H, W] -> [C m, H', W']
          long channels = (long) s[0] * layer.filters()[0];
          long weight = Math.multiplyExact(channels, (long) w.kernelHeight() * w.kernelWidth());
          if (weight > TENSOR_LIMIT) {
            return Step.invalid("a depthwise weight of " + weight + " values, over " + TENSOR_LIMIT);
          }
          return Step.of(new int[] {(int) channels, h, wd},
              weight + (layer.bias() ? channels : 0));
        }
        int[] f = layer.filters();
        long weight = Math.multiplyExact(Math.multiplyExact((long) f[0], s[0]),
            (long) w.kernelHeight() * w.kernelWidth());
        for (int i = 1; i < f.length; i++) {
          weight = Math.max(weight, (long) f[i] * f[i - 1]);
        }
        if (weight > TENSOR_LIMIT) {
          return Step.invalid("a weight of " + weight + " values, over " + TENSOR_LIMIT);
        }
        long p = Math.addExact(Math.multiplyExact(Math.multiplyExact((long) f[0], s[0]),
            (long) w.kernelHeight() * w.kernelWidth()), layer.kind().equals("Conv")
                && !layer.bias() ? 0 : f[0]);
        for (int i = 1; i < f.length; i++) {
          p = Math.addExact(p, Math.addExact(Math.multiplyExact((long) f[i], f[i - 1]), f[i]));
        }
        return Step.of(new int[] {f[f.length - 1], h, wd}, p);
      }
      case "GlobalAvgPool", "GlobalMaxPool" -> {
        return map ? Step.of(new int[] {s[0]}, 0) : Step.unknown("global pool of a vector");
      }
      case "Flatten" -> {
        if (!map) {
          return Step.unknown("flatten of a vector");
        }
        long n = Math.multiplyExact(Math.multiplyExact((long) s[0], s[1]), s[2]);
        return n > Integer.MAX_VALUE ? Step.unknown("flattened width " + n)
            : Step.of(new int[] {(int) n}, 0);
      }
      case "Dense" -> {
        if (map && s[1] * (long) s[2] != 1) {
          return Step.invalid("dense on a map " + s[1] + "x" + s[2]);
        }
        if ((long) layer.units() * s[0] > TENSOR_LIMIT) {
          return Step.invalid("a dense weight of " + (long) layer.units() * s[0] + " values");
        }
        long p = Math.addExact(Math.multiplyExact((long) layer.units(), s[0]),
            layer.bias() ? layer.units() : 0);
        return Step.of(new int[] {layer.units()}, p);
      }
      case "BatchNorm" -> {
        if (s[0] > TENSOR_LIMIT) {
          return Step.invalid("a batch-norm scale of " + s[0] + " values");
        }
        return Step.of(s, 2L * s[0]);
      }
      case "Softmax" -> {
        return map ? Step.unknown("softmax of a map") : Step.of(s, 0);
      }
      default -> {
        return Step.of(s, 0); // Dropout
      }
    }
  }

  /** The attribute rules that hold whatever the shapes: positive sizes, ranges, arities. */
  private static String attributeProblem(LayerDecl l) {
    switch (l.kind()) {
      case "Conv", "MlpConv", "MaxPool", "AvgPool", "DepthwiseConv" -> {
        if (l.kind().endsWith("Conv") && (l.filters().length == 0 || min(l.filters()) < 1)) {
          return "filters";
        }
        if (badArity(l.kernel()) || min(l.kernel()) < 1) {
          return "kernel";
        }
        if (l.stride() != null && (l.stride().length > 2 || (l.stride().length == 0
            && l.kind().endsWith("Conv")) || (l.stride().length > 0 && min(l.stride()) < 1))) {
          return "stride";
        }
        if (l.padding() != null && (badArity(l.padding()) || min(l.padding()) < 0)) {
          return "padding";
        }
        Window w = window(l);
        boolean emptyWindows = w.paddingHeight() >= w.kernelHeight()
            || w.paddingWidth() >= w.kernelWidth();
        if (l.kind().endsWith("Pool") && emptyWindows) {
          return "pool padding not smaller than the kernel (windows wholly in the padding)";
        }
        return null;
      }
      case "Dense" -> {
        return l.units() < 1 ? "units" : null;
      }
      case "Dropout" -> {
        return l.rate() >= 0 && l.rate() < 1 ? null : "rate";
      }
      case "BatchNorm" -> {
        boolean ok = l.momentum() >= 0 && l.momentum() < 1 && l.epsilon() > 0
            && Double.isFinite(l.epsilon());
        return ok ? null : "momentum or epsilon";
      }
      default -> {
        return null;
      }
    }
  }

  private static boolean badArity(int[] values) {
    return values.length < 1 || values.length > 2;
  }

  private static int min(int[] values) {
    int m = Integer.MAX_VALUE;
    for (int v : values) {
      m = Math.min(m, v);
    }
    return m;
  }

  private static int at(int[] values, int i, int fallback) {
    return values == null || values.length == 0 ? fallback
        : values.length == 1 ? values[0] : values[i];
  }

  /** The window the declaration describes; pooling stride defaults to the kernel. */
  static Window window(LayerDecl l) {
    boolean pool = l.kind().endsWith("Pool");
    int kh = at(l.kernel(), 0, 1);
    int kw = at(l.kernel(), 1, 1);
    int sh = at(l.stride(), 0, pool ? kh : 1);
    int sw = at(l.stride(), 1, pool ? kw : 1);
    int ph = l.same() ? 0 : at(l.padding(), 0, 0);
    int pw = l.same() ? 0 : at(l.padding(), 1, 0);
    return new Window(kh, kw, sh, sw, ph, pw, l.same());
  }
}
