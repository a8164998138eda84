package io.annet.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code --verbose}, before or after the subcommand, prints the native environment first. */
class VerboseOptionTest {
  @Test
  void verbosePrintsTheNativeEnvironment() {
    for (CliRun run : new CliRun[] {
        CliRun.of("--verbose", "summary", "mnistgaphead"),
        CliRun.of("summary", "mnistgaphead", "--verbose")}) {
      assertEquals(0, run.code(), run.toString());
      assertTrue(run.err().startsWith("annet: ND4J native: oneDNN build, "), run.toString());
      assertTrue(run.err().contains("OpenBLAS "), run.toString());
      assertTrue(run.out().contains("maps   MlpConv"), run.toString());
    }
  }

  @Test
  void withoutVerboseNothingIsPrinted() {
    CliRun run = CliRun.of("summary", "mnistgaphead");
    assertEquals(0, run.code(), run.toString());
    assertEquals("", run.err(), run.toString());
  }
}
