package io.annet.examples.reliability;

import java.util.Arrays;
import java.util.StringJoiner;

/**
 * One randomly declared layer: its annotation kind, attribute values (as numbers for the {@link
 * ShapeOracle}) and the source text of the annotation.
 *
 * @param kind the annotation's simple name, e.g. {@code Conv}
 * @param method the layer method's name
 * @param filters {@code @Conv} filters, {@code @MlpConv} filters (one or more), or {@code
 *     @DepthwiseConv} multiplier (one)
 * @param kernel kernel values as declared (length 1 or 2 is legal)
 * @param stride stride values as declared, or null when omitted (the annotation's default)
 * @param padding padding values as declared, or null when omitted (0)
 * @param same the {@code same} attribute
 * @param units {@code @Dense} units
 * @param bias {@code @Conv} / {@code @Dense} bias
 * @param activation the activation constant's name, or null when omitted
 * @param rate {@code @Dropout} rate
 * @param momentum {@code @BatchNorm} momentum
 * @param epsilon {@code @BatchNorm} epsilon
 */
record LayerDecl(
    String kind,
    String method,
    int[] filters,
    int[] kernel,
    int[] stride,
    int[] padding,
    boolean same,
    int units,
    boolean bias,
    String activation,
    double rate,
    double momentum,
    double epsilon) {

  /** The annotation as Java source, e.g. {@code @Conv(filters = 4, kernel = {3, 2})}. */
  String annotation() {
    StringJoiner a = new StringJoiner(", ", "@" + kind + "(", ")");
    switch (kind) {
      case "Conv" -> {
        a.add("filters = " + filters[0]);
        window(a);
        a.add("bias = " + bias);
      }
      case "DepthwiseConv" -> {
        a.add("multiplier = " + filters[0]);
        window(a);
        a.add("bias = " + bias);
      }
      case "MlpConv" -> {
        a.add("filters = " + array(filters));
        window(a);
      }
      case "MaxPool", "AvgPool" -> window(a);
      case "Dense" -> {
        a.add("units = " + units);
        a.add("bias = " + bias);
      }
      case "Dropout" -> a.add("rate = " + literal(rate));
      case "BatchNorm" -> {
        a.add("momentum = " + literal(momentum));
        a.add("epsilon = " + literal(epsilon));
      }
      default -> {
        return "@" + kind;
      }
    }
    if (activation != null && (kind.endsWith("Conv") || kind.equals("Dense"))) {
      a.add("activation = Activation." + activation);
    }
    return a.toString();
  }

  private void window(StringJoiner a) {
    a.add("kernel = " + array(kernel));
    if (stride != null) {
      a.add("stride = " + array(stride));
    }
    if (padding != null) {
      a.add("padding = " + array(padding));
    }
    if (same) {
      a.add("same = true");
    }
  }

  private static String array(int[] values) {
    if (values.length == 1) {
      return Integer.toString(values[0]);
    }
    StringJoiner j = new StringJoiner(", ", "{", "}");
    for (int v : values) {
      j.add(Integer.toString(v));
    }
    return j.toString();
  }

  /** A double as a Java constant expression: NaN and infinities are not literals. */
  private static String literal(double v) {
    if (Double.isNaN(v)) {
      return "0.0 / 0.0";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "1.0 / 0.0" : "-1.0 / 0.0";
    }
    return Double.toString(v);
  }

  @Override
  public String toString() {
    return annotation() + " " + method + "()";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LayerDecl d && d.toString().equals(toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode() ^ Arrays.hashCode(filters);
  }
}
