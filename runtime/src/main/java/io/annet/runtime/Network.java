package io.annet.runtime;

import io.annet.dsl.Layer;
import io.annet.runtime.checkpoint.Checkpoints;
import io.annet.runtime.checkpoint.SaveOption;
import io.annet.runtime.layers.BlockHandle;
import io.annet.runtime.layers.Kernel;
import io.annet.runtime.onnx.Onnx;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The base class of every generated network: the boundary checks, the parameter maps, checkpoints
 * and the summary; the generated subclass supplies the layer calls ({@link #forward}, {@link
 * #trainStep}).
 *
 * <p>Inputs: {@code x} must be rank 4, {@code [N, C, H, W]} with {@code [C, H, W]} equal to {@link
 * Architecture#inputShape()} and {@code N >= 1}. Floating-point inputs of another precision
 * (float64, float32, float16, bfloat16) are converted to {@link #dataType()} (one copy); integer,
 * boolean or string arrays are rejected. Arrays that are not c-order with default strides (views,
 * f-order) are copied to c-order. Input values must be finite: NaN or infinity throws {@link
 * NonFiniteInputException} before any layer runs. Finite inputs too large for the data type (say
 * 1e30 in FLOAT) are caught where they overflow: a NaN or infinite batch-norm statistic, loss or
 * prediction throws {@link NonFiniteValueException} naming it, before it reaches the running
 * statistics (the optimizers check gradients and updated weights likewise). Labels are {@code [N, classes]} rows that each
 * sum to 1 (one-hot or soft), or {@code int[]} class indices in {@code [0, classes)}. Every
 * violation throws an {@link AnnetException} subclass naming the expected shape, so no ND4J error
 * escapes.
 *
 * <p>Allocation: once a batch size has been seen, the checks of {@link #computeGradients} create
 * no native object (their reductions and the one-hot labels of class indices use buffers and op
 * contexts kept per network), so a training step allocates only what its layers do, which is
 * nothing for the built-in kernels. {@link #predict(INDArray)} returns one fresh array; {@link
 * #predict(INDArray, INDArray)} writes into the caller's instead. Converted inputs (another
 * precision, a view) cost one copy.
 *
 * <p>Thread safety: an instance is <em>not</em> thread-safe, since its layers reuse output and
 * gradient buffers between calls; use one instance per thread. {@link #copy()} gives an
 * independent network with the same parameters, cheaply (one copy of each tensor). Concurrent use
 * is detected: a public operation entered while another thread is inside one throws {@link
 * ConcurrentUseException} before touching anything ({@link #claim} extends that over a sequence of
 * calls).
 *
 * <p>Memory: a {@code predict} batch whose activations exceed 256 MB (or the native memory
 * available) runs in passes of fewer examples ({@link #setPredictPass}); a training step or class
 * activation map whose estimated need exceeds the native memory available throws {@link
 * NativeMemoryException} before allocating.
 */
public abstract class Network implements Trainable {
  static {
    NativeDefaults.apply(); // before ND4J's natives load, should its backend hook be missing
  }

  private final Architecture architecture;
  private final DataType dtype;
  private List<Layer> layers = List.of();
  private Map<String, INDArray> parameters = Map.of();
  private Freezing freezing = new Freezing("", List.of(), Map.of());
  private final StepBuffers buffers;
  private final StepChecks stepChecks;
  private final ExclusiveUse use;
  private final BatchChecks checks;
  private MemoryBudget budget;
  // predict's passes and plans (package-private, not a method: a zero-argument method would
  // reserve a layer name; a Predictor fixes its copy's weights through it)
  final Prediction prediction;
  private FeaturePass featurePass;
  // the training step and its planned layouts (package-private, not a method: TrainingLayouts
  // tells through it whether a step keeps tensors blocked)
  final TrainingStep training;

  /** A network of {@code architecture} computing in {@code dtype} (FLOAT or DOUBLE). */
  protected Network(Architecture architecture, DataType dtype) {
    NativeThreads.checkEnvironment(); // a bad OMP_NUM_THREADS crashes the natives' first ops
    if (dtype != DataType.FLOAT && dtype != DataType.DOUBLE) {
      throw new DataTypeMismatchException(
          architecture.modelName() + " computes in FLOAT or DOUBLE, found " + dtype);
    }
    this.architecture = architecture;
    this.dtype = dtype;
    this.buffers = new StepBuffers(dtype);
    this.stepChecks = new StepChecks(architecture.modelName(), dtype);
    this.use = new ExclusiveUse(architecture.modelName());
    this.checks = new BatchChecks(architecture.modelName(), architecture.classes(), dtype, buffers);
    this.prediction = new Prediction(this, stepChecks);
    this.training = new TrainingStep(this, stepChecks);
  }

  /** The inference forward pass on a checked input; returns probabilities {@code [N, classes]}. */
  protected abstract INDArray forward(INDArray x);

  /** Training forward, loss and full backward on checked arguments; returns the loss. */
  protected abstract double trainStep(INDArray x, INDArray labels);

  /** An independent network with a copy of this one's parameters, for another thread. */
  public abstract Network copy();

  /**
   * Declares the layers in forward order and builds {@link #parameters()} and {@link
   * #gradients()} from their tensors: those of every {@link Kernel}, also when it is a member of a
   * {@link BlockHandle} (a tensor reached twice, e.g. through a handle and directly, counts once).
   * Merge kernels and other handles have no tensors.
   */
  protected final void register(Layer... handles) {
    RegisteredTensors tensors = RegisteredTensors.of(handles);
    stepChecks.track(tensors.batchNorms());
    this.layers = List.of(handles);
    this.parameters = tensors.values();
    this.freezing = new Freezing(architecture.modelName(), layers, tensors.gradients());
    this.prediction.reset(); // plans are built from the registered layers
    this.training.replan();
  }

  @Override
  public INDArray predict(INDArray x) {
    use.claim("predict");
    try {
      return prediction.predict(checkBatch(x), budget());
    } finally {
      use.release();
    }
  }

  /**
   * {@link #predict(INDArray)} into {@code out}, {@code [N, classes]} of {@link #dataType()} (any
   * order or strides), which it returns: no array is created once the batch size has been seen.
   */
  public INDArray predict(INDArray x, INDArray out) {
    use.claim("predict");
    try {
      INDArray input = checkBatch(x);
      checks.requireOutput(out, input.size(0));
      return prediction.predict(input, out, budget());
    } finally {
      use.release();
    }
  }

  /**
   * {@inheritDoc}
   *
   * @throws NonFiniteValueException when the loss or a batch-norm statistic is NaN or infinite
   *     (finite inputs too large for the data type, or overflowed weights), naming it; the
   *     running statistics are then as they were before the call
   */
  @Override
  public double computeGradients(INDArray x, INDArray labels) {
    use.claim("computeGradients");
    try {
      INDArray input = checkBatch(x);
      INDArray y = checkLabels(labels, input.size(0));
      budget().requireTraining(input.size(0));
      return training.run(input, y);
    } finally {
      use.release();
    }
  }

  /** {@link #computeGradients(INDArray, INDArray)} with class indices in {@code [0, classes)}. */
  public double computeGradients(INDArray x, int[] classes) {
    use.claim("computeGradients");
    try {
      INDArray input = checkBatch(x);
      checks.requireIndices(classes, input.size(0));
      budget().requireTraining(input.size(0));
      return training.run(input, buffers.oneHot(classes, architecture.classes()));
    } finally {
      use.release();
    }
  }

  /**
   * Examples per forward pass of {@code predict}: a larger batch is split into passes of this
   * size (the last one overlapping the one before, so that every pass reuses the same buffers);
   * each row is what a single pass gives, up to rounding. 0, the default, sizes passes to keep
   * their activations under 256 MB and within the native memory available.
   */
  public void setPredictPass(int examples) {
    if (examples < 0) {
      throw new IllegalArgumentException("predict pass must be >= 0 (0: automatic), found "
          + examples);
    }
    prediction.setPass(examples);
  }

  /**
   * Marks this network as used by the current thread until the matching {@link #release()}, for
   * a sequence of calls that must not interleave with another thread's (e.g. a gradient step and
   * the optimizer update that reads its gradients); every public operation does this itself.
   * Re-entrant.
   *
   * @throws ConcurrentUseException when another thread is using the network
   */
  public final void claim(String operation) {
    use.claim(operation);
  }

  /** Ends the current thread's {@link #claim}. */
  public final void release() {
    use.release();
  }

  /** The per-example memory estimate, built once the layers are registered. */
  private MemoryBudget budget() {
    if (budget == null) {
      budget = new MemoryBudget(architecture.modelName(), architecture.inputShape(), layers,
          dtype);
    }
    return budget;
  }

  /**
   * Checks {@code x} against the architecture and that an inference pass on all of it fits in
   * native memory; returns it, or a converted c-order copy.
   */
  protected final INDArray checkInput(INDArray x) {
    INDArray input = checkBatch(x);
    budget().requireInference(input.size(0));
    return input;
  }

  /** Checks {@code x} against the architecture; returns it, or a converted c-order copy. */
  private INDArray checkBatch(INDArray x) {
    return checks.input(x, architecture.inputShape());
  }

  /**
   * Checks one-hot or soft labels: {@code [n, classes]}, each row a probability distribution
   * (entries in [0, 1] summing to 1); returns them, or a converted c-order copy.
   */
  protected final INDArray checkLabels(INDArray labels, long n) {
    checks.requireShape(labels, n);
    return checks.requireDistributions(checks.converted(labels, "labels"));
  }

  /** One-hot labels {@code [n, classes]} for class indices in {@code [0, classes)}. */
  protected final INDArray oneHot(int[] indices, long n) {
    checks.requireIndices(indices, n);
    int classes = architecture.classes();
    double[] values = new double[Math.multiplyExact(indices.length, classes)];
    for (int i = 0; i < indices.length; i++) {
      values[i * classes + indices[i]] = 1.0;
    }
    return Nd4j.create(values, new long[] {indices.length, classes}, 'c').castTo(dtype);
  }

  @Override
  public Architecture architecture() {
    return architecture;
  }

  /** The element type every array of this network has. */
  public DataType dataType() {
    return dtype;
  }

  @Override
  public Map<String, INDArray> parameters() {
    return parameters;
  }

  /** {@inheritDoc} Those of frozen layers are left out ({@link #freeze(String...)}). */
  @Override
  public Map<String, INDArray> gradients() {
    return freezing.gradients();
  }

  /**
   * Freezes the named layers, blocks ({@code backbone}) or block members ({@code backbone.conv2})
   * for the next training runs: no update, no optimizer state, no backward below the first layer
   * that trains, batch norm and dropout as in inference (docs/DESIGN.md, "Transfer learning").
   *
   * @throws AnnetException naming the network's layers when a name is none of them
   */
  public void freeze(String... names) {
    setFrozen(true, names);
  }

  /** {@link #freeze(String...)} by handle, e.g. {@code net.freeze(net.backbone())}. */
  public void freeze(Layer... handles) {
    setFrozen(true, Arrays.stream(handles).map(Layer::name).toArray(String[]::new));
  }

  /** Makes the named layers or blocks train again (a fine-tuning stage). */
  public void unfreeze(String... names) {
    setFrozen(false, names);
  }

  /** Makes every layer train again. */
  public void unfreezeAll() {
    setFrozen(false, freezing.frozenNames().toArray(String[]::new));
  }

  private void setFrozen(boolean on, String... names) {
    use.claim(on ? "freeze" : "unfreeze");
    try {
      freezing.set(on, List.of(names));
      training.replan(); // a frozen batch norm normalises plain maps: plan again
    } finally {
      use.release();
    }
  }

  /**
   * The backbone's output (of a {@code backbone} + {@code head} model) for a batch, a fresh array;
   * the GAP vector {@code [N, C]} when the head starts with a global pool. Inference mode.
   */
  public INDArray features(INDArray x) {
    Layer backbone = layers.stream().filter(l -> l.name().equals("backbone")).findFirst()
        .orElseThrow(() -> new AnnetException(architecture.modelName() + " has no backbone (a"
            + " @Model(backbone = ..., head = ...)): name the layer whose output you want,"
            + " features(x, layer)"));
    return features(x, featurePass().backboneFeatures(backbone));
  }

  /** The output of the named layer or block (its last layer) for a batch, a fresh array. */
  public INDArray features(INDArray x, String layer) {
    return features(x, featurePass().lastNode(freezing.find(layer)));
  }

  private INDArray features(INDArray x, int node) {
    use.claim("features");
    try {
      return featurePass.run(checkInput(x), node);
    } finally {
      use.release();
    }
  }

  private FeaturePass featurePass() {
    if (featurePass == null) {
      featurePass = new FeaturePass(architecture.modelName(), freezing.nodes(),
          architecture.spec());
    }
    return featurePass;
  }

  /** The names of the frozen layers (block members by their dotted names), in order. */
  public Set<String> frozenLayers() {
    return freezing.frozenNames();
  }

  /**
   * For the generated training step: the index of the first layer that trains (blocks flattened),
   * where backward stops; the softmax's when none trains, 0 when nothing is frozen.
   */
  protected final int backwardStop() {
    return freezing.backwardStop();
  }

  /** The live layer handles, in forward order. */
  public List<Layer> layers() {
    return layers;
  }

  /** The compile-time summary table. */
  public String summary() {
    return architecture.summary();
  }

  /**
   * Overwrites every tensor (running statistics included) with {@code other}'s values, and
   * freezes the layers {@code other} has frozen.
   */
  protected void copyParametersFrom(Network other) {
    requireSameArchitecture(other.architecture);
    other.use.claim("copy");
    try {
      for (Map.Entry<String, INDArray> e : parameters.entrySet()) {
        e.getValue().assign(other.parameters.get(e.getKey()));
      }
      freezing.copyFrom(other.freezing);
    } finally {
      other.use.release();
    }
  }

  /**
   * Writes this network's inference graph as an ONNX model (opset 13, float32, input named after
   * the model with a symbolic batch dimension, output {@code probabilities} {@code [N, classes]});
   * see {@link Onnx}.
   */
  public void exportOnnx(Path path) throws IOException {
    Onnx.export(this, path);
  }

  /** {@link #exportOnnx(Path)} with the class names, in index order, in the model's metadata. */
  public void exportOnnx(Path path, List<String> classNames) throws IOException {
    Onnx.export(this, path, classNames);
  }

  /** Writes a checkpoint with the parameters and no optimizer state. */
  public void save(Path path) throws IOException {
    save(path, Map.of());
  }

  /**
   * Writes a checkpoint with the parameters and {@code optimizerState}; refuses non-finite
   * tensors with a {@link io.annet.runtime.checkpoint.CheckpointException} unless {@code options}
   * has {@link SaveOption#ALLOW_NON_FINITE}.
   */
  public void save(Path path, Map<String, INDArray> optimizerState, SaveOption... options)
      throws IOException {
    use.claim("save");
    try {
      Checkpoints.save(path, architecture, parameters, optimizerState, options);
    } finally {
      use.release();
    }
  }

  /**
   * Loads a checkpoint written for this architecture into the parameters; returns its optimizer
   * state (empty when there is none). Fails on a different architecture or a corrupted file.
   */
  protected Map<String, INDArray> restore(Path path) throws IOException {
    use.claim("load");
    try {
      return CheckpointRestore.restore(path, architecture, parameters, dtype);
    } finally {
      use.release();
    }
  }

  private void requireSameArchitecture(Architecture other) {
    if (!architecture.equals(other)) {
      throw new ShapeMismatchException(
          "cannot copy parameters of " + other + " into " + architecture);
    }
  }

  @Override
  public String toString() {
    return architecture + " (" + dtype + ")";
  }
}
