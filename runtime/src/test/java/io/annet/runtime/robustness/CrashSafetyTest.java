package io.annet.runtime.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.runtime.checkpoint.Checkpoint;
import io.annet.runtime.checkpoint.Checkpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety of checkpoints: a child JVM ({@link CheckpointWriterProcess}) saves checkpoints of
 * changing states in a loop and is killed with SIGKILL at random moments; after every kill the
 * file on disk loads and holds exactly one saved state, no older than the last save the child
 * reported complete and no newer than the last one it began.
 */
class CrashSafetyTest {
  private static final int KILLS = 5;

  @TempDir Path dir;

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void aKilledWriterNeverLeavesABrokenCheckpoint() throws Exception {
    Path file = dir.resolve("crash.annet");
    Random random = new Random(2026);
    int midSave = 0;
    for (int round = 0; round < KILLS; round++) {
      long first = 1000L * round;
      List<String> lines = new CopyOnWriteArrayList<>();
      CheckpointWriterProcess.Started writer = CheckpointWriterProcess.start(file, first, lines);
      Process child = writer.process();
      try {
        long waitUntil = System.nanoTime() + 30_000_000_000L;
        while (lines.stream().noneMatch(l -> l.startsWith("saved")) && child.isAlive()
            && System.nanoTime() < waitUntil) {
          Thread.sleep(5);
        }
        assertTrue(child.isAlive(), () -> "the writer died by itself: " + lines);
        Thread.sleep(random.nextInt(400));
      } finally {
        // SIGKILL from outside: Process.destroyForcibly also closes our end of the child's stdout,
        // so lines still in the pipe (a "begin k" written just before the kill) could be lost and
        // the file's newer state be taken for one the child never began (a flake under load).
        killHard(child);
        child.waitFor(20, TimeUnit.SECONDS);
        writer.reader().join(10_000); // every line the child wrote before it died, up to end of stream
      }
      assertEquals(137, child.exitValue(), "killed with SIGKILL (128 + 9)");
      long lastSaved = last(lines, "saved ");
      long lastBegun = last(lines, "begin ");
      midSave += lastBegun > lastSaved ? 1 : 0;
      Checkpoint c = Checkpoints.load(file, CheckpointWriterProcess.ARCHITECTURE);
      long k = CheckpointWriterProcess.stateOf(c.parameters(), c.optimizerState());
      assertTrue(k >= 0, "the file mixes states or lost a tensor");
      assertTrue(k >= lastSaved && k <= lastBegun, () -> "round found state " + k
          + ", expected between the last completed save " + lastSaved + " and the last begun "
          + lastBegun);
    }
    System.out.printf("%d SIGKILLs, %d of them during a save: the checkpoint always loaded%n",
        KILLS, midSave);
    // the next save, after a writer died, leaves the checkpoint alone in the directory
    Checkpoint last = Checkpoints.load(file, CheckpointWriterProcess.ARCHITECTURE);
    Checkpoints.save(file, CheckpointWriterProcess.ARCHITECTURE, last.parameters(),
        last.optimizerState());
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of("crash.annet"),
          files.map(p -> p.getFileName().toString()).toList(),
          "a killed writer's temporary file outlived the next save");
    }
  }

  /** Sends SIGKILL with kill(1), leaving the child's output readable to its end. */
  private static void killHard(Process child) throws Exception {
    Process kill = new ProcessBuilder("kill", "-KILL", Long.toString(child.pid())).start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      child.destroyForcibly(); // no kill(1): the JDK's own SIGKILL
    }
  }

  private static long last(List<String> lines, String prefix) {
    long last = -1;
    for (String l : lines) {
      if (l.startsWith(prefix)) {
        last = Long.parseLong(l.substring(prefix.length()).trim());
      }
    }
    return last;
  }
}
