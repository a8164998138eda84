package io.annet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.runtime.NativeThreads;
import org.junit.jupiter.api.Test;

/** {@code --threads N} sets the native thread count for the run; below 1 is a usage error. */
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
    assertTrue(err.startsWith("annet: --threads expects at least 1, found 0"), run.toString());
    assertFalse(err.contains("\tat "), run.toString());
  }
}
