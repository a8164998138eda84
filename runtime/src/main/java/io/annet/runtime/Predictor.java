package io.annet.runtime;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network's inference with the weights it had when the predictor was made, for serving: like an
 * ONNX Runtime session or a frozen TorchScript module, it holds its own copy of the parameters,
 * which nothing writes, so the float32 inference plan reorders them into oneDNN's layouts once
 * instead of on every call (a {@link Network}'s parameters are live arrays, so its own {@code
 * predict} re-reads them each time: at batch 1 that is a quarter of NIN-CIFAR's call).
 *
 * <p>Training the network afterwards does not change the predictor's answers; make a new one to
 * serve the new weights. Same checks, errors and results as {@link Network#predict(INDArray)}.
 * Not thread-safe, as a network: one predictor per thread ({@link ConcurrentUseException}).
 *
 * <p>A predictor owns native plans and, at batch sizes split across threads, a worker thread per
 * extra part that spins briefly between calls (as OpenMP's threads do) and then sleeps: {@link
 * #close()} frees both (try-with-resources); a predictor left to the garbage collector has its
 * workers stopped then, and a worker idle for 2 s ends by itself.
 */
public final class Predictor implements AutoCloseable {
  private final Network network;
  private boolean closed;

  private Predictor(Network network) {
    this.network = network;
  }

  /** A predictor serving {@code network}'s current parameters (running statistics included). */
  public static Predictor of(Network network) {
    Network copy = network.copy();
    copy.prediction.fixWeights();
    return new Predictor(copy);
  }

  /** {@link Network#predict(INDArray)} with the predictor's weights: a new result array. */
  public INDArray predict(INDArray x) {
    requireOpen();
    return network.predict(x);
  }

  /**
   * {@link Network#predict(INDArray, INDArray)} with the predictor's weights: into {@code out},
   * creating no array once the batch size has been seen.
   */
  public INDArray predict(INDArray x, INDArray out) {
    requireOpen();
    return network.predict(x, out);
  }

  /** The compile-time description of the network served. */
  public Architecture architecture() {
    return network.architecture();
  }

  /** The element type of the inputs and results. */
  public DataType dataType() {
    return network.dataType();
  }

  /**
   * Frees the predictor's native plans and stops its part workers; a later {@code predict} throws
   * {@link ClosedPredictorException}. Closing twice does nothing.
   */
  @Override
  public void close() {
    network.claim("close");
    try {
      closed = true;
      network.prediction.close();
    } finally {
      network.release();
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new ClosedPredictorException(network.architecture().modelName()
          + ": predict on a closed Predictor; make a new one with Predictor.of(network)");
    }
  }

  @Override
  public String toString() {
    return "Predictor of " + network;
  }
}
