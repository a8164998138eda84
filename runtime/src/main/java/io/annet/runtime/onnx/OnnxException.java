package io.annet.runtime.onnx;

import io.annet.runtime.AnnetException;

/**
 * An ONNX file Annet cannot export or import: unreadable, of an unsupported opset, with an operator
 * Annet cannot represent, a cycle, or weights that do not fit the network (naming the Annet layer,
 * the ONNX node and both shapes). The network is unchanged when an import throws it.
 */
public class OnnxException extends AnnetException {
  public OnnxException(String message) {
    super(message);
  }

  public OnnxException(String message, Throwable cause) {
    super(message, cause);
  }
}
