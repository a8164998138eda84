package io.annet.processor.parse;

import io.annet.dsl.Activation;
import io.annet.dsl.Window;
import io.annet.processor.diag.DiagnosticReport;
import io.annet.processor.diag.Message;
import io.annet.processor.model.AddSpec;
import io.annet.processor.model.AvgPoolSpec;
import io.annet.processor.model.BatchNormSpec;
import io.annet.processor.model.ConcatSpec;
import io.annet.processor.model.ConvSpec;
import io.annet.processor.model.DepthwiseConvSpec;
import io.annet.processor.model.DenseSpec;
import io.annet.processor.model.DropoutSpec;
import io.annet.processor.model.FlattenSpec;
import io.annet.processor.model.GlobalAvgPoolSpec;
import io.annet.processor.model.GlobalMaxPoolSpec;
import io.annet.processor.model.LayerSpec;
import io.annet.processor.model.MaxPoolSpec;
import io.annet.processor.model.MlpConvSpec;
import io.annet.processor.model.SoftmaxSpec;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.util.Elements;

/**
 * Turns one layer annotation into a {@link LayerSpec}: reads the values (with defaults) and
 * normalises kernel, stride and padding arrays of one or two values into a {@link Window}, pool
 * strides defaulting to the kernel. Value ranges are checked later, by the shape phase.
 */
final class LayerParser {

  /**
   * The one table from layer annotation to parser: each simple name of package {@code
   * io.annet.dsl}, in DSL order, with the method that reads it into its {@link LayerSpec}.
   */
  private static final Map<String, KindParser> PARSERS = parsers();

  /** Simple names of the layer annotations of package {@code io.annet.dsl}, in DSL order. */
  static final List<String> LAYER_ANNOTATIONS = List.copyOf(PARSERS.keySet());

  private static Map<String, KindParser> parsers() {
    Map<String, KindParser> p = new LinkedHashMap<>();
    p.put("Conv", LayerParser::conv);
    p.put("MlpConv", LayerParser::mlpConv);
    p.put("MaxPool", (self, v) -> self.window(v, true).map(w -> new MaxPoolSpec(v.name(), w)));
    p.put("AvgPool", (self, v) -> self.window(v, true).map(w -> new AvgPoolSpec(v.name(), w)));
    p.put("GlobalAvgPool", (self, v) -> Optional.of(new GlobalAvgPoolSpec(v.name())));
    p.put("GlobalMaxPool", (self, v) -> Optional.of(new GlobalMaxPoolSpec(v.name())));
    p.put("Flatten", (self, v) -> Optional.of(new FlattenSpec(v.name())));
    p.put("Dense", LayerParser::dense);
    p.put("Dropout", (self, v) -> v.doubleOf("rate").map(r -> new DropoutSpec(v.name(), r)));
    p.put("BatchNorm", LayerParser::batchNorm);
    p.put("Softmax", (self, v) -> Optional.of(new SoftmaxSpec(v.name())));
    p.put("Concat", (self, v) -> Optional.of(new ConcatSpec(v.name())));
    p.put("Add", (self, v) -> v.activation().map(a -> new AddSpec(v.name(), a)));
    p.put("DepthwiseConv", LayerParser::depthwiseConv);
    return Collections.unmodifiableMap(p);
  }

  /** Reads one layer annotation's values into its spec. */
  @FunctionalInterface
  private interface KindParser {
    Optional<LayerSpec> parse(LayerParser self, Values values);
  }

  /** One annotation being parsed: its method, its mirror, its values with and without defaults. */
  private record Values(
      ExecutableElement method,
      AnnotationMirror mirror,
      String kind,
      Map<String, AnnotationValue> all,
      Map<String, AnnotationValue> explicit) {
    String name() {
      return method.getSimpleName().toString();
    }

    Optional<Integer> intOf(String attribute) {
      return Annotations.intValue(all.get(attribute));
    }

    Optional<Double> doubleOf(String attribute) {
      return Annotations.doubleValue(all.get(attribute));
    }

    Optional<Boolean> booleanOf(String attribute) {
      return Annotations.booleanValue(all.get(attribute));
    }

    Optional<Activation> activation() {
      return Annotations.enumValue(all.get("activation")).map(Activation::valueOf);
    }
  }

  /** Inlines a block; handled by the model parser rather than here. */
  static final String USE = "Use";

  private static final String DSL = "io.annet.dsl.";

  private final Elements elements;
  private final DiagnosticReport report;

  LayerParser(Elements elements, DiagnosticReport report) {
    this.elements = elements;
    this.report = report;
  }

  /** Whether {@code mirror} is one of the layer annotations. */
  static boolean isLayerAnnotation(AnnotationMirror mirror) {
    String name = Annotations.qualifiedName(mirror);
    if (!name.startsWith(DSL)) {
      return false;
    }
    String simple = name.substring(DSL.length());
    return PARSERS.containsKey(simple) || simple.equals(USE);
  }

  /**
   * The layer declared by {@code mirror} on {@code method}; empty when a value is malformed (the
   * reason is already reported) or could not be evaluated by javac (javac reports it).
   */
  Optional<LayerSpec> parse(ExecutableElement method, AnnotationMirror mirror) {
    String kind = Annotations.qualifiedName(mirror).substring(DSL.length());
    KindParser parser = PARSERS.get(kind);
    if (parser == null) {
      throw new IllegalArgumentException("not a layer annotation: @" + kind);
    }
    Values values =
        new Values(
            method,
            mirror,
            kind,
            Annotations.allValues(elements, mirror),
            Annotations.explicitValues(mirror));
    return parser.parse(this, values);
  }

  private Optional<LayerSpec> conv(Values v) {
    Optional<Integer> filters = v.intOf("filters");
    Optional<Window> window = window(v, false);
    Optional<Activation> activation = v.activation();
    Optional<Boolean> bias = v.booleanOf("bias");
    if (filters.isEmpty() || window.isEmpty() || activation.isEmpty() || bias.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new ConvSpec(v.name(), filters.get(), window.get(), activation.get(), bias.get()));
  }

  private Optional<LayerSpec> depthwiseConv(Values v) {
    Optional<Integer> multiplier = v.intOf("multiplier");
    Optional<Window> window = window(v, false);
    Optional<Activation> activation = v.activation();
    Optional<Boolean> bias = v.booleanOf("bias");
    if (multiplier.isEmpty() || window.isEmpty() || activation.isEmpty() || bias.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new DepthwiseConvSpec(
        v.name(), multiplier.get(), window.get(), activation.get(), bias.get()));
  }

  private Optional<LayerSpec> mlpConv(Values v) {
    Optional<int[]> filters = Annotations.intArray(v.all().get("filters"));
    Optional<Window> window = window(v, false);
    Optional<Activation> activation = v.activation();
    if (filters.isEmpty() || window.isEmpty() || activation.isEmpty()) {
      return Optional.empty();
    }
    List<Integer> list = Arrays.stream(filters.get()).boxed().collect(Collectors.toList());
    return Optional.of(new MlpConvSpec(v.name(), list, window.get(), activation.get()));
  }

  private Optional<LayerSpec> dense(Values v) {
    Optional<Integer> units = v.intOf("units");
    Optional<Activation> activation = v.activation();
    Optional<Boolean> bias = v.booleanOf("bias");
    if (units.isEmpty() || activation.isEmpty() || bias.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new DenseSpec(v.name(), units.get(), activation.get(), bias.get()));
  }

  private Optional<LayerSpec> batchNorm(Values v) {
    Optional<Double> momentum = v.doubleOf("momentum");
    Optional<Double> epsilon = v.doubleOf("epsilon");
    Optional<Activation> activation = v.activation();
    if (momentum.isEmpty() || epsilon.isEmpty() || activation.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new BatchNormSpec(v.name(), momentum.get(), epsilon.get(), activation.get()));
  }

  private Optional<Window> window(Values v, boolean strideDefaultsToKernel) {
    return window(v.method(), v.mirror(), v.kind(), v.all(), v.explicit(), strideDefaultsToKernel);
  }

  /** Kernel, stride and padding as a window; pool strides default to the kernel. */
  private Optional<Window> window(
      ExecutableElement method,
      AnnotationMirror mirror,
      String kind,
      Map<String, AnnotationValue> all,
      Map<String, AnnotationValue> explicit,
      boolean strideDefaultsToKernel) {
    Optional<int[]> kernel = pair(method, mirror, kind, "kernel", all, explicit, false);
    Optional<int[]> stride =
        pair(method, mirror, kind, "stride", all, explicit, strideDefaultsToKernel);
    Optional<int[]> padding = pair(method, mirror, kind, "padding", all, explicit, false);
    Optional<Boolean> same = Annotations.booleanValue(all.get("same"));
    if (kernel.isEmpty() || stride.isEmpty() || padding.isEmpty() || same.isEmpty()) {
      return Optional.empty();
    }
    int[] k = kernel.get();
    int[] s = stride.get().length == 0 ? k : stride.get();
    int[] p = padding.get();
    return Optional.of(new Window(k[0], k[1], s[0], s[1], p[0], p[1], same.get()));
  }

  /**
   * A one- or two-value attribute as {@code {height, width}}; an empty array when {@code
   * emptyAllowed} and the attribute is empty (meaning "same as the kernel").
   */
  private Optional<int[]> pair(
      ExecutableElement method,
      AnnotationMirror mirror,
      String kind,
      String attribute,
      Map<String, AnnotationValue> all,
      Map<String, AnnotationValue> explicit,
      boolean emptyAllowed) {
    Optional<int[]> values = Annotations.intArray(all.get(attribute));
    if (values.isEmpty()) {
      return Optional.empty();
    }
    int[] v = values.get();
    if (v.length == 1) {
      return Optional.of(new int[] {v[0], v[0]});
    }
    if (v.length == 2 || (v.length == 0 && emptyAllowed)) {
      return Optional.of(v);
    }
    String found =
        Arrays.stream(v).mapToObj(Integer::toString).collect(Collectors.joining(", ", "{", "}"));
    report.add(
        Message.ARRAY_LENGTH,
        Message.ARRAY_LENGTH.format(kind, attribute, v.length, found),
        method,
        mirror,
        explicit.get(attribute));
    return Optional.empty();
  }
}
