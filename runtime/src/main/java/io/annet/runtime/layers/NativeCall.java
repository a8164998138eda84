package io.annet.runtime.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One call site of a libnd4j custom op with its own reused {@link OpContext}: the arguments are
 * set once, the arrays only when they are other objects than last time. An exec then costs about
 * 1.5 us instead of 6.6 us and creates no native state (a plain {@code Nd4j.exec(op)} builds and
 * frees a context per call), see the shared ND4J notes. Not thread-safe, like the kernels.
 */
final class NativeCall {
  private final DynamicCustomOp op;
  private final OpContext context;
  private final INDArray[] inputs = new INDArray[6]; // batchnorm_bp has 6 inputs, 5 outputs
  private final INDArray[] outputs = new INDArray[5];

  /** A call of op {@code name} (e.g. {@code "conv2d"}) with no arguments yet. */
  NativeCall(String name) {
    this.op = DynamicCustomOp.builder(name).build();
    this.context = Nd4j.getExecutioner().buildContext();
  }

  /** Sets the integer arguments of every later exec. */
  NativeCall ints(long... arguments) {
    context.setIArguments(arguments);
    return this;
  }

  /** Sets the integer arguments of every later exec. */
  NativeCall ints(int... arguments) {
    long[] wide = new long[arguments.length];
    for (int i = 0; i < wide.length; i++) {
      wide[i] = arguments[i];
    }
    return ints(wide);
  }

  /** Sets the floating-point arguments of every later exec. */
  NativeCall doubles(double... arguments) {
    context.setTArguments(arguments);
    return this;
  }

  /** Sets the boolean arguments of every later exec. */
  NativeCall booleans(boolean... arguments) {
    context.setBArguments(arguments);
    return this;
  }

  /** Input {@code i} of the next exec. */
  NativeCall in(int i, INDArray array) {
    if (inputs[i] != array) {
      context.setInputArray(i, array);
      inputs[i] = array;
    }
    return this;
  }

  /** Output {@code i} of the next exec (preallocated; the op writes into it). */
  NativeCall out(int i, INDArray array) {
    if (outputs[i] != array) {
      context.setOutputArray(i, array);
      outputs[i] = array;
    }
    return this;
  }

  /** Runs the op on the arrays set so far. */
  void exec() {
    Nd4j.exec(op, context);
  }

  /** {@code out = op(x)}. */
  void exec(INDArray x, INDArray out) {
    in(0, x).out(0, out).exec();
  }

  /** {@code out = op(x, y)}. */
  void exec(INDArray x, INDArray y, INDArray out) {
    in(0, x).in(1, y).out(0, out).exec();
  }
}
