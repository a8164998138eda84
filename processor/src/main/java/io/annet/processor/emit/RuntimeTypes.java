package io.annet.processor.emit;

import com.palantir.javapoet.ClassName;
import io.annet.processor.model.LayerSpec;
import java.util.Arrays;
import java.util.List;

/**
 * The runtime and ND4J types generated code refers to, named by string so that the processor never
 * depends on the runtime module.
 */
final class RuntimeTypes {
  static final String RUNTIME = "io.annet.runtime";
  static final String LAYERS = "io.annet.runtime.layers";
  static final String PROCESSOR = "io.annet.processor.AnnetProcessor";

  static final ClassName NETWORK = ClassName.get(RUNTIME, "Network");
  static final ClassName ARCHITECTURE = ClassName.get(RUNTIME, "Architecture");
  static final ClassName INITIALIZER = ClassName.get(RUNTIME, "Initializer");
  static final ClassName CLASS_ACTIVATION_MAPS = ClassName.get(RUNTIME, "ClassActivationMaps");
  static final ClassName SOFTMAX_LAYER = ClassName.get(LAYERS, "SoftmaxLayer");
  static final ClassName BLOCK_HANDLE = ClassName.get(LAYERS, "BlockHandle");
  static final ClassName GRADIENT_SUM = ClassName.get(LAYERS, "GradientSum");
  static final ClassName INDARRAY = ClassName.get("org.nd4j.linalg.api.ndarray", "INDArray");
  static final ClassName DATA_TYPE = ClassName.get("org.nd4j.linalg.api.buffer", "DataType");
  static final ClassName WINDOW = ClassName.get("io.annet.dsl", "Window");
  static final ClassName ACTIVATION = ClassName.get("io.annet.dsl", "Activation");
  static final ClassName LAYER = ClassName.get("io.annet.dsl", "Layer");
  static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");
  static final ClassName PATH = ClassName.get("java.nio.file", "Path");
  static final ClassName IO_EXCEPTION = ClassName.get("java.io", "IOException");
  static final ClassName FORWARD = ClassName.get(LAYERS, "Forward");
  static final ClassName ARRAYS = ClassName.get("java.util", "Arrays");
  static final ClassName LIST = ClassName.get("java.util", "List");

  /** Every type above, and the {@code java.lang} ones generated code names. */
  static final List<ClassName> ALL =
      List.of(
          NETWORK, ARCHITECTURE, INITIALIZER, CLASS_ACTIVATION_MAPS, SOFTMAX_LAYER, BLOCK_HANDLE,
          GRADIENT_SUM, INDARRAY, DATA_TYPE, WINDOW, ACTIVATION, LAYER, GENERATED, PATH,
          IO_EXCEPTION, FORWARD, ARRAYS, LIST, ClassName.OBJECT, ClassName.get(String.class),
          ClassName.get(Override.class));

  /**
   * The layer kinds, each with its kernel class {@code <kind>Layer}: the records of the sealed
   * {@code LayerSpec}, {@code ConvSpec} -> {@code Conv}, so that a new kind is listed by its
   * record alone.
   */
  static final List<String> KINDS =
      Arrays.stream(LayerSpec.class.getPermittedSubclasses())
          .filter(Class::isRecord)
          .map(c -> c.getSimpleName().replaceFirst("Spec$", ""))
          .toList();

  private RuntimeTypes() {}

  /** The kernel class of a layer: the annotation's name plus {@code Layer}: {@code ConvLayer}. */
  static ClassName kernel(LayerSpec spec) {
    if (!KINDS.contains(spec.kind())) {
      throw new IllegalArgumentException("expected one of " + KINDS + ", found " + spec.kind());
    }
    return ClassName.get(LAYERS, spec.kind() + "Layer");
  }

  /** The record a kernel's forward returns, e.g. {@code ConvLayer.Saved}. */
  static ClassName saved(ClassName kernel) {
    return kernel.nestedClass("Saved");
  }
}
