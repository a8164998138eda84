package io.annet.examples.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.annet.runtime.onnx.Onnx;
import io.annet.runtime.onnx.OnnxException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Fuzzes the ONNX import with Jazzer: every input either loads into {@link TorchTwin} or fails with
 * an {@link OnnxException} that has a message and leaves the network as it was, within 10 s; any
 * other throwable (a protobuf or ND4J exception, an {@code OutOfMemoryError} from a forged size, a
 * hang) is a finding. Plain builds replay {@code OnnxFuzzTestInputs/weights/} (the PyTorch
 * fixtures and mutants of them); {@code -Pjazzer} fuzzes coverage-guided (docs/RELIABILITY.md).
 */
class OnnxFuzzTest {
  private static final Duration LIMIT = Duration.ofSeconds(10);
  private static final TorchTwinNetwork NET = TorchTwinNetwork.create(1);

  @Test
  void seedsLoad() throws Exception {
    for (String name : new String[] {"torch_twin_folded.onnx", "torch_twin_bn.onnx"}) {
      try (InputStream in = getClass().getResourceAsStream("/onnx/" + name)) {
        assertEquals(true, load(in.readAllBytes()), name);
      }
    }
  }

  /** {@code data} as an ONNX file imported into {@link TorchTwin}. */
  @FuzzTest(maxDuration = "5m")
  void weights(byte[] data) {
    load(data);
  }

  /** Whether {@code data} loaded; false when it was refused, the network then unchanged. */
  private static boolean load(byte[] data) {
    Map<String, INDArray> before = ImportOnnxTest.snapshot(NET);
    Path file = write(data);
    try {
      return assertTimeoutPreemptively(LIMIT, () -> {
        try {
          Onnx.loadWeights(NET, file);
          return true;
        } catch (OnnxException e) {
          assertTrue(e.getMessage() != null && e.getMessage().length() > 10, e::toString);
          assertEquals(before, NET.parameters(), "a refused file changed the network");
          return false;
        }
      });
    } finally {
      delete(file);
    }
  }

  private static Path write(byte[] data) {
    try {
      Path file = Files.createTempFile("annet-fuzz", ".onnx");
      Files.write(file, data);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
