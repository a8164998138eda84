package io.annet.runtime.layers;

import io.annet.dsl.Window;
import io.annet.runtime.Parameter;
import io.annet.runtime.ShapeMismatchException;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Global average pooling (kind {@code GlobalAvgPool}): the mean of each channel. Shape rule:
 * {@code [C, H, W] -> [C]}; no parameters.
 *
 * <p>Forward: one {@code H x W} average-pooling window ({@code avgpool2d}), viewed as {@code [N,
 * C]}. Backward: {@code dx[n, c, h, w] = dy[n, c] / (H W)} ({@code avgpool2d_bp}).
 */
public final class GlobalAvgPoolLayer implements Kernel<GlobalAvgPoolLayer.Saved> {

  /**
   * What backward needs.
   *
   * @param input the c-order input {@code [N, C, H, W]}
   * @param pooled the pooled maps {@code [N, C, 1, 1]}
   * @param output the same values viewed as {@code [N, C]}
   */
  public record Saved(INDArray input, INDArray pooled, INDArray output) implements Forward {}

  private final Pooling pooling;
  private final int channels;
  private final ViewCache outputView = new ViewCache();
  private final ViewCache gradView = new ViewCache();

  /** A global pooling layer over the whole {@code H x W} map. */
  public GlobalAvgPoolLayer(String name, int[] inputShape, DataType dtype) {
    if (inputShape.length != 3) {
      throw new ShapeMismatchException(
          name + ": global pooling needs an input [C, H, W], found "
              + Arrays.toString(inputShape));
    }
    Window whole = new Window(inputShape[1], inputShape[2], 1, 1, 0, 0, false);
    this.pooling = new Pooling(name, false, inputShape, whole, dtype);
    this.channels = inputShape[0];
  }

  @Override
  public Saved forward(INDArray input, boolean training) {
    INDArray[] xy = pooling.forward(input);
    // [N,C,1,1] -> [N,C]
    return new Saved(xy[0], xy[1], outputView.reshape(xy[1], xy[1].size(0), channels));
  }

  @Override
  public INDArray backward(Saved saved, INDArray gradOutput) {
    Checks.sameShape(pooling.name, gradOutput, saved.output());
    INDArray dy =
        gradView.reshape(Checks.contiguous(gradOutput), gradOutput.size(0), channels, 1, 1);
    return pooling.backward(saved.input(), saved.pooled(), dy);
  }

  @Override
  public List<Parameter> parameters() {
    return List.of();
  }

  @Override
  public String name() {
    return pooling.name;
  }

  @Override
  public String kind() {
    return "GlobalAvgPool";
  }

  @Override
  public int[] outputShape() {
    return new int[] {channels};
  }

  @Override
  public long parameterCount() {
    return 0;
  }

  @Override
  public String toString() {
    return pooling.name + " @GlobalAvgPool " + Arrays.toString(pooling.inputShape) + " -> ["
        + channels + "]";
  }
}
