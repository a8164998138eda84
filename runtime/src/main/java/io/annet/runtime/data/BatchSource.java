package io.annet.runtime.data;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Labelled examples that {@link io.annet.runtime.train.Trainer} and {@link
 * io.annet.runtime.train.Evaluator} walk in batches: the in-memory {@link Dataset}, or an {@link
 * ImageSource} that decodes image files on background threads while the network trains.
 *
 * <p>Both give the same batches for the same order: batch {@code k} holds the examples {@code
 * order[k * batchSize ...]}, the last one shorter when the size does not divide.
 */
public interface BatchSource {
  /** Number of examples. */
  int size();

  /** Number of classes. */
  int numClasses();

  /** The per-example shape {@code [C, H, W]}. */
  int[] exampleShape();

  /**
   * The batches of {@code batchSize} examples in {@code order}, in reused buffers of type {@code
   * dtype} (see {@link Batch}); close the stream to stop any background work.
   */
  BatchStream open(int batchSize, int[] order, DataType dtype);

  /** Number of batches of {@code batchSize} that cover the examples. */
  default int batchCount(int batchSize) {
    return (size() + batchSize - 1) / batchSize;
  }

  /**
   * The index of the first example holding NaN or an infinity, or -1; a source that cannot look
   * at every example up front answers -1 and the network checks each batch instead.
   */
  default int firstNonFinite() {
    return -1;
  }

  /**
   * Images decoded per second by the background threads while busy (their capacity), or NaN for
   * a source that decodes nothing.
   */
  default double decodeImagesPerSecond() {
    return Double.NaN;
  }

  /** The order 0..N-1 shuffled by Fisher-Yates with a generator seeded by {@code seed}. */
  default int[] shuffledOrder(long seed) {
    int[] order = naturalOrder();
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  /** The order 0..N-1. */
  default int[] naturalOrder() {
    int[] order = new int[size()];
    Arrays.setAll(order, i -> i);
    return order;
  }

  /** Checks a batch order against {@code size}: every index within 0..size-1. */
  static int[] checkedOrder(int[] order, int size, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be >= 1, found " + batchSize);
    }
    int[] copy = order.clone();
    for (int i : copy) {
      if (i < 0 || i >= size) {
        throw new IndexOutOfBoundsException(
            "batch order index " + i + " is outside 0.." + (size - 1));
      }
    }
    return copy;
  }
}
