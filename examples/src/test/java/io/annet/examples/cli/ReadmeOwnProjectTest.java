package io.annet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the README's own-project walkthrough honest: its code blocks are exactly the files of
 * {@code examples/own-project}, and its Java compiles with the processor and runs as written.
 */
class ReadmeOwnProjectTest {
  private static final Path ROOT = CliRun.projectData().getParent().getParent();
  private static final Path PROJECT = ROOT.resolve("examples").resolve("own-project");
  private static final String[] FILES = {
    "pom.xml", "src/main/java/demo/TinyNet.java", "src/main/java/demo/Main.java"
  };

  @TempDir Path dir;

  /** The fenced code blocks of the README, each with its text up to the closing fence. */
  static List<String> readmeBlocks() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
    List<String> blocks = new ArrayList<>();
    Matcher m = Pattern.compile("(?ms)^```[a-z]*\\n(.*?)^```$").matcher(readme);
    while (m.find()) {
      blocks.add(m.group(1));
    }
    return blocks;
  }

  @Test
  void theReadmeBlocksAreTheOwnProjectFilesByteForByte() throws IOException {
    List<String> blocks = readmeBlocks();
    for (String file : FILES) {
      String text = Files.readString(PROJECT.resolve(file), StandardCharsets.UTF_8);
      assertTrue(blocks.contains(text),
          "README.md has no code block equal to examples/own-project/" + file);
    }
  }

  @Test
  void theReadmeJavaCompilesAndRunsAsWritten() throws Exception {
    Map<String, String> sources = new LinkedHashMap<>();
    for (String block : readmeBlocks()) {
      if (block.startsWith("package demo;\n") && block.contains("public interface TinyNet ")) {
        sources.put("demo/TinyNet.java", block);
      } else if (block.startsWith("package demo;\n") && block.contains("public class Main ")) {
        sources.put("demo/Main.java", block);
      }
    }
    assertEquals(2, sources.size(), "README blocks for TinyNet.java and Main.java");
    Path classes = Javac.compile(dir, sources);

    Path data = Files.createDirectories(dir.resolve("mnist"));
    cut(CliRun.projectData(), data, "train", 256);
    cut(CliRun.projectData(), data, "t10k", 64);
    Path checkpoint = Path.of("target", "tiny.ckpt");
    Files.deleteIfExists(checkpoint);

    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream out = System.out;
    try (URLClassLoader loader = new URLClassLoader(
        new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
      Method main = loader.loadClass("demo.Main").getMethod("main", String[].class);
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      main.invoke(null, (Object) new String[] {data.toString(), "1"});
    } finally {
      System.setOut(out);
    }
    String printed = captured.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("epoch 1: train loss "), printed);
    int[] labels = io.annet.runtime.data.IdxReader.readMnist(data, false).labels();
    for (int i = 0; i < 4; i++) {
      assertTrue(Pattern.compile("test digit " + i + ": predicted \\d, labelled " + labels[i])
          .matcher(printed).find(), printed);
    }
    assertTrue(printed.contains("class activation maps for class 7: [4, 14, 14]"), printed);
    assertTrue(Files.size(checkpoint) > 5_130 * 4, "checkpoint written");
    Files.delete(checkpoint);
  }

  /** Writes the first {@code n} examples of one MNIST split as uncompressed IDX files. */
  private static void cut(Path from, Path to, String split, int n) throws IOException {
    for (String kind : new String[] {"images-idx3-ubyte", "labels-idx1-ubyte"}) {
      byte[] all;
      try (InputStream in =
          new GZIPInputStream(Files.newInputStream(from.resolve(split + "-" + kind + ".gz")))) {
        all = in.readAllBytes();
      }
      int header = kind.startsWith("images") ? 16 : 8;
      int perExample = kind.startsWith("images") ? 28 * 28 : 1;
      ByteBuffer cut = ByteBuffer.wrap(
          java.util.Arrays.copyOf(all, header + n * perExample));
      cut.putInt(4, n);
      Files.write(to.resolve(split + "-" + kind), cut.array());
    }
  }
}
