package io.annet.runtime.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.runtime.optim.Sgd;
import io.annet.runtime.train.Trainer;
import io.annet.runtime.train.TrainingDivergedException;
import io.annet.runtime.train.TrainingInterruptedException;
import io.annet.runtime.train.TrainingListener;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Training robustness: an interrupt (in-process, or Ctrl-C of a training JVM) stops after the
 * current step and leaves a checkpoint of exactly that step when one was asked for; a real
 * divergence stops with a message and the weights from before the poisoned update.
 */
class TrainingInterruptTest {
  @TempDir Path dir;

  /** Interrupts the training thread after {@code after} steps. */
  private static TrainingListener interruptAfter(int after) {
    return new TrainingListener() {
      @Override
      public void onBatchEnd(int epoch, int batch, int batches, double loss, double speed) {
        if (batch + 1 == after) {
          Thread.currentThread().interrupt();
        }
      }
    };
  }

  @Test
  void anInterruptWritesTheCheckpointOfTheLastStep() throws Exception {
    RobustNet net = new RobustNet(DataType.FLOAT, 1);
    Path file = dir.resolve("interrupted.annet");
    Trainer trainer = Trainer.builder().optimizer(new Sgd(0.05)).batchSize(8).epochs(3)
        .checkpoint(file).listener(interruptAfter(3)).build();
    try {
      TrainingInterruptedException e = assertThrows(TrainingInterruptedException.class,
          () -> trainer.fit(net, TrainingProcess.data(200, 2)));
      assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
      assertTrue(e.getMessage().contains("after epoch 1, batch 3/25"), e.getMessage());
      assertTrue(e.getMessage().contains("Saved the weights"), e.getMessage());
      assertEquals(2, e.batch());
    } finally {
      Thread.interrupted();
    }
    RobustNet loaded = RobustNet.load(file);
    assertEquals(net.parameters(), loaded.parameters());
    assertNotEquals(new RobustNet(DataType.FLOAT, 1).parameters(), loaded.parameters());
  }

  @Test
  void withoutACheckpointTheMessageSaysSo() {
    RobustNet net = new RobustNet(DataType.FLOAT, 1);
    Trainer trainer = Trainer.builder().optimizer(new Sgd(0.05)).batchSize(8)
        .listener(interruptAfter(1)).build();
    try {
      TrainingInterruptedException e = assertThrows(TrainingInterruptedException.class,
          () -> trainer.fit(net, TrainingProcess.data(64, 2)));
      assertTrue(e.getMessage().contains("No checkpoint was asked for"), e.getMessage());
    } finally {
      Thread.interrupted();
    }
    assertFalse(Files.exists(dir.resolve("interrupted.annet")));
  }

  @Test
  void aRealDivergenceRestoresTheWeightsBeforeTheLastUpdate() {
    RobustNet net = new RobustNet(DataType.DOUBLE, 4);
    List<Map<String, INDArray>> afterStep = new ArrayList<>();
    afterStep.add(net.snapshot());
    Trainer trainer = Trainer.builder().optimizer(new Sgd(1e250)).batchSize(8).epochs(5)
        .listener(new TrainingListener() {
          @Override
          public void onBatchEnd(int epoch, int batch, int batches, double loss, double speed) {
            afterStep.add(net.snapshot());
          }
        }).build();
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
        () -> trainer.fit(net, TrainingProcess.data(400, 3)));
    assertTrue(e.getMessage().contains("Training diverged"), e.getMessage());
    assertTrue(afterStep.size() >= 2, "at least one update was made before the divergence");
    // Trainable weights are those from before the last update; the running statistics are those
    // of the last finite forward pass.
    Map<String, INDArray> beforeLastUpdate = afterStep.get(afterStep.size() - 2);
    for (String name : net.gradients().keySet()) {
      assertEquals(beforeLastUpdate.get(name), net.parameters().get(name), name);
    }
    assertNotEquals(afterStep.get(afterStep.size() - 1).get("dense.weight"),
        net.parameters().get("dense.weight"), "the last update was undone");
    for (INDArray t : net.parameters().values()) {
      assertFalse(t.isNaN().any() || t.isInfinite().any(), "restored weights are finite");
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void ctrlCOfATrainingJvmLeavesTheCheckpointOfItsLastStep() throws Exception {
    Path file = dir.resolve("ctrl-c.annet");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-cp",
        System.getProperty("java.class.path"), TrainingProcess.class.getName(), file.toString());
    pb.redirectErrorStream(true);
    Process child = pb.start();
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          lines.add(line);
        }
      } catch (java.io.IOException ignored) {
        // the child is gone
      }
    });
    reader.setDaemon(true);
    reader.start();
    try {
      while (lines.stream().filter(l -> l.startsWith("step")).count() < 20 && child.isAlive()) {
        Thread.sleep(10);
      }
      assertTrue(child.isAlive(), () -> "training stopped by itself: " + lines);
      assertFalse(Files.exists(file), "no checkpoint before the signal (the epoch is long)");
      Process kill = new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start();
      assertEquals(0, kill.waitFor());
      assertTrue(child.waitFor(40, TimeUnit.SECONDS), "the child exits after Ctrl-C");
      reader.join(10_000);
    } finally {
      child.destroyForcibly();
    }
    assertEquals(130, child.exitValue(), () -> "exit code of SIGINT: " + lines);
    // No checkpoint existed before the signal and the epoch is far from over, so only the
    // interrupt path can have written it. (The child's stack trace of TrainingInterruptedException
    // is not asserted: the JVM may halt once the shutdown hook sees the checkpoint written, before
    // the main thread prints it.)
    assertTrue(Files.exists(file), () -> "the interrupt wrote the checkpoint: " + lines);
    assertFalse(lines.contains("finished"), () -> "training did not run to its end: " + lines);
    String lastStep = null;
    for (String l : lines) {
      if (l.startsWith("step ")) {
        lastStep = l;
      }
    }
    RobustNet loaded = RobustNet.load(file);
    double expected = Double.parseDouble(lastStep.split(" ")[2]);
    assertEquals(expected, TrainingProcess.sum(loaded), 1e-9 * Math.max(1, Math.abs(expected)),
        "the checkpoint holds the last step the child reported");
  }
}
