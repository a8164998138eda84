package io.annet.runtime.layers;

import io.annet.runtime.ShapeMismatchException;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Channel concatenation of two or more maps, in input order (kind {@code Concat}). Shape rule:
 * {@code [C1, H, W], [C2, H, W], ... -> [C1 + C2 + ..., H, W]}; every input must have the same H
 * and W; no parameters.
 *
 * <p>Forward: each input is copied into its channel slice of a reused output buffer. Backward:
 * each input's gradient is a copy of its channel slice of the output gradient, in a reused buffer
 * of its own. In c-order NCHW the slice of one example is contiguous, so both are one strided 2-D
 * copy per input: {@code [N, Ci*H*W]} to or from columns {@code [off*H*W, (off+Ci)*H*W)} of
 * {@code [N, C*H*W]}.
 */
public final class ConcatLayer implements MergeKernel<ConcatLayer.Saved> {

  /**
   * What backward needs.
   *
   * @param output the concatenation {@code [N, C1 + C2 + ..., H, W]}
   */
  public record Saved(INDArray output) implements Forward {}

  private final String name;
  private final int[][] inputShapes;
  private final int[] outputShape;
  private final long[] offsets; // first output column of each input in the [N, C*H*W] view
  private final long[] widths; // Ci*H*W
  private final long total; // C*H*W
  private final DataType dtype;
  private final BatchBuffer outputBuffer;
  private final BatchBuffer[] gradInputBuffers;

  /** A concatenation of inputs of per-example shapes {@code inputShapes}, in that order. */
  public ConcatLayer(String name, int[][] inputShapes, DataType dtype) {
    this.name = name;
    this.dtype = dtype;
    if (inputShapes == null || inputShapes.length < 2) {
      throw new ShapeMismatchException(
          name + ": a concatenation needs at least 2 inputs, found "
              + (inputShapes == null ? 0 : inputShapes.length));
    }
    this.inputShapes = new int[inputShapes.length][];
    int[] first = inputShapes[0];
    long channels = 0;
    for (int i = 0; i < inputShapes.length; i++) {
      int[] shape = inputShapes[i];
      if (shape == null || shape.length != 3 || Arrays.stream(shape).anyMatch(d -> d < 1)) {
        throw new ShapeMismatchException(
            name + ": a concatenation needs maps [C, H, W], found " + Arrays.toString(shape)
                + " (input " + i + ")");
      }
      if (shape[1] != first[1] || shape[2] != first[2]) {
        throw new ShapeMismatchException(
            name + ": a concatenation needs maps of equal height and width, found "
                + Arrays.toString(first) + " (input 0) and " + Arrays.toString(shape)
                + " (input " + i + ")");
      }
      this.inputShapes[i] = shape.clone();
      channels += shape[0];
    }
    if (channels > Integer.MAX_VALUE) {
      throw new ShapeMismatchException(name + ": too many channels to concatenate: " + channels);
    }
    this.outputShape = new int[] {(int) channels, first[1], first[2]};
    long plane = (long) first[1] * first[2];
    this.offsets = new long[inputShapes.length];
    this.widths = new long[inputShapes.length];
    this.gradInputBuffers = new BatchBuffer[inputShapes.length];
    long offset = 0;
    for (int i = 0; i < inputShapes.length; i++) {
      offsets[i] = offset;
      widths[i] = inputShapes[i][0] * plane;
      offset += widths[i];
      gradInputBuffers[i] = new BatchBuffer(dtype, inputShapes[i]);
    }
    this.total = offset;
    this.outputBuffer = new BatchBuffer(dtype, outputShape);
  }

  @Override
  public Saved forward(boolean training, INDArray... inputs) {
    Checks.inputs(name, inputs, inputShapes, dtype);
    long n = inputs[0].size(0);
    INDArray y = outputBuffer.get(n);
    INDArray flat = y.reshape(n, total);
    for (int i = 0; i < inputs.length; i++) {
      INDArray x = Checks.contiguous(inputs[i]).reshape(n, widths[i]); // [N,Ci,H,W] -> [N,Ci*H*W]
      columns(flat, i).assign(x);
    }
    return new Saved(y);
  }

  @Override
  public INDArray[] backward(Saved saved, INDArray gradOutput) {
    Checks.sameShape(name, gradOutput, saved.output());
    INDArray dy = Checks.contiguous(gradOutput);
    long n = dy.size(0);
    INDArray flat = dy.reshape(n, total);
    INDArray[] dx = new INDArray[inputShapes.length];
    for (int i = 0; i < dx.length; i++) {
      dx[i] = gradInputBuffers[i].get(n);
      dx[i].reshape(n, widths[i]).assign(columns(flat, i)); // a view of the reused buffer
    }
    return dx;
  }

  /** Columns {@code [offset_i, offset_i + width_i)} of {@code [N, C*H*W]}: input i's slice. */
  private INDArray columns(INDArray flat, int i) {
    return flat.get(NDArrayIndex.all(), NDArrayIndex.interval(offsets[i], offsets[i] + widths[i]));
  }

  @Override
  public int[][] inputShapes() {
    int[][] copy = new int[inputShapes.length][];
    for (int i = 0; i < copy.length; i++) {
      copy[i] = inputShapes[i].clone();
    }
    return copy;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String kind() {
    return "Concat";
  }

  @Override
  public int[] outputShape() {
    return outputShape.clone();
  }

  @Override
  public long parameterCount() {
    return 0;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(name).append(" @Concat ");
    for (int i = 0; i < inputShapes.length; i++) {
      b.append(i == 0 ? "" : " + ").append(Arrays.toString(inputShapes[i]));
    }
    return b.append(" -> ").append(Arrays.toString(outputShape)).toString();
  }
}
