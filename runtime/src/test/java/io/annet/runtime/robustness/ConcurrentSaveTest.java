package io.annet.runtime.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.runtime.checkpoint.Checkpoint;
import io.annet.runtime.checkpoint.Checkpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Saves to one checkpoint path from several threads of this JVM and from a child JVM at once
 * (issue 11, item 4): every save completes (before the fix, a cleanup of abandoned temporary
 * files could lock and delete another writer's temporary file between its creation and its lock,
 * and that writer died with {@code NoSuchFileException}), the file always loads as one whole
 * saved state, and no temporary file is left.
 */
class ConcurrentSaveTest {
  private static final int THREADS = 3;
  private static final int SAVES = 150;

  @TempDir Path dir;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void writersInSeveralThreadsAndProcessesAllSucceed() throws Exception {
    Path file = dir.resolve("c.ckpt");
    List<String> childLines = new CopyOnWriteArrayList<>();
    Process child = CheckpointWriterProcess.start(file, 0, childLines).process();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      long waitUntil = System.nanoTime() + 60_000_000_000L;
      while (childLines.stream().noneMatch(l -> l.startsWith("saved")) && child.isAlive()
          && System.nanoTime() < waitUntil) {
        Thread.sleep(5);
      }
      assertTrue(child.isAlive(), () -> "the child writer died: " + childLines);
      List<Future<?>> writers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        long first = 1_000_000L * (t + 1);
        writers.add(pool.submit(() -> {
          for (long k = first; k < first + SAVES; k++) {
            Map<String, INDArray>[] s = CheckpointWriterProcess.state(k);
            Checkpoints.save(file, CheckpointWriterProcess.ARCHITECTURE, s[0], s[1]);
          }
          return null;
        }));
      }
      for (Future<?> w : writers) {
        w.get(); // rethrows a writer's exception
      }
      assertTrue(child.isAlive(), () -> "the child writer died: " + tail(childLines));
    } finally {
      pool.shutdownNow();
      child.destroyForcibly();
      child.waitFor(20, TimeUnit.SECONDS);
    }
    assertTrue(childLines.stream().noneMatch(l -> l.contains("Exception")),
        () -> "the child writer failed: " + tail(childLines));
    Checkpoint c = Checkpoints.load(file, CheckpointWriterProcess.ARCHITECTURE);
    assertTrue(CheckpointWriterProcess.stateOf(c.parameters(), c.optimizerState()) >= 0);
    // the killed child may have left its temporary file; the next save removes it
    Checkpoints.save(file, CheckpointWriterProcess.ARCHITECTURE, c.parameters(),
        c.optimizerState());
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of("c.ckpt"), files.map(p -> p.getFileName().toString()).toList());
    }
  }

  private static String tail(List<String> lines) {
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }
}
