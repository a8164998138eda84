package io.annet.runtime.train;

import io.annet.runtime.optim.LearningRateSchedule;
import io.annet.runtime.optim.Optimizer;
import java.nio.file.Path;

/**
 * The settings of a {@link Trainer} that its {@link TrainingRun}s follow, as the builder checked
 * them.
 *
 * @param optimizer the optimizer (its state lives on across runs)
 * @param batchSize examples per step, >= 1
 * @param epochs passes over the training set, >= 1
 * @param seed seed of the per-epoch shuffling
 * @param shuffle whether to shuffle each epoch; false walks the data in order
 * @param schedule the learning-rate schedule asked before each step; null for the optimizer's rate
 * @param checkpoint where to save a checkpoint after every epoch; null for none
 */
record TrainingSettings(
    Optimizer optimizer,
    int batchSize,
    int epochs,
    long seed,
    boolean shuffle,
    LearningRateSchedule schedule,
    Path checkpoint) {}
