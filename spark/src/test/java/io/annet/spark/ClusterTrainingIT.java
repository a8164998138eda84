package io.annet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.examples.MnistGapHeadNetwork;
import io.annet.runtime.Network;
import io.annet.runtime.checkpoint.Checkpoint;
import io.annet.runtime.checkpoint.Checkpoints;
import io.annet.runtime.data.Dataset;
import io.annet.runtime.data.IdxReader;
import io.annet.runtime.optim.Adam;
import io.annet.runtime.optim.CosineSchedule;
import io.annet.runtime.train.Evaluator;
import io.annet.runtime.train.Trainer;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Training submitted with spark-submit to a real standalone cluster (a master and two one-core
 * workers, separate JVMs): it reaches the single-machine accuracy; an executor killed mid-epoch
 * is replaced and its tasks retried, ending on the undisturbed run's weights; a killed driver's
 * run, resumed from its last checkpoint, ends on them too.
 */
class ClusterTrainingIT {
  private static final Path MNIST = Path.of("..", "data", "mnist-10k").toAbsolutePath();
  private static final Duration RUN = Duration.ofMinutes(4);
  /** The fault runs: 2 epochs of the first 2,000 examples (32 steps each). */
  private static final List<String> SMALL = List.of("--limit", "2000", "--epochs", "2");

  /** Logs, checkpoints and the assembled SPARK_HOME, kept in target/ for a look after a run. */
  private static final Path dir = Path.of("target", "spark-cluster").toAbsolutePath();
  private static StandaloneCluster cluster;
  private static Path undisturbed;

  @BeforeAll
  static void start() throws Exception {
    if (Files.exists(dir)) {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    Files.createDirectories(dir);
    cluster = new StandaloneCluster(dir, 2);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void clusterReachesTheSingleMachineAccuracy() throws Exception {
    int epochs = 2;
    Properties report = finish(submit("full", List.of("--epochs", String.valueOf(epochs))),
        "full");
    double cluster = Double.parseDouble(report.getProperty("accuracy"));

    Dataset train = IdxReader.readMnist(MNIST, true);
    Dataset test = IdxReader.readMnist(MNIST, false);
    long steps = (long) epochs * train.batchCount(64);
    Network single = MnistGapHeadNetwork.create(42);
    Trainer.builder().optimizer(new Adam(0.01))
        .schedule(new CosineSchedule(0.01, 0.01 / 20, steps + 1, Math.min(50, steps / 10)))
        .batchSize(64).epochs(epochs).seed(42).consoleProgress(false).build()
        .fit(single, train);
    double alone = Evaluator.evaluate(single, test, 64).accuracy();
    System.out.printf("MnistGapHead, %d epochs: single machine %.4f, cluster %.4f; %s%n",
        epochs, alone, cluster, report);
    assertTrue(alone > 0.9, "single machine accuracy " + alone);
    assertEquals(alone, cluster, 0.005, "cluster against single-machine test accuracy");
  }

  @Test
  void killedExecutorIsRetriedToTheUndisturbedWeights() throws Exception {
    Path log = dir.resolve("executor-kill.log");
    Process driver = submit("executor-kill", SMALL);
    StandaloneCluster.awaitLine(log, "epoch 1 step 20/", RUN);
    List<ProcessHandle> executors = cluster.executors(0);
    assertFalse(executors.isEmpty(), "worker 1 runs no executor");
    executors.forEach(ProcessHandle::destroyForcibly);
    finish(driver, "executor-kill");
    String text = Files.readString(log);
    assertTrue(text.contains("Lost executor") || text.contains("Removed executor")
            || text.contains("ExecutorLostFailure") || text.contains("Executor lost"),
        "the driver never saw the executor go:\n" + StandaloneCluster.tail(log));
    assertSameWeights(undisturbed(), dir.resolve("executor-kill.bin"));
  }

  @Test
  void killedDriverResumesFromItsCheckpointToTheUndisturbedWeights() throws Exception {
    Path log = dir.resolve("driver-kill.log");
    Process driver = submit("driver-kill", SMALL);
    StandaloneCluster.awaitLine(log, "epoch 2 step 10/", RUN); // epoch 1's checkpoint is written
    driver.destroyForcibly().waitFor();
    List<String> resume = new ArrayList<>(SMALL);
    resume.add("--resume");
    Properties report = finish(submit("driver-kill", resume, "driver-resume.log"),
        "driver-resume");
    assertTrue(Files.readString(dir.resolve("driver-resume.log")).contains("resumed"));
    assertSameWeights(undisturbed(), dir.resolve("driver-kill.bin"));
    Properties alone = load(dir.resolve("undisturbed.report"));
    assertEquals(alone.getProperty("accuracy"), report.getProperty("accuracy"));
  }

  /** The checkpoint of an undisturbed run of the fault tests' settings. */
  private static synchronized Path undisturbed() throws Exception {
    if (undisturbed == null) {
      finish(submit("undisturbed", SMALL), "undisturbed");
      undisturbed = dir.resolve("undisturbed.bin");
    }
    return undisturbed;
  }

  private static Process submit(String name, List<String> extra) throws IOException {
    return submit(name, extra, name + ".log");
  }

  private static Process submit(String name, List<String> extra, String log)
      throws IOException {
    List<String> args = new ArrayList<>(List.of("--model", "MnistGapHead", "--data",
        MNIST.toString(), "--partitions", "2", "--progress-every", "10", "--checkpoint",
        dir.resolve(name + ".bin").toString(), "--report",
        dir.resolve(log.replace(".log", ".report")).toString()));
    args.addAll(extra);
    return cluster.submit(dir.resolve(log), SparkTrainMain.class.getName(), args);
  }

  private static Properties finish(Process driver, String name) throws Exception {
    Path log = dir.resolve(name + ".log");
    if (!driver.waitFor(RUN.toSeconds(), TimeUnit.SECONDS)) {
      driver.destroyForcibly();
      throw new AssertionError(name + " did not finish in " + RUN + ":\n"
          + StandaloneCluster.tail(log));
    }
    assertEquals(0, driver.exitValue(), name + " failed:\n" + StandaloneCluster.tail(log));
    return load(dir.resolve(name + ".report"));
  }

  private static Properties load(Path report) throws IOException {
    Properties p = new Properties();
    p.load(new StringReader(Files.readString(report)));
    return p;
  }

  private static void assertSameWeights(Path expected, Path found) throws IOException {
    Checkpoint a = Checkpoints.load(expected, MnistGapHeadNetwork.create(0).architecture());
    Checkpoint b = Checkpoints.load(found, MnistGapHeadNetwork.create(0).architecture());
    assertEquals(a.parameters().keySet(), b.parameters().keySet());
    for (Map.Entry<String, INDArray> e : a.parameters().entrySet()) {
      assertArrayEquals(e.getValue().data().asFloat(),
          b.parameters().get(e.getKey()).data().asFloat(), e.getKey() + " differs");
    }
    assertEquals(a.optimizerState().get("adam.iteration").getLong(0),
        b.optimizerState().get("adam.iteration").getLong(0));
  }
}
