package io.annet.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Statistics, worker set-up and the report, without starting any worker. */
class HarnessPartsTest {
  @TempDir Path dir;

  @Test
  void statsTakeTheMedianAndExtremes() {
    Stats odd = Stats.of(List.of(5L, 1L, 3L));
    assertEquals(3.0, odd.medianNanos());
    assertEquals(1L, odd.minNanos());
    assertEquals(5L, odd.maxNanos());
    assertEquals(2.5, Stats.of(List.of(4L, 1L, 2L, 3L)).medianNanos());
    assertEquals(64e9 / 2e6, Stats.of(List.of(2_000_000L)).imagesPerSecond(64), 1e-9);
  }

  @Test
  void shippedClasspathSwapsTheOneDnnNativeJarForThePlainOne() throws IOException {
    Path plain = Files.createFile(dir.resolve("nd4j-native-1.0.0-M2.1-linux-x86_64.jar"));
    String cp =
        String.join(
            File.pathSeparator,
            "/a/x.jar",
            "/m2/nd4j-native-1.0.0-M2.1-linux-x86_64-onednn.jar",
            "/a/y.jar");
    String shipped = WorkerSetup.shippedClasspath(cp, plain);
    assertEquals(
        String.join(File.pathSeparator, "/a/x.jar", plain.toAbsolutePath().toString(), "/a/y.jar"),
        shipped);
    IOException missing =
        assertThrows(
            IOException.class, () -> WorkerSetup.shippedClasspath(cp, dir.resolve("absent.jar")));
    assertTrue(missing.getMessage().contains("absent.jar"), missing.getMessage());
    IOException noOneDnn =
        assertThrows(IOException.class, () -> WorkerSetup.shippedClasspath("/a/x.jar", plain));
    assertTrue(noOneDnn.getMessage().contains("onednn"), noOneDnn.getMessage());
  }

  @Test
  void environmentsSeparateDefaultFromTuned() {
    Map<String, String> best = WorkerSetup.bestNd4jEnvironment(2);
    assertEquals("PASSIVE", best.get("OMP_WAIT_POLICY"));
    assertEquals("30000", best.get("GOMP_SPINCOUNT"), "Annet's bounded spin, not libgomp's 0");
    assertEquals("4", best.get("OPENBLAS_THREAD_TIMEOUT"));
    assertEquals("2", best.get("OMP_NUM_THREADS"));
    assertFalse(
        WorkerSetup.defaultEnvironment().keySet().stream()
            .anyMatch(k -> k.startsWith("OMP_") || k.startsWith("GOMP_")
                || k.startsWith("OPENBLAS_")));
  }

  @Test
  void reportHasRatiosBoundAndMissingCells() throws IOException {
    Results r = new Results(List.of(Framework.values()), List.of(Workload.MNIST_INFER_64));
    r.macs.put(Workload.Net.MNIST, Arch.mnistGap().macs());
    r.add(Workload.MNIST_INFER_64, Framework.ANNET, List.of(4_000_000L, 5_000_000L, 6_000_000L));
    r.add(Workload.MNIST_INFER_64, Framework.PYTORCH, List.of(10_000_000L));
    r.add(Workload.MNIST_INFER_64, Framework.DL4J_SHIPPED, List.of(80_000_000L));
    r.add(Workload.MNIST_INFER_64, Framework.ORT, List.of(5_000_000L));
    r.fail(Workload.MNIST_INFER_64, Framework.DL4J_BEST, "worker exited");
    r.boundNanos.put(Workload.MNIST_INFER_64, 2_500_000L);
    String md = Report.markdown(r);
    assertTrue(
        md.contains(
            "| MNIST GAP inference, batch 64 | 12,800 | 800 | n/a | 6,400 | 12,800 | 25,600 |"),
        md);
    assertTrue(md.contains("| 16.00x | n/a | 2.00x | 1.00x |"), md); // shipped, best, PyTorch, ORT
    assertTrue(md.contains("50 %"), md); // Annet at half the bound
    assertTrue(md.contains("| met |"), md);
    assertTrue(md.contains("DL4J, best setup: worker exited"), md);
    Report.write(r, dir);
    assertTrue(Files.size(dir.resolve("latest.png")) > 1000);
    assertEquals(md, Files.readString(dir.resolve("latest.md")));
  }

  @Test
  void optionsParseQuickSubsetsAndRejectUnknownFlags() {
    BenchmarkMain.Options quick =
        BenchmarkMain.Options.parse(
            new String[] {"--quick", "--frameworks", "pytorch,annet", "--threads", "1"});
    assertTrue(quick.quick());
    assertEquals(1, quick.rounds());
    assertEquals(1, quick.threads());
    assertEquals(List.of(Framework.ANNET, Framework.PYTORCH), quick.frameworks());
    assertEquals(List.of(Workload.values()), quick.workloads());
    assertEquals(5, BenchmarkMain.Options.parse(new String[0]).rounds());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> BenchmarkMain.Options.parse(new String[] {"--fast"}));
    assertTrue(e.getMessage().contains("'--fast'") && e.getMessage().contains("--quick"));
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> BenchmarkMain.Options.parse(new String[] {"--rounds"}));
    assertTrue(e.getMessage().contains("--rounds needs a value"), e.getMessage());
  }
}
