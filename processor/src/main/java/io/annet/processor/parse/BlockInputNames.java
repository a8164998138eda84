package io.annet.processor.parse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * The input names of a {@code @Block}'s layer methods, kept where every compiler can read them.
 * A block's inputs are its methods' parameter names, which a class file holds only when compiled
 * with {@code -parameters}, and which Eclipse's compiler (ECJ) does not read from class files at
 * all. So, compiling a block, Annet generates the companion class {@code <Block>_AnnetInputs} in
 * its package with one constant, {@code INPUTS = "b2(input);out(b1,b2)"}; reading a block from a
 * class file whose names come back as {@code arg0, arg1, ...}, it reads them from the companion.
 */
public final class BlockInputNames {
  /** The constant of the companion class holding the names. */
  public static final String FIELD = "INPUTS";

  private BlockInputNames() {}

  /** The companion's simple name: {@code Body_AnnetInputs}, {@code Outer_Inner_AnnetInputs}. */
  public static String companionName(TypeElement block) {
    StringBuilder name = new StringBuilder(block.getSimpleName());
    for (var e = block.getEnclosingElement(); e.getKind() != ElementKind.PACKAGE;
        e = e.getEnclosingElement()) {
      name.insert(0, e.getSimpleName() + "_");
    }
    return name + "_AnnetInputs";
  }

  /**
   * The names of every method of {@code block} that takes parameters, e.g. {@code
   * "b2(input);out(b1,b2)"}, or empty when no method takes any (a chain needs no names).
   */
  public static String encode(TypeElement block) {
    List<String> methods = new ArrayList<>();
    for (ExecutableElement m : ElementFilter.methodsIn(block.getEnclosedElements())) {
      if (m.getParameters().isEmpty()) {
        continue;
      }
      List<String> names = new ArrayList<>();
      for (VariableElement p : m.getParameters()) {
        names.add(p.getSimpleName().toString());
      }
      methods.add(m.getSimpleName() + "(" + String.join(",", names) + ")");
    }
    return String.join(";", methods);
  }

  /**
   * The recorded names of {@code block}'s methods by {@code name/arity}, empty when there is no
   * companion on the class path (e.g. the block was compiled without Annet's processor).
   */
  public static Map<String, List<String>> read(Elements elements, TypeElement block) {
    String pkg = elements.getPackageOf(block).getQualifiedName().toString();
    String companion = (pkg.isEmpty() ? "" : pkg + ".") + companionName(block);
    TypeElement type = elements.getTypeElement(companion);
    Map<String, List<String>> byMethod = new HashMap<>();
    if (type == null) {
      return byMethod;
    }
    for (VariableElement field : ElementFilter.fieldsIn(type.getEnclosedElements())) {
      if (field.getSimpleName().contentEquals(FIELD)
          && field.getConstantValue() instanceof String text) {
        return decode(text);
      }
    }
    return byMethod;
  }

  /** The inverse of {@link #encode}, keyed by {@code name/arity}. */
  static Map<String, List<String>> decode(String text) {
    Map<String, List<String>> byMethod = new HashMap<>();
    for (String method : text.split(";")) {
      int open = method.indexOf('(');
      if (open <= 0 || !method.endsWith(")")) {
        continue;
      }
      String args = method.substring(open + 1, method.length() - 1);
      List<String> names = args.isEmpty() ? List.of() : List.of(args.split(","));
      byMethod.put(key(method.substring(0, open), names.size()), names);
    }
    return byMethod;
  }

  /** The key of a method: its name and number of parameters. */
  static String key(String method, int arity) {
    return method + "/" + arity;
  }

  /** Whether every parameter of {@code method} has a compiler-made name ({@code arg0}, ...). */
  static boolean namesMissing(ExecutableElement method) {
    return !method.getParameters().isEmpty()
        && method.getParameters().stream()
            .allMatch(p -> p.getSimpleName().toString().matches("arg[0-9]+"));
  }
}
