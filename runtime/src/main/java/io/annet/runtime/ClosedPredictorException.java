package io.annet.runtime;

/** A {@link Predictor} was used after {@link Predictor#close()}, which freed its plans. */
public class ClosedPredictorException extends AnnetException {
  public ClosedPredictorException(String message) {
    super(message);
  }
}
