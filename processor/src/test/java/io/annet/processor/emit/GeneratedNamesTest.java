package io.annet.processor.emit;

import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.JavaFileObjects;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreeScanner;
import io.annet.processor.RecordingProcessor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every name a generated network declares or names, other than those of its layers, is reserved
 * by {@link GeneratedNames}, so no layer method can clash with it (issue 11, item 5): a new
 * constant, zero-argument method or referenced type added to the emitter fails this test until it
 * is added to the reserved names. The generated sources of the {@code good/} models, unsplit and
 * split into chunks, are parsed with javac (not compiled: the runtime is not on this path).
 */
class GeneratedNamesTest {
  private static final Map<String, String> RESERVED = GeneratedNames.forLayers(null);

  @ParameterizedTest(name = "{0} split={1}")
  @CsvSource({
    "MnistGap, 0", "MnistGap, 1", "NinCifar10, 0", "NinCifar10, 1", "MnistFc, 0", "MnistFc, 1",
    "InceptionHead, 0", "InceptionHead, 1", "ResidualInception, 0", "ResidualInception, 1"
  })
  void everyFixedNameOfTheGeneratedClassIsReserved(String model, int split) throws IOException {
    JavaFileObject source = JavaFileObjects.forResource("good/" + model + ".java");
    String text = source.getCharContent(true).toString();
    List<String> layers = new ArrayList<>();
    for (Tree t : topLevelType(parse(text)).getMembers()) {
      if (t instanceof MethodTree m) {
        layers.add(m.getName().toString());
      }
    }
    ClassTree generated = topLevelType(parse(generate(source, split)));
    Set<String> unreserved = new TreeSet<>();
    for (Tree t : generated.getMembers()) {
      if (t instanceof VariableTree v
          && v.getModifiers().getFlags().contains(Modifier.STATIC)
          && !RESERVED.containsKey(v.getName().toString())) {
        unreserved.add("constant " + v.getName());
      } else if (t instanceof MethodTree m
          && m.getParameters().isEmpty()
          && !m.getName().contentEquals("<init>")
          && !layers.contains(m.getName().toString())
          && !RESERVED.containsKey(m.getName().toString())
          && !renamedOnClash(model, text, layers, split, m.getName().toString())) {
        unreserved.add("method " + m.getName() + "()");
      }
    }
    Set<String> own = Set.of(generated.getSimpleName().toString(), model);
    for (String type : capitalisedIdentifiers(generated)) {
      if (!own.contains(type) && !RESERVED.containsKey(type)) {
        unreserved.add("type " + type);
      }
    }
    assertEquals(Set.of(), unreserved, "add these to GeneratedNames");
  }

  /**
   * Whether the emitter renames its method {@code name} when a layer has that name (as it does for
   * the chunks of a split graph): the model with its last layer so renamed generates exactly one
   * zero-argument method {@code name}, the layer's accessor.
   */
  private static boolean renamedOnClash(
      String model, String text, List<String> layers, int split, String name) throws IOException {
    String last = layers.get(layers.size() - 1);
    String renamed = text.replace("Layer " + last + "()", "Layer " + name + "()");
    assertTrue(!renamed.equals(text), "the last layer is declared as 'Layer " + last + "()'");
    JavaFileObject source = JavaFileObjects.forSourceString("io.annet.golden." + model, renamed);
    long accessors =
        topLevelType(parse(generate(source, split))).getMembers().stream()
            .filter(t -> t instanceof MethodTree m && m.getName().contentEquals(name))
            .filter(t -> ((MethodTree) t).getParameters().isEmpty())
            .count();
    return accessors == 1;
  }

  /** Names starting with a capital: types, and the constants (javac resolves both alike). */
  private static Set<String> capitalisedIdentifiers(ClassTree type) {
    Set<String> names = new TreeSet<>();
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree node, Void unused) {
        String name = node.getName().toString();
        if (Character.isUpperCase(name.charAt(0))) {
          names.add(name);
        }
        return null;
      }
    }.scan(type, null);
    assertTrue(names.contains("DataType"), "the scan sees the types: " + names);
    return names;
  }

  private static String generate(JavaFileObject model, int split) {
    RecordingProcessor processor = new RecordingProcessor();
    javac()
        .withOptions(List.of("-Aannet.splitMethods=" + split))
        .withProcessors(processor)
        .compile(model);
    // Blocks also get their input-name companions (<Block>_AnnetInputs): only the network counts.
    List<RecordingProcessor.Created> created =
        processor.created().stream().filter(c -> c.name().endsWith("Network")).toList();
    assertEquals(1, created.size(), "one generated network");
    return created.get(0).source();
  }

  private static CompilationUnitTree parse(String text) throws IOException {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    JavacTask task =
        (JavacTask)
            compiler.getTask(
                null, null, d -> {}, List.of("-proc:none"), null,
                List.of(JavaFileObjects.forSourceString("Parsed", text)));
    List<CompilationUnitTree> units = new ArrayList<>();
    task.parse().forEach(units::add);
    return units.get(0);
  }

  private static ClassTree topLevelType(CompilationUnitTree unit) {
    return unit.getTypeDecls().stream()
        .filter(ClassTree.class::isInstance)
        .map(ClassTree.class::cast)
        .findFirst()
        .orElseThrow();
  }
}
