package io.annet.processor.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.annet.dsl.Conv;
import io.annet.processor.model.LayerSpec;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Target;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The parser table is the one list of layer annotations: it names exactly the method-only
 * annotations of {@code io.annet.dsl} other than {@code @Use} and {@code @Repeat}, and exactly the
 * records of the sealed {@link LayerSpec}.
 */
class LayerParserTableTest {

  @Test
  void theTableNamesEveryLayerAnnotationOfTheDsl() throws Exception {
    Set<String> layerAnnotations = new TreeSet<>();
    for (String simple : dslClassNames()) {
      Class<?> c = Class.forName("io.annet.dsl." + simple);
      Target target = c.getAnnotation(Target.class);
      if (c.isAnnotation()
          && target != null
          && Arrays.equals(target.value(), new ElementType[] {ElementType.METHOD})
          && !simple.equals(LayerParser.USE)
          && !simple.equals("Repeat")) {
        layerAnnotations.add(simple);
      }
    }
    assertEquals(layerAnnotations, new TreeSet<>(LayerParser.LAYER_ANNOTATIONS));
  }

  @Test
  void theTableNamesEverySpecRecord() {
    Set<String> records =
        Arrays.stream(LayerSpec.class.getPermittedSubclasses())
            .filter(Class::isRecord)
            .map(c -> c.getSimpleName().replaceFirst("Spec$", ""))
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(records, new TreeSet<>(LayerParser.LAYER_ANNOTATIONS));
  }

  /** Simple names of the top-level classes of {@code io.annet.dsl}, from its directory or jar. */
  private static List<String> dslClassNames() throws IOException, URISyntaxException {
    Path where = Path.of(Conv.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> entries;
    if (Files.isDirectory(where)) {
      try (Stream<Path> files = Files.list(where.resolve("io/annet/dsl"))) {
        entries = files.map(p -> "io/annet/dsl/" + p.getFileName()).collect(Collectors.toList());
      }
    } else {
      try (JarFile jar = new JarFile(where.toFile())) {
        entries = jar.stream().map(e -> e.getName()).collect(Collectors.toList());
      }
    }
    List<String> names =
        entries.stream()
            .filter(n -> n.startsWith("io/annet/dsl/") && n.endsWith(".class") && !n.contains("$"))
            .map(n -> n.substring("io/annet/dsl/".length(), n.length() - ".class".length()))
            .filter(n -> !n.contains("/"))
            .collect(Collectors.toList());
    if (names.size() < 13) {
      throw new IllegalStateException("expected the dsl classes, found " + names + " in " + where);
    }
    return names;
  }
}
