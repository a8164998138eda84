package io.annet.benchmarks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "DL4J as shipped" worker really runs libnd4j's plain build, even on a machine where an
 * earlier JVM (any Annet test) left the oneDNN build's libraries in JavaCPP's cache, which JavaCPP
 * preferred over the plain jar on the classpath.
 */
class ShippedWorkerTest {
  @TempDir Path dir;

  @Test
  void shippedWorkerLoadsThePlainNativeBuild() throws Exception {
    EnvironmentInfo.oneDnnBuild(); // this JVM extracts the oneDNN build into the cache first
    Path plain =
        Path.of("target", "dl4j-shipped", "nd4j-native-1.0.0-M2.1-linux-x86_64.jar");
    assertTrue(Files.isRegularFile(plain), plain + " is copied before the tests run");
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    try (WorkerProcess worker =
        WorkerSetup.start(
            Framework.DL4J_SHIPPED, 1, plain, dir.resolve("shipped.log"), classpath)) {
      String info = worker.call("INFO");
      assertTrue(info.contains("nd4j-native plain build"), info);
    }
  }
}
