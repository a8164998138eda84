package io.annet.runtime;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Tells whether named tensors hold NaN or infinite values, cheaply enough for every training
 * step: one reused full sum per tensor name (a sum is finite when every value is, and a sum that
 * overflows is recounted exactly), so that nothing native is created once each name was seen.
 * Not thread-safe, like the networks and optimizers that own one.
 */
public final class FiniteCheck {
  private final DynamicCustomOp sum = DynamicCustomOp.builder("reduce_sum").build();
  private final Map<String, Slot> slots = new HashMap<>();

  /** A reused reduction: its context, the array it was last given, and its scalar output. */
  private static final class Slot {
    private final OpContext context = Nd4j.getExecutioner().buildContext();
    private INDArray input;
    private INDArray total;
  }

  /**
   * Null when every floating-point tensor of {@code tensors} is finite, else a description of the
   * first that is not: {@code "'conv1.weight' holds 12 NaN or infinite value(s) of 800"}.
   */
  public String firstNonFinite(Map<String, INDArray> tensors) {
    for (Map.Entry<String, INDArray> e : tensors.entrySet()) {
      if (!isFinite(e.getKey(), e.getValue())) {
        return "'" + e.getKey() + "' holds " + NonFinite.count(e.getValue())
            + " NaN or infinite value(s) of " + e.getValue().length();
      }
    }
    return null;
  }

  /**
   * Whether {@code tensor} (null, empty and integer tensors count as finite) holds only finite
   * values; {@code key} names the reused reduction, one per tensor that is checked repeatedly.
   */
  public boolean isFinite(String key, INDArray tensor) {
    if (tensor == null || tensor.isEmpty() || !tensor.dataType().isFPType()) {
      return true;
    }
    if (FiniteScan.readable(tensor)) {
      return FiniteScan.allFinite(tensor);
    }
    Slot slot = slots.computeIfAbsent(key, k -> new Slot());
    if (slot.total == null || slot.total.dataType() != tensor.dataType()) {
      slot.total = Nd4j.scalar(tensor.dataType(), 0.0);
      slot.context.setOutputArray(0, slot.total);
    }
    if (slot.input != tensor) {
      slot.context.setInputArray(0, tensor);
      slot.input = tensor;
    }
    int previous = NativeThreads.limit(NativeThreads.forElements(tensor.length()));
    try {
      Nd4j.exec(sum, slot.context);
    } finally {
      NativeThreads.restore(previous);
    }
    return Double.isFinite(slot.total.getDouble(0)) || NonFinite.count(tensor) == 0;
  }
}
