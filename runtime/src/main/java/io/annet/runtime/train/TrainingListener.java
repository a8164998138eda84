package io.annet.runtime.train;

/** Callbacks from {@link Trainer#fit}, e.g. for a progress bar and live curves; all optional. */
public interface TrainingListener {

  /** Called before the first batch of {@code epoch} (from 0) of {@code epochs}. */
  default void onEpochStart(int epoch, int epochs) {}

  /**
   * Called after each optimizer step.
   *
   * @param batch the batch just done, from 0
   * @param batches number of batches in the epoch
   * @param loss this batch's mean loss
   * @param imagesPerSecond training throughput so far in this epoch
   */
  default void onBatchEnd(int epoch, int batch, int batches, double loss, double imagesPerSecond) {}

  /** Called after the epoch's evaluation (and checkpoint, if any). */
  default void onEpochEnd(EpochResult result) {}

  /**
   * Called when an interrupt (or a JVM shutdown, e.g. Ctrl-C) stops training, after the
   * checkpoint of the last step was written and before {@code fit} throws {@code stop}; a JVM
   * shutdown waits for it, so this is the place to tell the user.
   */
  default void onInterrupted(TrainingInterruptedException stop) {}
}
