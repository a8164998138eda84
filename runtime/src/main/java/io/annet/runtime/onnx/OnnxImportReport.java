package io.annet.runtime.onnx;

import java.util.List;

/**
 * What an ONNX import did: which Annet layer took which ONNX node's weights, which ONNX nodes a
 * partial import left out, and which Annet layers it left as they were.
 *
 * @param filled one line per filled Annet layer, {@code conv1 <- 'features.0' (Conv)}
 * @param leftOut the parameterised ONNX nodes no Annet layer took (partial imports only)
 * @param notFilled the Annet layers that kept their values (partial imports only)
 */
public record OnnxImportReport(List<String> filled, List<String> leftOut, List<String> notFilled) {
  public OnnxImportReport {
    filled = List.copyOf(filled);
    leftOut = List.copyOf(leftOut);
    notFilled = List.copyOf(notFilled);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    b.append("filled ").append(filled.size()).append(" layers:\n");
    filled.forEach(line -> b.append("  ").append(line).append('\n'));
    if (!leftOut.isEmpty()) {
      b.append("left out ").append(leftOut.size()).append(" ONNX nodes:\n");
      leftOut.forEach(line -> b.append("  ").append(line).append('\n'));
    }
    if (!notFilled.isEmpty()) {
      b.append("kept ").append(notFilled.size()).append(" Annet layers as they were:\n");
      notFilled.forEach(line -> b.append("  ").append(line).append('\n'));
    }
    return b.toString();
  }
}
