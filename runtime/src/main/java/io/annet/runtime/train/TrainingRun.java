package io.annet.runtime.train;

import io.annet.runtime.NonFinite;
import io.annet.runtime.NonFiniteInputException;
import io.annet.runtime.NonFiniteValueException;
import io.annet.runtime.Trainable;
import io.annet.runtime.checkpoint.Checkpoints;
import io.annet.runtime.data.Batch;
import io.annet.runtime.data.BatchSource;
import io.annet.runtime.data.BatchStream;
import io.annet.runtime.optim.LearningRateSchedule;
import io.annet.runtime.optim.Optimizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One {@link Trainer#fit} call: the epoch loop over a network and its data, with the weights it
 * restores and the exception it describes when training diverges or is interrupted.
 *
 * <p>The {@link Trainer} claims the network and guards the JVM's shutdown around {@link #run}, then
 * calls {@link #closeStream} however the run ended.
 */
final class TrainingRun {
  private final Optimizer optimizer;
  private final int batchSize;
  private final int epochs;
  private final long seed;
  private final boolean shuffle;
  private final LearningRateSchedule schedule;
  private final Path checkpoint;
  private final Trainable net;
  private final BatchSource train;
  private final BatchSource test;
  private final List<TrainingListener> listeners;
  private int savedEpochs; // checkpoints written by this run, for a divergence's message
  /** The training batches of the running epoch, closed when it ends however it ends. */
  private BatchStream stream;

  /** A run of {@code net} on {@code train}, evaluated on {@code test} (may be null). */
  TrainingRun(
      TrainingSettings settings, Trainable net, BatchSource train, BatchSource test,
      List<TrainingListener> listeners) {
    this.optimizer = settings.optimizer();
    this.batchSize = settings.batchSize();
    this.epochs = settings.epochs();
    this.seed = settings.seed();
    this.shuffle = settings.shuffle();
    this.schedule = settings.schedule();
    this.checkpoint = settings.checkpoint();
    this.net = net;
    this.train = train;
    this.test = test;
    this.listeners = listeners;
  }

  /** The epoch's batches; the stream stays open (background threads) until {@link #closeStream}. */
  private Iterable<Batch> open(int[] order, DataType dtype) {
    closeStream();
    BatchStream opened = train.open(batchSize, order, dtype);
    stream = opened;
    return () -> opened;
  }

  /** Closes the running epoch's batches, stopping a streaming source's threads; idempotent. */
  void closeStream() {
    if (stream != null) {
      stream.close();
      stream = null;
    }
  }

  /**
   * Trains the epochs (and batches) after the first {@code done} steps, evaluating on the test
   * set after each epoch.
   */
  TrainingHistory run(long done) {
    if (checkpoint != null) {
      Checkpoints.requireFileName(checkpoint); // not after an epoch's work
    }
    Evaluator.checkCompatible(net, train);
    if (test != null) {
      Evaluator.checkCompatible(net, test);
    }
    if (train.size() == 0) {
      throw new IllegalArgumentException("the training set is empty");
    }
    Evaluator.requireFinite(net, train, "training set");
    DataType dtype = Evaluator.dataTypeOf(net);
    Map<String, INDArray> parameters = net.parameters();
    Map<String, INDArray> gradients = net.gradients();
    // The weights that last gave a finite loss, refreshed before every update.
    Map<String, INDArray> lastGood = new LinkedHashMap<>();
    parameters.forEach((name, value) -> lastGood.put(name, value.dup()));

    int batches = train.batchCount(batchSize);
    List<EpochResult> results = new ArrayList<>();
    double lastFiniteLoss = Double.NaN;
    savedEpochs = 0;
    if (done >= (long) epochs * batches) {
      done = 0; // the resumed run had finished: train this fit's epochs on top of it
    }
    for (int epoch = (int) (done / batches); epoch < epochs; epoch++) {
      int skip = epoch == done / batches ? (int) (done % batches) : 0;
      for (TrainingListener l : listeners) {
        l.onEpochStart(epoch, epochs);
      }
      int[] order = shuffle ? train.shuffledOrder(epochSeed(epoch)) : train.naturalOrder();
      long start = System.nanoTime();
      double lossSum = 0;
      int seen = 0;
      double rate = optimizer.learningRate();
      for (Batch batch : open(order, dtype)) {
        if (batch.index() < skip) {
          continue;
        }
        if (schedule != null) {
          rate = schedule.learningRate(epoch, optimizer.iteration());
          optimizer.setLearningRate(rate);
        }
        double loss;
        try {
          loss = net.computeGradients(batch.features(), batch.oneHot());
        } catch (NonFiniteInputException e) {
          throw Evaluator.inDataset(e, net, "training set", order, batch.index() * batchSize,
              "epoch " + (epoch + 1) + ", batch " + (batch.index() + 1) + "/" + batches);
        } catch (NonFiniteValueException e) {
          restore(parameters, lastGood);
          throw diverged(epoch, batch.index(), batches, Double.NaN, rate, lastFiniteLoss,
              e.getMessage());
        }
        if (!Double.isFinite(loss)) {
          restore(parameters, lastGood);
          throw diverged(epoch, batch.index(), batches, loss, rate, lastFiniteLoss,
              "the loss is " + loss);
        }
        lastFiniteLoss = loss;
        lastGood.forEach((name, copy) -> copy.assign(parameters.get(name)));
        try {
          optimizer.step(parameters, gradients);
        } catch (NonFiniteValueException e) {
          restore(parameters, lastGood);
          throw diverged(epoch, batch.index(), batches, loss, rate, lastFiniteLoss,
              e.getMessage());
        }
        lossSum += loss * batch.size();
        seen += batch.size();
        double perSecond = seen / Math.max(1e-9, (System.nanoTime() - start) / 1e9);
        for (TrainingListener l : listeners) {
          l.onBatchEnd(epoch, batch.index(), batches, loss, perSecond);
        }
        if (Thread.currentThread().isInterrupted()) {
          throw interrupted(epoch, batch.index(), batches);
        }
      }
      closeStream();
      double seconds = (System.nanoTime() - start) / 1e9;
      // The weights after the epoch's last update, and what they predict, before anything is saved
      String bad = NonFinite.first(parameters);
      Evaluation evaluation = null;
      if (bad == null && test != null) {
        try {
          evaluation = Evaluator.evaluate(net, test, batchSize);
          bad = Double.isFinite(evaluation.loss()) ? null : "the test loss is " + evaluation.loss();
        } catch (NonFiniteValueException e) {
          bad = "on the test set, " + e.getMessage();
        }
      } else if (bad != null) {
        bad = "after the epoch's last update, tensor " + bad;
      }
      if (bad != null) {
        restore(parameters, lastGood);
        throw diverged(epoch, batches - 1, batches, Double.NaN, rate, lastFiniteLoss, bad);
      }
      EpochResult result = new EpochResult(
          epoch,
          lossSum / seen,
          evaluation == null ? Double.NaN : evaluation.loss(),
          evaluation == null ? Double.NaN : evaluation.accuracy(),
          evaluation == null ? null : evaluation.confusion(),
          seconds,
          seen / Math.max(1e-9, seconds),
          rate);
      results.add(result);
      if (checkpoint != null) {
        TrainerCheckpoints.save(checkpoint, net, optimizer);
        savedEpochs = epoch + 1;
      }
      for (TrainingListener l : listeners) {
        l.onEpochEnd(result);
      }
    }
    return new TrainingHistory(results);
  }

  private long epochSeed(int epoch) {
    return seed * 0x9E3779B97F4A7C15L + epoch;
  }

  private static void restore(Map<String, INDArray> parameters, Map<String, INDArray> lastGood) {
    lastGood.forEach((name, copy) -> parameters.get(name).assign(copy));
  }

  /**
   * Describes a divergence: where, {@code what} became non-finite, what was restored, and what the
   * checkpoint file holds (a checkpoint of non-finite weights is never written).
   */
  private TrainingDivergedException diverged(int epoch, int batch, int batches, double loss,
      double rate, double lastFiniteLoss, String what) {
    String where = "epoch " + (epoch + 1) + ", batch " + (batch + 1) + "/" + batches;
    String restored = Double.isNaN(lastFiniteLoss)
        ? "The weights are unchanged (no update had been made yet); check the input data."
        : String.format("Restored the weights from before the last update (they gave a finite "
            + "loss of %.4g).", lastFiniteLoss);
    String saved = checkpoint == null ? ""
        : savedEpochs == 0 ? " This run wrote no checkpoint (" + checkpoint + " is left as it was)."
        : " The checkpoint " + checkpoint + " keeps the weights of epoch " + savedEpochs + ".";
    String message = String.format(
        "Training diverged at %s: %s (learning rate %.3g, optimizer %s). %s%s "
            + "Try a lower learning rate, a warm-up, or check the data for NaN values.",
        where, what, rate, optimizer, restored, saved);
    return new TrainingDivergedException(message, epoch, batch, loss);
  }

  /** Writes the checkpoint (if one was asked for) and describes where training stopped. */
  private TrainingInterruptedException interrupted(int epoch, int batch, int batches) {
    String where = "epoch " + (epoch + 1) + ", batch " + (batch + 1) + "/" + batches;
    String saved = "No checkpoint was asked for; the network holds the weights of that step.";
    if (checkpoint != null) {
      TrainerCheckpoints.save(checkpoint, net, optimizer);
      saved = "Saved the weights and optimizer state of that step to " + checkpoint
          + "; continue with Trainer.resume.";
    }
    TrainingInterruptedException stop = new TrainingInterruptedException(
        "Training interrupted after " + where + ". " + saved, epoch, batch);
    // Still inside the shutdown guard: a JVM shutdown waits for these (e.g. a console message).
    for (TrainingListener l : listeners) {
      l.onInterrupted(stop);
    }
    return stop;
  }
}
