package io.annet.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * The names every generated network declares or relies on, whatever its layers: the emitter
 * declares its constants from here, and the parser rejects a layer method or a model name that
 * would clash with one ({@code [annet.reserved-name]}, {@code [annet.invalid-name]}). A test
 * checks every member and type name of generated networks against {@link #forLayers}.
 */
public final class GeneratedNames {
  static final String PARAMETERS = "PARAMETERS";
  static final String MACS = "MACS";
  static final String SPEC = "SPEC";
  static final String SUMMARY = "SUMMARY";
  static final String ARCHITECTURE = "ARCHITECTURE";
  static final String INPUT_CHANNELS = "INPUT_CHANNELS";
  static final String INPUT_HEIGHT = "INPUT_HEIGHT";
  static final String INPUT_WIDTH = "INPUT_WIDTH";
  static final String CLASSES = "CLASSES";

  /**
   * The locals and parameters of generated methods, chains' and graphs' alike (besides those
   * named after a layer, such as {@code conv1Out}): a field so named is written {@code this.x}.
   */
  static final Set<String> LOCALS =
      Set.of(
          "x", "a", "labels", "loss", "grad", "dtype", "seed", "init", "path", "network", "copy",
          "classIndex", "maps", "checked", NetworkPlan.HEAD_RECORD);

  /** The static fields of every generated network. */
  static final List<String> CONSTANTS =
      List.of(PARAMETERS, MACS, SPEC, SUMMARY, ARCHITECTURE, INPUT_CHANNELS, INPUT_HEIGHT,
          INPUT_WIDTH, CLASSES);

  /** The base class of generated networks, in the runtime module. */
  public static final String NETWORK = RuntimeTypes.NETWORK.canonicalName();

  /**
   * The zero-argument methods of {@link #NETWORK}, used when the runtime is not on the processor's
   * class path (the examples module checks this list against the runtime's class).
   */
  public static final List<String> NETWORK_METHODS =
      List.of(
          "architecture", "copy", "dataType", "gradients", "layers", "parameters", "release",
          "summary", "backwardStop", "frozenLayers", "unfreezeAll");

  /** The zero-argument methods of {@code Object}: an accessor cannot override them. */
  static final List<String> OBJECT_METHODS =
      List.of(
          "clone", "finalize", "getClass", "hashCode", "notify", "notifyAll", "toString", "wait");

  /** Java's restricted identifiers, which cannot name a class (JLS 17, section 3.8). */
  static final List<String> RESTRICTED = List.of("permits", "record", "sealed", "var", "yield");

  /** The package of the DSL, which model sources import on demand. */
  static final String DSL = "io.annet.dsl";

  private GeneratedNames() {}

  /** How code inside the class names {@code field}: {@code this.x} when a local shadows it. */
  static CodeBlock fieldRef(String field, Set<String> locals) {
    return locals.contains(field) ? CodeBlock.of("this.$N", field) : CodeBlock.of("$N", field);
  }

  /**
   * The names a layer method must not have, each with what it would clash with: the constants,
   * the zero-argument methods of {@code Network} (read from the class when {@code elements} has
   * it) and of {@code Object}, and the simple names of the types generated code names (a field so
   * named would hide the type in {@code DataType.FLOAT}).
   */
  public static Map<String, String> forLayers(Elements elements) {
    Map<String, String> reserved = new LinkedHashMap<>();
    for (String c : CONSTANTS) {
      reserved.put(c, "the constant " + c + " of the generated class");
    }
    for (String m : OBJECT_METHODS) {
      reserved.put(m, "Object." + m + "(), which the generated class cannot override with a layer");
    }
    for (String m : networkMethods(elements)) {
      reserved.putIfAbsent(m, "Network." + m + "() of the generated class");
    }
    for (ClassName t : referencedTypes()) {
      reserved.putIfAbsent(
          t.simpleName(),
          "the type " + t.canonicalName() + ", which the generated class names as "
              + t.simpleName());
    }
    return reserved;
  }

  /** Every type generated code names: the runtime's, ND4J's, Java's and the kernel classes. */
  static List<ClassName> referencedTypes() {
    List<ClassName> types = new java.util.ArrayList<>(RuntimeTypes.ALL);
    RuntimeTypes.KINDS.forEach(k -> types.add(ClassName.get(RuntimeTypes.LAYERS, k + "Layer")));
    return types;
  }

  /** The zero-argument methods of {@code Network}: the class's own, else the list above. */
  static List<String> networkMethods(Elements elements) {
    TypeElement network = elements == null ? null : elements.getTypeElement(NETWORK);
    if (network == null) {
      return NETWORK_METHODS;
    }
    List<String> names = new java.util.ArrayList<>(NETWORK_METHODS);
    for (ExecutableElement m : ElementFilter.methodsIn(elements.getAllMembers(network))) {
      String name = m.getSimpleName().toString();
      if (m.getParameters().isEmpty() && !names.contains(name)) {
        names.add(name);
      }
    }
    return names;
  }

  /**
   * Why {@code name} cannot name a generated class, or null: a restricted identifier, or the
   * simple name of a public type of the DSL or of {@code java.lang}, which a class of the model's
   * package would hide from the sources of that package (models import {@code io.annet.dsl.*};
   * every source imports {@code java.lang.*}).
   */
  public static String forClass(Elements elements, String name) {
    if (RESTRICTED.contains(name)) {
      return "is a restricted identifier of Java (" + String.join(", ", RESTRICTED)
          + " cannot name a class)";
    }
    for (String imported : List.of(DSL, "java.lang")) {
      // a direct look-up: ECJ's package elements do not list every type of java.lang
      TypeElement t = elements == null ? null : elements.getTypeElement(imported + "." + name);
      if (t != null && t.getModifiers().contains(Modifier.PUBLIC)) {
        return "would hide " + t.getQualifiedName() + " from the sources of its package"
            + (imported.equals(DSL) ? " (models import " + DSL + ".*)" : "");
      }
    }
    return null;
  }
}
