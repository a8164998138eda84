package io.annet.runtime.layers;

import io.annet.runtime.LabelException;
import io.annet.runtime.NativeThreads;
import io.annet.runtime.ShapeMismatchException;
import io.annet.runtime.infer.PlanBuilder;
import io.annet.runtime.infer.PlanTensor;
import io.annet.runtime.onnx.OnnxGraph;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Log;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Softmax over the classes (kind {@code Softmax}), with the fused cross-entropy loss. Shape rule:
 * {@code [K] -> [K]} (a {@code [K, 1, 1]} input counts as {@code [K]}); no parameters.
 *
 * <p>Forward: {@code p = softmax(z)} along dimension 1. {@link #loss}: the mean cross-entropy
 * {@code (1/N) sum_n (s_n lse(z_n) - y_n . z_n)} from the logits by log-sum-exp ({@code s_n} is the
 * row sum of the labels, 1 for one-hot), so no probability is ever logged. {@link
 * #backwardFromLabels}: its gradient {@code (p - y) / N}. {@link #backward}: the plain softmax
 * Jacobian-vector product {@code dz = p * (dy - sum_k dy_k p_k)}.
 */
public final class SoftmaxLayer extends KernelBase
    implements Kernel<SoftmaxLayer.Saved>, InferencePlannable {

  /**
   * What backward needs.
   *
   * @param logits the input viewed as {@code [N, K]}
   * @param output the probabilities {@code [N, K]}
   */
  public record Saved(INDArray logits, INDArray output) implements Forward {}

  private final int classes;
  private final BatchBuffer outputBuffer;
  private final BatchBuffer gradInputBuffer;
  // the training path (forward, loss, backwardFromLabels) allocates nothing: reused calls, buffers
  private final NativeCall softmax = new NativeCall("softmax").ints(1);
  private final ViewCache logitsView = new ViewCache();
  private final ViewCache gradView = new ViewCache();
  private final BatchBuffer rowBuffer;
  private final BatchBuffer lseBuffer;
  private final BatchBuffer termBuffer;
  private final INDArray total;
  private final NativeCall rowMax = new NativeCall("reduce_max").ints(1).booleans(true);
  private final NativeCall shift = new NativeCall("subtract");
  private final NativeCall rowSum = new NativeCall("reduce_sum").ints(1).booleans(true);
  private final NativeCall addMax = new NativeCall("add");
  private final NativeCall lseMinusZ = new NativeCall("subtract");
  private final NativeCall weigh = new NativeCall("multiply");
  private final NativeCall sumAll = new NativeCall("reduce_sum");
  private final NativeCall minusLabels = new NativeCall("subtract");
  private final NativeCall scale = new NativeCall("multiply");
  private INDArray inverseBatch;
  private long inverseBatchSize;

  /** A softmax over {@code inputShape[0]} classes. */
  public SoftmaxLayer(String name, int[] inputShape, DataType dtype) {
    super(name, "Softmax", inputShape, dtype);
    boolean vector = inputShape.length == 1;
    boolean column = inputShape.length == 3 && inputShape[1] == 1 && inputShape[2] == 1;
    if (!(vector || column) || inputShape[0] < 1) {
      throw new ShapeMismatchException(
          name + ": softmax needs an input [K] or [K, 1, 1], found " + Arrays.toString(inputShape));
    }
    this.classes = inputShape[0];
    outputShape(classes);
    this.outputBuffer = new BatchBuffer(dtype, classes);
    this.gradInputBuffer = new BatchBuffer(dtype, classes);
    this.rowBuffer = new BatchBuffer(dtype, 1);
    this.lseBuffer = new BatchBuffer(dtype, 1);
    this.termBuffer = new BatchBuffer(dtype, classes);
    this.total = Nd4j.scalar(dtype, 0.0);
  }

  @Override
  public Saved forward(INDArray input, boolean training) {
    Checks.batch(name, "input", input, inputShape, dtype);
    long n = input.size(0);
    INDArray z = logitsView.reshape(Checks.contiguous(input), n, classes);
    INDArray p = outputBuffer.get(n);
    int previous = oneThreadIfSmall(n);
    try {
      softmax.exec(z, p);
    } finally {
      NativeThreads.restore(previous);
    }
    return new Saved(z, p);
  }

  /** One OpenMP thread for a small batch of scores: waking a second costs more than it does. */
  private int oneThreadIfSmall(long n) {
    return NativeThreads.limit(OneDnn.threadsFor(n * classes, OneDnn.SMALL_ELEMENTS));
  }

  /** The mean cross-entropy of {@code labels} {@code [N, K]} against the saved logits. */
  public double loss(Saved saved, INDArray labels) {
    checkLabels(saved, labels);
    int previous = oneThreadIfSmall(saved.logits().size(0));
    try {
      return meanCrossEntropy(saved, labels);
    } finally {
      NativeThreads.restore(previous);
    }
  }

  private double meanCrossEntropy(Saved saved, INDArray labels) {
    INDArray z = saved.logits();
    long n = z.size(0);
    INDArray max = rowBuffer.get(n); // [N,1]
    INDArray lse = lseBuffer.get(n); // [N,1]
    INDArray term = termBuffer.get(n); // [N,K]
    rowMax.exec(z, max);
    shift.exec(z, max, term); // z - max
    Nd4j.exec(new Exp(term, term));
    rowSum.exec(term, lse);
    Nd4j.exec(new Log(lse, lse));
    addMax.exec(lse, max, lse); // lse = log sum exp z
    lseMinusZ.exec(lse, z, term); // -log p = lse - z
    weigh.exec(term, labels, term);
    sumAll.exec(term, total); // sum_n (s_n lse_n - y_n . z_n)
    return total.getDouble(0) / n;
  }

  /** The gradient of {@link #loss} with respect to the logits: {@code (p - y) / N}. */
  public INDArray backwardFromLabels(Saved saved, INDArray labels) {
    checkLabels(saved, labels);
    INDArray p = saved.output();
    long n = p.size(0);
    if (inverseBatchSize != n) {
      inverseBatch = Nd4j.scalar(dtype, 1.0 / n);
      inverseBatchSize = n;
    }
    INDArray dz = gradInputBuffer.get(n);
    int previous = oneThreadIfSmall(n);
    try {
      minusLabels.exec(p, labels, dz);
      scale.exec(dz, inverseBatch, dz);
    } finally {
      NativeThreads.restore(previous);
    }
    return shapedLikeInput(dz);
  }

  @Override
  public INDArray backward(Saved saved, INDArray gradOutput) {
    Checks.sameShape(name, gradOutput, saved.output());
    INDArray p = saved.output();
    INDArray dy = Checks.contiguous(gradOutput);
    INDArray dot = dy.mul(p).sum(1); // [N]: sum_k dy_k p_k
    INDArray dz = gradInputBuffer.get(p.size(0)).assign(dy).subiColumnVector(dot).muli(p);
    return shapedLikeInput(dz);
  }

  private INDArray shapedLikeInput(INDArray dz) {
    return inputShape.length == 1 ? dz : gradView.reshape(dz, dz.size(0), classes, 1, 1);
  }

  private void checkLabels(Saved saved, INDArray labels) {
    if (!Arrays.equals(labels.shape(), saved.output().shape())) {
      throw new LabelException(
          name + " expects labels " + Arrays.toString(saved.output().shape()) + ", found "
              + Arrays.toString(labels.shape()));
    }
    if (labels.dataType() != dtype) {
      throw new LabelException(
          name + " expects labels of type " + dtype + ", found " + labels.dataType());
    }
  }

  @Override
  String describe() {
    return " [" + classes + "]";
  }

  /** {@code Softmax} over axis 1 ({@code [K, 1, 1]} flattened first). */
  /** oneDNN's softmax over the classes. */
  @Override
  public PlanTensor plan(PlanBuilder plan, List<PlanTensor> inputs) {
    return plan.softmax(inputs.get(0));
  }

  @Override
  public String exportOnnx(OnnxGraph graph, List<String> inputs) {
    String x = inputs.get(0);
    if (inputShape.length != 1) {
      x = graph.flatten(name + ".flatten", x);
    }
    return graph.node("Softmax", name, List.of(x), OnnxGraph.Attribute.integer("axis", 1));
  }
}
