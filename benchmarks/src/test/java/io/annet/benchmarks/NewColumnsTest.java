package io.annet.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ONNX Runtime column, the graph rows and the share of peak in the report; no timing. */
class NewColumnsTest {
  @TempDir Path dir;

  @Test
  void eachFrameworkRunsItsRows() {
    for (Workload w : Workload.values()) {
      assertTrue(Framework.ANNET.runs(w), w.label());
      assertEquals(!w.train(), Framework.ORT.runs(w), w.label());
      assertTrue(Framework.PYTORCH.runs(w), w.label());
      assertEquals(!w.net().graph(), Framework.DL4J_SHIPPED.runs(w), w.label());
    }
    UnsupportedOperationException e =
        assertThrows(UnsupportedOperationException.class, Workload.RESNET_INFER_1::arch);
    assertTrue(e.getMessage().contains("ResNetCifar"), e.getMessage());
  }

  @Test
  void graphRowsAndPeakShareAreReported() throws IOException {
    List<Workload> rows = List.of(Workload.RESNET_TRAIN_64, Workload.INCEPTION_INFER_64);
    Results r = new Results(List.of(Framework.values()), rows);
    r.macs.put(Workload.Net.RESNET, 10_000_000L);
    r.macs.put(Workload.Net.INCEPTION, 5_000_000L);
    r.peakGflops = 100;
    r.peakProbe = "SGEMM 1024^3 with Nd4j.gemm, best of 5, 2 threads";
    // 3 * 2 * 10e6 * 64 FLOPs in 0.192 s: 20 GFLOP/s, 20 % of the peak
    r.add(Workload.RESNET_TRAIN_64, Framework.ANNET, List.of(192_000_000L));
    // 2 * 5e6 * 64 FLOPs in 16 ms: 40 GFLOP/s; ORT at 8 ms: 80 GFLOP/s, Annet at 0.50x
    r.add(Workload.INCEPTION_INFER_64, Framework.ANNET, List.of(16_000_000L));
    r.add(Workload.INCEPTION_INFER_64, Framework.ORT, List.of(8_000_000L));
    String md = Report.markdown(r);
    assertTrue(
        md.contains("- fp32 peak, measured: 100 GFLOP/s (SGEMM 1024^3 with Nd4j.gemm, best of 5,"),
        md);
    assertTrue(md.contains("ONNX Runtime of peak"), md);
    assertTrue(md.contains(">= 1x ORT"), md);
    // throughput: DL4J has no graph version, ORT no training step; PyTorch was not measured
    assertTrue(md.contains("| ResNetCifar train, batch 64 | 333 | - | - | n/a | - | n/a |"), md);
    assertTrue(
        md.contains("| InceptionMnist inference, batch 64 | 4,000 | - | - | n/a | 8,000 |"), md);
    // ratios (shipped, best, PyTorch, ORT), GFLOP/s, of bound, of peak, targets
    assertTrue(
        md.contains(
            "| InceptionMnist inference, batch 64 | - | - | n/a | 0.50x | 40.0 | - | - | n/a | 80.0"
                + " | n/a | - | - | n/a | n/a | 40 % | - | - | n/a | 80 % | not met |"),
        md);
    assertTrue(md.contains("| 20.0 | - | - | n/a | - | n/a | - | - | n/a | - | 20 % | - | - | n/a |"
        + " - | n/a |"), md);
    Report.write(r, dir);
    assertTrue(Files.size(dir.resolve("latest.png")) > 1000);
  }

  @Test
  void targetsNeedOrtOnInferenceRows() {
    Results r = new Results(List.of(Framework.values()), List.of(Workload.MNIST_INFER_1));
    r.add(Workload.MNIST_INFER_1, Framework.ANNET, List.of(100L));
    r.add(Workload.MNIST_INFER_1, Framework.PYTORCH, List.of(200L));
    r.add(Workload.MNIST_INFER_1, Framework.DL4J_SHIPPED, List.of(1000L));
    assertEquals("n/a", Report.targets(r, Workload.MNIST_INFER_1)); // ORT unmeasured
    r.add(Workload.MNIST_INFER_1, Framework.ORT, List.of(50L));
    assertEquals("not met", Report.targets(r, Workload.MNIST_INFER_1));
    r.times.get(Workload.MNIST_INFER_1).get(Framework.ORT).set(0, 100L);
    assertEquals("met", Report.targets(r, Workload.MNIST_INFER_1));
  }

  @Test
  void trainingTargetIsOnePointThreeTimesPyTorch() {
    Results r = new Results(List.of(Framework.values()), List.of(Workload.RESNET_TRAIN_64));
    r.add(Workload.RESNET_TRAIN_64, Framework.ANNET, List.of(100L));
    assertEquals("n/a", Report.targets(r, Workload.RESNET_TRAIN_64)); // PyTorch unmeasured
    r.add(Workload.RESNET_TRAIN_64, Framework.PYTORCH, List.of(125L)); // Annet 1.25x
    assertEquals("not met", Report.targets(r, Workload.RESNET_TRAIN_64));
    r.times.get(Workload.RESNET_TRAIN_64).get(Framework.PYTORCH).set(0, 130L);
    assertEquals("met", Report.targets(r, Workload.RESNET_TRAIN_64));
    assertTrue(Report.markdown(r).contains("training >= 1.3x PyTorch"));
  }

  @Test
  void peakProbeMeasuresAPositiveFigureAndRejectsNonsense() {
    double gflops = PeakProbe.gflops(128, 2);
    assertTrue(gflops > 0 && Double.isFinite(gflops), "peak " + gflops);
    double oneDnn = PeakProbe.oneDnn(128, 2);
    assertTrue(oneDnn > 0 && Double.isFinite(oneDnn), "oneDNN sgemm " + oneDnn);
    assertTrue(gflops >= PeakProbe.nd4j(128, 1) * 0.5, "the faster of the two libraries");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PeakProbe.gflops(0, 2));
    assertTrue(e.getMessage().contains("found 0 and 2"), e.getMessage());
  }

  @Test
  void optionsTakeTheNewFrameworkAndWorkloads() {
    BenchmarkMain.Options o =
        BenchmarkMain.Options.parse(
            new String[] {"--frameworks", "ort,annet", "--workloads", "inception_infer_1"});
    assertEquals(List.of(Framework.ANNET, Framework.ORT), o.frameworks());
    assertEquals(List.of(Workload.INCEPTION_INFER_1), o.workloads());
  }
}
