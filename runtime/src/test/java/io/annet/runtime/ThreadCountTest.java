package io.annet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Thread counts are checked before the natives see them (issue 11, item 1): libnd4j crashed the
 * JVM on {@code OMP_NUM_THREADS=-3} or 100000 and on {@code setMax(20000)}, and {@code
 * OMP_NUM_THREADS=abc} failed deep inside ND4J's static initialisation.
 */
class ThreadCountTest {
  private static final int CORES = Runtime.getRuntime().availableProcessors();

  @Test
  void environmentValuesOutsideOneToTheBoundAreNamedWithTheRange() {
    int bound = NativeThreads.upperBound();
    assertEquals(Math.max(256, CORES), bound);
    for (String bad : new String[] {"-3", "0", "100000", "2147483648", "abc", " 4", "4,2", "1e3"}) {
      String problem = NativeThreads.problem(bad);
      assertNotNull(problem, bad);
      assertTrue(problem.startsWith("OMP_NUM_THREADS=" + bad + " is "), problem);
      assertTrue(problem.contains("from 1 to " + bound), problem);
    }
    for (String fine : new String[] {null, "", "1", "4", Integer.toString(bound)}) {
      assertNull(NativeThreads.problem(fine), fine);
    }
    assertNotNull(NativeThreads.problem(Integer.toString(bound + 1)));
  }

  @Test
  void setMaxRefusesCountsOutsideTheRangeAndKeepsTheCurrentOne() {
    int before = NativeThreads.max();
    for (int bad : new int[] {-3, 0, NativeThreads.upperBound() + 1, 20_000}) {
      ThreadCountException e =
          assertThrows(ThreadCountException.class, () -> NativeThreads.setMax(bad));
      assertTrue(e.getMessage().contains("found " + bad), e.getMessage());
      assertTrue(e.getMessage().contains("at most " + NativeThreads.upperBound()), e.getMessage());
      assertEquals(before, NativeThreads.max());
    }
  }

  @Test
  void moreThreadsThanCoresAreWarnedAbout() {
    assertNull(NativeThreads.oversubscription(CORES));
    String warning = NativeThreads.oversubscription(CORES + 1);
    assertNotNull(warning);
    assertTrue(warning.startsWith((CORES + 1) + " native threads on " + CORES + " core(s)"),
        warning);
  }

  /** A JVM started with a bad {@code OMP_NUM_THREADS} that creates and trains a network. */
  public static void main(String[] args) {
    try {
      TinyNetwork net = new TinyNetwork(DataType.FLOAT, 1);
      double loss = net.computeGradients(Nd4j.rand(DataType.FLOAT, 4, 1, 4, 4), new int[] {0, 1,
          2, 0});
      System.out.println("trained, loss " + loss);
    } catch (AnnetException e) {
      System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
      System.exit(3);
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aBadEnvironmentValueStopsTheFirstNetworkInsteadOfCrashingTheJvm() throws Exception {
    for (String bad : new String[] {"-3", "abc"}) {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp",
          System.getProperty("java.class.path"), ThreadCountTest.class.getName());
      pb.environment().put("OMP_NUM_THREADS", bad);
      pb.redirectErrorStream(true);
      Process p = pb.start();
      String output = read(p);
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));
      assertEquals(3, p.exitValue(), output); // before: 134/139 (a native crash) or a linkage error
      assertTrue(output.contains("ThreadCountException: OMP_NUM_THREADS=" + bad + " is "), output);
    }
  }

  private static String read(Process p) throws IOException {
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
