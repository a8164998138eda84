package io.annet.runtime.layers;

import io.annet.runtime.Initializer;
import io.annet.runtime.infer.PlanBuilder;
import io.annet.runtime.infer.PlanTensor;
import io.annet.runtime.onnx.OnnxGraph;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inverted dropout (kind {@code Dropout}). Shape rule: unchanged; no parameters.
 *
 * <p>Forward in training: an explicit mask {@code m = Bernoulli(1 - rate) / (1 - rate)} drawn from
 * this layer's own seeded generator, {@code y = x * m}. Backward: {@code dx = dy * m} with the
 * same mask. In inference, or with rate 0, the layer is the identity and passes arrays through.
 *
 * <p>A training step creates no native object once the buffers for its batch size exist: the
 * mask is drawn into a reused buffer, and the scaling and both products run on reused op contexts.
 */
public final class DropoutLayer extends KernelBase
    implements Kernel<DropoutLayer.Saved>, Freezable, InferencePlannable {

  /**
   * What backward needs.
   *
   * @param output {@code x * mask}, or the input itself when the layer was the identity
   * @param mask the scaled mask, or null when the layer was the identity
   */
  public record Saved(INDArray output, INDArray mask) implements Forward {}

  private final double rate;
  private final Random random;
  private final BatchBuffer maskBuffer;
  private final BatchBuffer outputBuffer;
  private final BatchBuffer gradInputBuffer;
  private final INDArray keptScale; // 1 / (1 - rate), a scalar of dtype
  private final NativeCall scaleMask = new NativeCall("multiply");
  private final NativeCall applyMask = new NativeCall("multiply");
  private final NativeCall maskGradient = new NativeCall("multiply");
  private boolean frozen;

  /** A dropout layer whose mask generator is seeded from {@code init}. */
  public DropoutLayer(
      String name, int[] inputShape, double rate, DataType dtype, Initializer init) {
    super(name, "Dropout", inputShape, dtype);
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException(
          name + ": dropout rate must be in [0, 1), found " + rate);
    }
    this.rate = rate;
    outputShape(inputShape);
    this.random = Nd4j.getRandomFactory().getNewRandomInstance(init.nextSeed());
    this.maskBuffer = new BatchBuffer(dtype, inputShape);
    this.outputBuffer = new BatchBuffer(dtype, inputShape);
    this.gradInputBuffer = new BatchBuffer(dtype, inputShape);
    this.keptScale = Nd4j.scalar(dtype, 1 / (1 - rate));
  }

  @Override
  public Saved forward(INDArray input, boolean training) {
    Checks.batch(name, "input", input, inputShape, dtype);
    if (!training || rate == 0 || frozen) { // frozen: the identity, as in inference
      return new Saved(input, null);
    }
    INDArray x = Checks.contiguous(input);
    long n = x.size(0);
    INDArray mask = maskBuffer.get(n);
    Nd4j.getExecutioner().exec(new BernoulliDistribution(mask, 1 - rate), random);
    scaleMask.exec(mask, keptScale, mask);
    INDArray y = outputBuffer.get(n);
    applyMask.exec(x, mask, y);
    return new Saved(y, mask);
  }

  @Override
  public INDArray backward(Saved saved, INDArray gradOutput) {
    Checks.sameShape(name, gradOutput, saved.output());
    if (saved.mask() == null) {
      return gradOutput;
    }
    INDArray dy = Checks.contiguous(gradOutput);
    INDArray dx = gradInputBuffer.get(dy.size(0));
    maskGradient.exec(dy, saved.mask(), dx);
    return dx;
  }

  /** Restarts the mask generator at {@code seed} (for reproducible runs and gradient checks). */
  public void reseed(long seed) {
    random.setSeed(seed);
  }

  @Override
  public void setFrozen(boolean frozen) {
    this.frozen = frozen;
  }

  @Override
  public boolean isFrozen() {
    return frozen;
  }

  /** The probability of dropping a value. */
  public double rate() {
    return rate;
  }

  @Override
  String describe() {
    return "(" + rate + ") " + Arrays.toString(inputShape);
  }

  /** Nothing: inference passes the input through. */
  /** Nothing in inference: the input is the output. */
  @Override
  public PlanTensor plan(PlanBuilder plan, List<PlanTensor> inputs) {
    return inputs.get(0);
  }

  @Override
  public String exportOnnx(OnnxGraph graph, List<String> inputs) {
    return inputs.get(0);
  }
}
