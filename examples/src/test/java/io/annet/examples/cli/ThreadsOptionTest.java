package io.annet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.runtime.NativeThreads;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code --threads N} sets the native thread count for the run; below 1 or above the bound is a
 * usage error, more than the cores a warning; a bad {@code OMP_NUM_THREADS} stops the program
 * before ND4J loads (issue 11, item 1: {@code --threads 20000} and {@code OMP_NUM_THREADS=-3} or
 * 100000 crashed the JVM, {@code abc} was reported as modules built from different sources).
 */
class ThreadsOptionTest {
  @Test
  void threadsSetsTheNativeThreadCount() {
    int before = NativeThreads.max();
    try {
      CliRun run = CliRun.of("--threads", "2", "summary", "mnistgaphead", "--verbose");
      assertEquals(0, run.code(), run.toString());
      assertEquals(2, NativeThreads.max());
      assertTrue(run.err().contains("2 op thread(s)"), run.toString());
      run = CliRun.of("summary", "mnistgaphead", "--threads", "1");
      assertEquals(0, run.code(), run.toString());
      assertEquals(1, NativeThreads.max());
    } finally {
      NativeThreads.setMax(before);
    }
  }

  @Test
  void fewerThanOneThreadIsAUsageError() {
    CliRun run = CliRun.of("--threads", "0", "summary", "mnistgaphead");
    assertEquals(AnnetCli.EXIT_USAGE, run.code(), run.toString());
    String err = run.err().strip();
    assertTrue(err.startsWith("annet: --threads expects at least 1 and at most "), run.toString());
    assertTrue(err.contains("found 0"), run.toString());
    assertFalse(err.contains("\tat "), run.toString());
  }

  @Test
  void tooManyThreadsAreAUsageErrorAndMoreThanTheCoresAWarning() {
    int before = NativeThreads.max();
    try {
      CliRun run = CliRun.of("--threads", "20000", "summary", "mnistgaphead");
      assertEquals(AnnetCli.EXIT_USAGE, run.code(), run.toString());
      assertTrue(run.err().startsWith("annet: --threads expects at least 1 and at most "
          + NativeThreads.upperBound() + " (this machine has "), run.toString());
      assertTrue(run.err().contains("found 20000"), run.toString());
      assertEquals(before, NativeThreads.max());
      int cores = Runtime.getRuntime().availableProcessors();
      run = CliRun.of("--threads", Integer.toString(cores + 1), "summary", "mnistgaphead");
      assertEquals(0, run.code(), run.toString());
      assertTrue(run.err().contains("annet: warning: " + (cores + 1) + " native threads on "
          + cores + " core(s)"), run.toString());
    } finally {
      NativeThreads.setMax(before);
    }
  }

  @Test
  void aBadOmpNumThreadsIsNamedBeforeNd4jLoads() throws Exception {
    for (String bad : new String[] {"-3", "100000", "abc"}) {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp",
          System.getProperty("java.class.path"), AnnetCli.class.getName(), "summary",
          "mnistgaphead");
      pb.environment().put("OMP_NUM_THREADS", bad);
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));
      assertEquals(AnnetCli.EXIT_USAGE, p.exitValue(), out + err);
      assertEquals("annet: OMP_NUM_THREADS=" + bad + " is "
          + (bad.equals("abc") ? "not a thread count" : "out of range") + ": expected a whole"
          + " number from 1 to " + NativeThreads.upperBound(), err.substring(0, err.indexOf(" (")));
      assertEquals("", out);
    }
  }
}
