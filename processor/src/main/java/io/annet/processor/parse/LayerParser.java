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

  /** Simple names of the layer annotations of package {@code io.annet.dsl}, in DSL order. */
  static final List<String> LAYER_ANNOTATIONS =
      List.of(
          "Conv",
          "MlpConv",
          "MaxPool",
          "AvgPool",
          "GlobalAvgPool",
          "GlobalMaxPool",
          "Flatten",
          "Dense",
          "Dropout",
          "BatchNorm",
          "Softmax",
          "Concat",
          "Add");

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
    return LAYER_ANNOTATIONS.contains(simple) || simple.equals(USE);
  }

  /**
   * The layer declared by {@code mirror} on {@code method}; empty when a value is malformed (the
   * reason is already reported) or could not be evaluated by javac (javac reports it).
   */
  Optional<LayerSpec> parse(ExecutableElement method, AnnotationMirror mirror) {
    String name = method.getSimpleName().toString();
    String kind = Annotations.qualifiedName(mirror).substring(DSL.length());
    Map<String, AnnotationValue> all = Annotations.allValues(elements, mirror);
    Map<String, AnnotationValue> explicit = Annotations.explicitValues(mirror);
    switch (kind) {
      case "Conv":
        {
          Optional<Integer> filters = Annotations.intValue(all.get("filters"));
          Optional<Window> window = window(method, mirror, kind, all, explicit, false);
          Optional<Activation> activation = activation(all.get("activation"));
          Optional<Boolean> bias = Annotations.booleanValue(all.get("bias"));
          if (filters.isEmpty() || window.isEmpty() || activation.isEmpty() || bias.isEmpty()) {
            return Optional.empty();
          }
          return Optional.of(
              new ConvSpec(name, filters.get(), window.get(), activation.get(), bias.get()));
        }
      case "MlpConv":
        {
          Optional<int[]> filters = Annotations.intArray(all.get("filters"));
          Optional<Window> window = window(method, mirror, kind, all, explicit, false);
          Optional<Activation> activation = activation(all.get("activation"));
          if (filters.isEmpty() || window.isEmpty() || activation.isEmpty()) {
            return Optional.empty();
          }
          List<Integer> list = Arrays.stream(filters.get()).boxed().collect(Collectors.toList());
          return Optional.of(new MlpConvSpec(name, list, window.get(), activation.get()));
        }
      case "MaxPool":
        return window(method, mirror, kind, all, explicit, true).map(w -> new MaxPoolSpec(name, w));
      case "AvgPool":
        return window(method, mirror, kind, all, explicit, true).map(w -> new AvgPoolSpec(name, w));
      case "GlobalAvgPool":
        return Optional.of(new GlobalAvgPoolSpec(name));
      case "GlobalMaxPool":
        return Optional.of(new GlobalMaxPoolSpec(name));
      case "Flatten":
        return Optional.of(new FlattenSpec(name));
      case "Softmax":
        return Optional.of(new SoftmaxSpec(name));
      case "Concat":
        return Optional.of(new ConcatSpec(name));
      case "Add":
        return activation(all.get("activation")).map(a -> new AddSpec(name, a));
      case "Dense":
        {
          Optional<Integer> units = Annotations.intValue(all.get("units"));
          Optional<Activation> activation = activation(all.get("activation"));
          Optional<Boolean> bias = Annotations.booleanValue(all.get("bias"));
          if (units.isEmpty() || activation.isEmpty() || bias.isEmpty()) {
            return Optional.empty();
          }
          return Optional.of(new DenseSpec(name, units.get(), activation.get(), bias.get()));
        }
      case "Dropout":
        return Annotations.doubleValue(all.get("rate")).map(r -> new DropoutSpec(name, r));
      case "BatchNorm":
        {
          Optional<Double> momentum = Annotations.doubleValue(all.get("momentum"));
          Optional<Double> epsilon = Annotations.doubleValue(all.get("epsilon"));
          Optional<Activation> activation = activation(all.get("activation"));
          if (momentum.isEmpty() || epsilon.isEmpty() || activation.isEmpty()) {
            return Optional.empty();
          }
          return Optional.of(
              new BatchNormSpec(name, momentum.get(), epsilon.get(), activation.get()));
        }
      default:
        throw new IllegalArgumentException("not a layer annotation: @" + kind);
    }
  }

  private static Optional<Activation> activation(AnnotationValue value) {
    return Annotations.enumValue(value).map(Activation::valueOf);
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
