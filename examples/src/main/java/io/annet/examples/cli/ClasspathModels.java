package io.annet.examples.cli;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The generated networks listed on a classpath by the index the processor writes, one resource
 * per model: {@code META-INF/annet/models/<generated class>} holding that class's name and its
 * interface's.
 */
final class ClasspathModels {
  /** Where the processor writes the index (its {@code ModelIndex.DIRECTORY}). */
  static final String DIRECTORY = "META-INF/annet/models/";

  /** One listed model: the generated class and its {@code @Model} interface. */
  record Listed(String generatedClass, String interfaceName) {
    /** Whether {@code name} is the simple name of the interface or of the generated class. */
    boolean isCalled(String name) {
      return simple(interfaceName).equalsIgnoreCase(name)
          || simple(generatedClass).equalsIgnoreCase(name);
    }

    private static String simple(String className) {
      return className.substring(className.lastIndexOf('.') + 1);
    }
  }

  private ClasspathModels() {}

  /** The models listed in the directories and jars of {@code classpath}, in classpath order. */
  static List<Listed> list(String classpath) {
    List<Listed> found = new ArrayList<>();
    for (String part : classpath.split(File.pathSeparator)) {
      Path path = Path.of(part);
      try {
        if (Files.isDirectory(path.resolve(DIRECTORY))) {
          try (Stream<Path> files = Files.list(path.resolve(DIRECTORY))) {
            for (Path file : files.sorted().toList()) {
              found.add(parse(file.getFileName().toString(),
                  Files.readString(file, StandardCharsets.UTF_8)));
            }
          }
        } else if (Files.isRegularFile(path)
            && part.toLowerCase(Locale.ROOT).endsWith(".jar")) {
          try (JarFile jar = new JarFile(path.toFile())) {
            for (JarEntry e : jar.stream().toList()) {
              String name = e.getName();
              if (name.startsWith(DIRECTORY) && name.length() > DIRECTORY.length()) {
                found.add(parse(name.substring(DIRECTORY.length()), new String(
                    jar.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8)));
              }
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return found;
  }

  private static Listed parse(String generatedClass, String text) {
    String[] lines = text.strip().split("\n");
    return new Listed(generatedClass, lines.length > 1 ? lines[1].strip() : generatedClass);
  }
}
