package io.annet.runtime.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Without the direct oneDNN path ({@code -Dannet.onednn=false}, as when its native library cannot
 * load on a platform), float32 networks fall back to libnd4j's ops, say so with a warning, and
 * train to the same losses as with it.
 */
class OneDnnFallbackTest {
  private static List<String> probe(String... jvmOptions) throws IOException,
      InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx512m"));
    command.addAll(Arrays.asList(jvmOptions));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        FallbackProbe.class.getName()));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe did not finish: " + out);
    assertEquals(0, p.exitValue(), out);
    return out.lines().toList();
  }

  private static double[] losses(List<String> lines) {
    return lines.stream().filter(l -> l.startsWith("loss "))
        .mapToDouble(l -> Double.parseDouble(l.substring(5))).toArray();
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void withoutOneDnnTheLibnd4jPathTrainsAlikeAndSaysSo() throws Exception {
    List<String> off = probe("-Dannet.onednn=false");
    List<String> on = probe();
    assertTrue(off.contains("path NATIVE"), String.join("\n", off));
    assertTrue(on.contains("path ONEDNN"), String.join("\n", on));
    assertTrue(off.stream().anyMatch(l -> l.startsWith("warning oneDNN direct: off")
        && l.contains("3-10x slower")), String.join("\n", off));
    assertTrue(on.stream().noneMatch(l -> l.startsWith("warning oneDNN")),
        String.join("\n", on));
    double[] a = losses(off);
    double[] b = losses(on);
    assertEquals(FallbackProbe.STEPS, a.length, String.join("\n", off));
    assertEquals(FallbackProbe.STEPS, b.length, String.join("\n", on));
    for (int i = 0; i < a.length; i++) {
      assertEquals(a[i], b[i], 1e-4 * Math.max(1, Math.abs(a[i])), "step " + i);
    }
    assertTrue(a[a.length - 1] < a[0], "the loss falls: " + Arrays.toString(a));
  }
}
