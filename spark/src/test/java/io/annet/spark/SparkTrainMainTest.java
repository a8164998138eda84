package io.annet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** spark-train's command-line errors: one line naming the problem, before Spark starts. */
class SparkTrainMainTest {
  @Test
  void anUnknownModelFailsNamingTheChoices() {
    String err = errorOf(1, "--model", "NoSuchModel", "--data", "/nowhere");
    assertTrue(err.startsWith("annet spark-train: unknown model 'NoSuchModel'"), err);
    assertTrue(err.contains("MnistGapHead"), err);
    assertTrue(!err.contains("\tat "), "no stack trace: " + err);
  }

  @Test
  void resumeNeedsACheckpoint() {
    String err = errorOf(2, "--model", "MnistGapHead", "--data", "/nowhere", "--resume");
    assertTrue(err.contains("--resume needs --checkpoint FILE"), err);
  }

  private static String errorOf(int code, String... args) {
    PrintStream saved = System.err;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      assertEquals(code, SparkTrainMain.run(args));
    } finally {
      System.setErr(saved);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
