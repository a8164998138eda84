package io.annet.examples.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes random {@code @Model} declarations: about half follow the usual convolution-then-head
 * plan (so that many are accepted and run), the rest are arbitrary layer sequences; attributes are
 * usually small and legal but sometimes zero, negative, huge, NaN or of the wrong arity, and a few
 * cases misuse the DSL itself (a parameter, a missing annotation, a class instead of an interface).
 */
final class DeclarationGenerator {
  static final String[] KINDS = {
    "Conv", "MlpConv", "MaxPool", "AvgPool", "GlobalAvgPool", "GlobalMaxPool", "Flatten", "Dense",
    "Dropout", "BatchNorm", "Softmax", "DepthwiseConv"
  };
  private static final String[] SPATIAL = {
    "Conv", "Conv", "MlpConv", "MaxPool", "AvgPool", "BatchNorm", "Dropout", "DepthwiseConv"
  };
  private static final String[] ACTIVATIONS = {"RELU", "LEAKY_RELU", "TANH", "SIGMOID", "IDENTITY"};
  private static final int[] WEIRD_INTS = {
    0, -1, -7, Integer.MIN_VALUE, Integer.MAX_VALUE, 1 << 16, 1 << 30, 65_537
  };
  private static final double[] WEIRD_DOUBLES = {
    -0.1, 1.0, 1.5, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 1e300
  };

  private final Random random;
  private final double weird;

  /** A generator drawing from {@code random}; {@code weird} is the chance of an odd value. */
  DeclarationGenerator(Random random, double weird) {
    this.random = random;
    this.weird = weird;
  }

  /** A declaration in package {@code fuzz.c<id>}. */
  Declaration next(int id) {
    String pkg = "fuzz.c" + id;
    String iface = "M" + id;
    int channels = small(1, 3);
    int height = small(1, 12);
    int width = random.nextInt(3) == 0 ? height : small(1, 12);
    int classes = small(2, 5);
    List<LayerDecl> layers = random.nextInt(10) < 6
        ? planned(channels, classes) : arbitrary();
    String misuse = random.nextInt(20) == 0 ? misuse() : null;
    String generated = iface + "Network";
    String nameAttribute = "";
    if (random.nextInt(15) == 0) {
      String[] names = {"Net" + id, "", "1bad", "class", "Network", "A.B", "Net" + id};
      String name = names[random.nextInt(names.length)];
      nameAttribute = ", name = \"" + name + "\"";
      if (!name.isEmpty()) {
        generated = name;
      }
    }
    StringBuilder s = new StringBuilder();
    s.append("package ").append(pkg).append(";\n\n");
    s.append("import io.annet.dsl.*;\n\n");
    s.append("@Model(input = @Input(channels = ").append(channels).append(", height = ")
        .append(height).append(", width = ").append(width).append("), classes = ")
        .append(classes).append(nameAttribute).append(")\n");
    boolean asClass = "class".equals(misuse);
    s.append(asClass ? "public abstract class " : "public interface ").append(iface)
        .append("generic".equals(misuse) ? "<T>" : "").append(" {\n");
    String prefix = asClass ? "abstract " : "";
    for (int i = 0; i < layers.size(); i++) {
      LayerDecl layer = layers.get(i);
      s.append("  ").append(layer.annotation()).append('\n');
      if ("parameter".equals(misuse) && i == 0) {
        s.append("  ").append(prefix).append("Layer ").append(layer.method()).append("(int x);\n");
      } else if ("returns".equals(misuse) && i == 0) {
        s.append("  ").append(prefix).append("String ").append(layer.method()).append("();\n");
      } else {
        s.append("  ").append(prefix).append("Layer ").append(layer.method()).append("();\n");
      }
    }
    switch (misuse == null ? "" : misuse) {
      case "unannotated" -> s.append("  ").append(prefix).append("Layer stray();\n");
      case "double" -> s.append("  @Flatten @Softmax ").append(prefix).append("Layer twice();\n");
      case "reserved" -> s.append("  @Softmax ").append(prefix).append("Layer summary();\n");
      case "empty" -> s.setLength(s.lastIndexOf("{\n") + 2);
      default -> { }
    }
    s.append("}\n");
    return new Declaration(pkg, iface, generated, channels, height, width, classes,
        "empty".equals(misuse) ? List.of() : layers, misuse, s.toString());
  }

  private String misuse() {
    String[] kinds = {
      "parameter", "returns", "unannotated", "double", "reserved", "class", "generic", "empty"
    };
    return kinds[random.nextInt(kinds.length)];
  }

  /** Some spatial layers, then a head that fits the classes (unless an odd value breaks it). */
  private List<LayerDecl> planned(int channels, int classes) {
    List<LayerDecl> layers = new ArrayList<>();
    int spatial = random.nextInt(4);
    for (int i = 0; i < spatial; i++) {
      layers.add(layer(SPATIAL[random.nextInt(SPATIAL.length)], layers.size()));
    }
    switch (random.nextInt(4)) {
      case 0 -> { // NIN head: last convolution has one filter per class
        LayerDecl conv = layer("Conv", layers.size());
        layers.add(withFilters(conv, classes));
        layers.add(layer(random.nextBoolean() ? "GlobalAvgPool" : "GlobalMaxPool", layers.size()));
      }
      case 1 -> { // GAP then a dense head
        layers.add(layer("GlobalAvgPool", layers.size()));
        layers.add(withUnits(layer("Dense", layers.size()), classes));
      }
      case 2 -> { // flatten, a hidden layer, a dense head
        layers.add(layer("Flatten", layers.size()));
        if (random.nextBoolean()) {
          layers.add(layer("Dense", layers.size()));
          layers.add(layer(random.nextBoolean() ? "BatchNorm" : "Dropout", layers.size()));
        }
        layers.add(withUnits(layer("Dense", layers.size()), classes));
      }
      default -> layers.add(withUnits(layer("Dense", layers.size()), classes));
    }
    if (random.nextBoolean()) {
      layers.add(layer("Softmax", layers.size()));
    }
    return layers;
  }

  private List<LayerDecl> arbitrary() {
    List<LayerDecl> layers = new ArrayList<>();
    int n = 1 + random.nextInt(7);
    for (int i = 0; i < n; i++) {
      layers.add(layer(KINDS[random.nextInt(KINDS.length)], i));
    }
    return layers;
  }

  /** A layer of {@code kind} named {@code l<index>} with random attributes. */
  LayerDecl layer(String kind, int index) {
    String method = "l" + index + kind.toLowerCase();
    boolean mlp = kind.equals("MlpConv");
    int[] filters = mlp ? ints(1 + (random.nextInt(8) == 0 ? 2 : random.nextInt(2)), 1, 5)
        : new int[] {small(1, 6)};
    if (mlp && random.nextDouble() < weird) {
      filters = new int[0];
    }
    boolean pool = kind.endsWith("Pool") && !kind.startsWith("Global");
    int[] kernel = arity(pool ? 1 : 1, pool ? 3 : 4);
    int[] stride = random.nextInt(3) == 0 ? null : arity(1, 3);
    if (pool && stride == null && random.nextInt(4) == 0) {
      stride = new int[0]; // explicit "equal to the kernel"
    }
    int[] padding = random.nextInt(3) == 0 ? null : arity(0, 2);
    boolean same = random.nextInt(5) == 0;
    String activation = random.nextInt(3) == 0 ? null
        : ACTIVATIONS[random.nextInt(ACTIVATIONS.length)];
    double rate = random.nextDouble() < weird ? oddDouble() : new double[] {0, 0.25, 0.5}[
        random.nextInt(3)];
    double momentum = random.nextDouble() < weird ? oddDouble() : new double[] {0.9, 0.5, 0}[
        random.nextInt(3)];
    double epsilon = random.nextDouble() < weird ? oddDouble() - 1.0 : new double[] {
      1e-5, 1e-3}[random.nextInt(2)];
    return new LayerDecl(kind, method, filters, kernel, stride, padding, same, small(2, 8),
        random.nextInt(4) != 0, activation, rate, momentum, epsilon);
  }

  private static LayerDecl withFilters(LayerDecl d, int filters) {
    return new LayerDecl(d.kind(), d.method(), new int[] {filters}, d.kernel(), d.stride(),
        d.padding(), d.same(), d.units(), d.bias(), d.activation(), d.rate(), d.momentum(),
        d.epsilon());
  }

  private static LayerDecl withUnits(LayerDecl d, int units) {
    return new LayerDecl(d.kind(), d.method(), d.filters(), d.kernel(), d.stride(), d.padding(),
        d.same(), units, d.bias(), "IDENTITY", d.rate(), d.momentum(), d.epsilon());
  }

  /** One value (square) or two; rarely none or three. */
  private int[] arity(int lo, int hi) {
    int n = random.nextDouble() < weird / 2 ? (random.nextBoolean() ? 0 : 3)
        : random.nextInt(4) == 0 ? 2 : 1;
    return ints(n, lo, hi);
  }

  private int[] ints(int n, int lo, int hi) {
    int[] values = new int[n];
    for (int i = 0; i < n; i++) {
      values[i] = small(lo, hi);
    }
    return values;
  }

  /** Uniform in {@code [lo, hi]}, or with probability {@code weird} an odd value. */
  private int small(int lo, int hi) {
    if (random.nextDouble() < weird) {
      return WEIRD_INTS[random.nextInt(WEIRD_INTS.length)];
    }
    return lo + random.nextInt(hi - lo + 1);
  }

  private double oddDouble() {
    return WEIRD_DOUBLES[random.nextInt(WEIRD_DOUBLES.length)];
  }
}
