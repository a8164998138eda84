package io.annet.runtime;

import io.annet.dsl.Layer;
import io.annet.runtime.layers.BlockHandle;
import java.util.List;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The native memory a batch needs, estimated from the layers' per-example output shapes, against
 * what the process may still allocate: JavaCPP's {@code maxPhysicalBytes} less the resident size,
 * and the machine's available memory. An inference pass is estimated at twice the activations
 * (every layer keeps its output; kernels need scratch space), a training step at four times
 * (outputs, saved states, gradients). Small batches are never measured: the native query runs only
 * when a batch's estimate exceeds {@link #MEASURED_FROM}.
 */
final class MemoryBudget {
  /** An inference pass of {@code predict} is kept under this many bytes (when there are more). */
  static final long PASS_BYTES = 256L << 20;

  /** Batches estimated below this are not measured against the memory available. */
  static final long MEASURED_FROM = 64L << 20;

  private static volatile long availableForTests = -1;

  private final String model;
  private final long inferencePerExample;
  private final long trainingPerExample;
  private long inferenceBatch; // the batch sizes the layers' buffers hold now
  private long trainingBatch;

  MemoryBudget(String model, int[] inputShape, List<Layer> layers, DataType dtype) {
    this.model = model;
    long values = product(inputShape);
    for (Layer layer : layers) {
      values = saturatedAdd(values, outputs(layer));
    }
    long bytes = saturatedMultiply(Math.max(1, values), dtype.width());
    this.inferencePerExample = saturatedMultiply(bytes, 2);
    this.trainingPerExample = saturatedMultiply(bytes, 4);
  }

  /** Examples per forward pass for a {@code predict} of {@code n} ({@code fixed} if positive). */
  int predictPass(long n, int fixed) {
    if (fixed > 0) {
      return (int) Math.min(n, fixed);
    }
    if (saturatedMultiply(n, inferencePerExample) <= MEASURED_FROM) {
      return (int) n;
    }
    long perPass = Math.max(1, PASS_BYTES / inferencePerExample);
    long available = available();
    long fit = available / 2 / inferencePerExample;
    if (fit < 1) {
      throw tooLarge("an inference pass on one example", inferencePerExample, available);
    }
    return (int) Math.min(n, Math.min(Math.min(perPass, fit), Integer.MAX_VALUE));
  }

  /** Checks that an inference pass on {@code n} examples at once fits. */
  void requireInference(long n) {
    require("an inference pass on " + n + " examples", n, inferencePerExample, inferenceBatch);
    inferenceBatch = n;
  }

  /** Checks that a training step on {@code n} examples fits. */
  void requireTraining(long n) {
    require("a training step on " + n + " examples", n, trainingPerExample, trainingBatch);
    trainingBatch = n;
  }

  /** Checks that {@code bytes} more (e.g. a result array) fit. */
  void requireBytes(String what, long bytes) {
    if (bytes > MEASURED_FROM) {
      long available = available();
      if (bytes > available) {
        throw tooLarge(what, bytes, available);
      }
    }
  }

  private void require(String what, long n, long perExample, long heldBatch) {
    long needed = saturatedMultiply(n, perExample);
    if (needed <= MEASURED_FROM || n == heldBatch) {
      return;
    }
    // the buffers of the batch size held now are replaced, so their memory counts as available
    long available = saturatedAdd(available(), saturatedMultiply(heldBatch, perExample));
    if (needed > available) {
      throw tooLarge(what, needed, available);
    }
  }

  private NativeMemoryException tooLarge(String what, long needed, long available) {
    long limit = Pointer.maxPhysicalBytes();
    return new NativeMemoryException(
        model + ": " + what + " needs about " + Pointer.formatBytes(needed)
            + " of native memory (estimated from the layers' output sizes) but "
            + Pointer.formatBytes(available) + " is available (JavaCPP maxPhysicalBytes "
            + (limit > 0 ? Pointer.formatBytes(limit) : "unlimited") + ", "
            + Pointer.formatBytes(Pointer.physicalBytes()) + " in use); use smaller batches, or"
            + " raise -Dorg.bytedeco.javacpp.maxPhysicalBytes if the machine has the memory");
  }

  /** Bytes this process may still allocate natively: the lower of JavaCPP's and the machine's. */
  static long available() {
    long forTests = availableForTests;
    if (forTests >= 0) {
      return forTests;
    }
    long limit = Pointer.maxPhysicalBytes();
    long byLimit = limit > 0 ? limit - Pointer.physicalBytes() : Long.MAX_VALUE;
    long bySystem = Pointer.availablePhysicalBytes();
    return Math.max(0, Math.min(byLimit, bySystem > 0 ? bySystem : Long.MAX_VALUE));
  }

  /** Pretends {@code bytes} are available (a negative value measures again); for tests. */
  static void setAvailableForTests(long bytes) {
    availableForTests = bytes;
  }

  /** Output values per example of a layer, or of every member of a block. */
  private static long outputs(Layer layer) {
    if (layer instanceof BlockHandle block) {
      long sum = 0;
      for (Layer member : block.members()) {
        sum = saturatedAdd(sum, outputs(member));
      }
      return sum;
    }
    return product(layer.outputShape());
  }

  private static long product(int[] shape) {
    long p = 1;
    for (int s : shape) {
      p = saturatedMultiply(p, s);
    }
    return p;
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }

  private static long saturatedMultiply(long a, long b) {
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    return (hi == 0 && lo >= 0) ? lo : Long.MAX_VALUE;
  }
}
