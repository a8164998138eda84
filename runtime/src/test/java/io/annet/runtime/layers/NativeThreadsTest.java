package io.annet.runtime.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.dsl.Activation;
import io.annet.dsl.Window;
import io.annet.runtime.Initializer;
import io.annet.runtime.NativeThreads;
import io.annet.runtime.ThreadCountException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * The thread count is settable; small oneDNN calls use one thread, large ones the maximum; and a
 * kernel call leaves the calling thread's OpenMP team size as it found it.
 */
class NativeThreadsTest {
  @Test
  void smallWorkUsesOneThreadLargeWorkTheMaximum() {
    int before = NativeThreads.max();
    try {
      NativeThreads.setMax(2);
      assertEquals(2, NativeThreads.max());
      assertEquals(1, OneDnn.threadsFor(OneDnn.SMALL_FLOPS - 1, OneDnn.SMALL_FLOPS));
      assertEquals(2, OneDnn.threadsFor(OneDnn.SMALL_FLOPS, OneDnn.SMALL_FLOPS));
      NativeThreads.setMax(1);
      assertEquals(1, OneDnn.threadsFor(Long.MAX_VALUE, OneDnn.SMALL_FLOPS));
    } finally {
      NativeThreads.setMax(before);
    }
  }

  @Test
  void aConvolutionRestoresTheCallersTeamSize() {
    int before = NativeThreads.max();
    try {
      NativeThreads.setMax(2);
      ConvLayer small = new ConvLayer("c", new int[] {2, 5, 5}, 3, Window.square(3, 1, 1),
          Activation.RELU, true, DataType.FLOAT, new Initializer(1));
      INDArray x = Nd4j.rand(DataType.FLOAT, 1, 2, 5, 5);
      small.backward(small.forward(x, true), Nd4j.rand(DataType.FLOAT, 1, 3, 5, 5));
      assertEquals(2, NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads());
    } finally {
      NativeThreads.setMax(before);
    }
  }

  @Test
  void libnd4jAndOneDnnShareOneOpenMpRuntime() throws java.io.IOException {
    assertTrue(OneDnn.available(), OneDnn.status());
    ConvLayer conv = new ConvLayer("c", new int[] {1, 4, 4}, 2, Window.square(3, 1, 1),
        Activation.RELU, true, DataType.FLOAT, new Initializer(1));
    conv.forward(Nd4j.rand(DataType.FLOAT, 1, 1, 4, 4), false);
    java.util.List<String> runtimes = java.nio.file.Files.readAllLines(
            java.nio.file.Path.of("/proc/self/maps")).stream()
        .filter(l -> l.endsWith("/libgomp.so.1"))
        .map(l -> l.substring(l.indexOf('/')))
        .distinct()
        .toList();
    assertEquals(1, runtimes.size(), "OpenMP runtimes loaded: " + runtimes);
  }

  @Test
  void fewerThanOneThreadIsRefused() {
    ThreadCountException e =
        assertThrows(ThreadCountException.class, () -> NativeThreads.setMax(0));
    assertTrue(e.getMessage().contains("at least 1") && e.getMessage().contains("0"),
        e.getMessage());
  }
}
