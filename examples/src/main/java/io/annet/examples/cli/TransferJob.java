package io.annet.examples.cli;

import io.annet.examples.transfer.DigitsSourceNetwork;
import io.annet.examples.transfer.DigitsTargetNetwork;
import io.annet.runtime.BlockWeights;
import io.annet.runtime.Network;
import io.annet.runtime.data.Dataset;
import io.annet.runtime.optim.Adam;
import io.annet.runtime.optim.AdamW;
import io.annet.runtime.optim.CosineSchedule;
import io.annet.runtime.train.Evaluator;
import io.annet.runtime.train.Trainer;
import io.annet.runtime.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The runs of {@code annet transfer}: a {@link DigitsSourceNetwork} trained on digits 0-4 (and
 * moved copies of them), then for each number of labelled examples per class of digits 5-9, a
 * {@link DigitsTargetNetwork} whose backbone is loaded from it, frozen while its head trains, then
 * fine-tuned whole, against the same network from scratch, both trained in the same two stages
 * with the same optimizers, rates and schedules for the same number of steps.
 */
final class TransferJob {
  /**
   * The settings.
   *
   * @param sourceEpochs epochs of the source model on digits 0-4
   * @param steps training steps of every target run (the budget)
   * @param batch examples per step (fewer when a subset is smaller)
   * @param rate peak Adam learning rate (cosine annealing)
   * @param repeats subsets drawn per n (their accuracies averaged); one for "all"
   * @param seed seed of the weights, subsets and shuffling
   * @param fineTune steps of the budget spent fine-tuning the whole transfer network after its
   *     head is trained on the frozen backbone (0: frozen throughout)
   * @param fineTuneRate peak Adam learning rate of the fine-tuning stage
   * @param sourceCopies moved copies of each source example the source model also trains on
   *     ({@link SourceAugmentation}); 0 for none
   * @param weightDecay decoupled weight decay (AdamW) of every run on digits 5-9, both sides
   */
  record Settings(int sourceEpochs, int steps, int batch, double rate, int repeats, long seed,
      int fineTune, double fineTuneRate, int sourceCopies, double weightDecay) {}

  /**
   * One row of the table.
   *
   * @param perClass labelled examples per class, or 0 for all
   * @param examples the examples that makes in all (the mean over repeats for "all": one)
   * @param transfer mean test accuracy with the loaded, frozen backbone
   * @param scratch mean test accuracy from scratch
   * @param transferSeconds mean training time with the frozen backbone
   * @param scratchSeconds mean training time from scratch
   * @param ahead the subsets on which transfer was more accurate than scratch
   * @param subsets the subsets drawn
   * @param leastLead the smallest lead of transfer over scratch on one subset (negative when
   *     scratch won that subset)
   * @param mostLead the largest lead of transfer over scratch on one subset
   */
  record Row(int perClass, int examples, double transfer, double scratch, double transferSeconds,
      double scratchSeconds, int ahead, int subsets, double leastLead, double mostLead) {}

  private final Settings settings;
  private final TrainingListener listener;

  TransferJob(Settings settings, TrainingListener listener) {
    this.settings = settings;
    this.listener = listener;
  }

  /** Digits {@code from} to {@code from + 4} of {@code data}, relabelled 0-4. */
  static Dataset digits(Dataset data, int from) {
    int[] labels = data.labels();
    List<Integer> keep = new ArrayList<>();
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] >= from && labels[i] < from + 5) {
        keep.add(i);
      }
    }
    Dataset subset = data.subset(keep.stream().mapToInt(Integer::intValue).toArray());
    int[] shifted = subset.labels();
    for (int i = 0; i < shifted.length; i++) {
      shifted[i] -= from;
    }
    return new Dataset(subset.features(), shifted, 5);
  }

  /** {@code perClass} examples of each class drawn with {@code seed}; all for 0. */
  static Dataset perClass(Dataset data, int perClass, long seed) {
    if (perClass <= 0) {
      return data;
    }
    int[] order = data.shuffledOrder(seed);
    int[] taken = new int[data.numClasses()];
    List<Integer> keep = new ArrayList<>();
    for (int i : order) {
      if (taken[data.label(i)] < perClass) {
        taken[data.label(i)]++;
        keep.add(i);
      }
    }
    return data.subset(keep.stream().sorted().mapToInt(Integer::intValue).toArray());
  }

  /** Trains the source model on digits 0-4 and saves it to {@code checkpoint}; its accuracy. */
  double trainSource(Dataset train, Dataset test, Path checkpoint) throws IOException {
    DigitsSourceNetwork source = DigitsSourceNetwork.create(settings.seed());
    train = SourceAugmentation.withCopies(train, settings.sourceCopies(), 12, 0.1, 2.5,
        settings.seed());
    int batches = train.batchCount(settings.batch());
    fit(source, train, settings.sourceEpochs(), settings.batch(),
        (long) settings.sourceEpochs() * batches, settings.rate(), 0);
    source.save(checkpoint);
    return Evaluator.evaluate(source, test, 256).accuracy();
  }

  /** The transfer and the scratch run for {@code perClass} examples per class, averaged. */
  Row compare(Dataset train, Dataset test, int perClass, Path checkpoint) throws IOException {
    int repeats = perClass <= 0 ? 1 : settings.repeats();
    double[] sums = new double[4];
    int examples = 0;
    int ahead = 0;
    double leastLead = Double.POSITIVE_INFINITY;
    double mostLead = Double.NEGATIVE_INFINITY;
    for (int r = 0; r < repeats; r++) {
      long seed = new SplittableRandom(settings.seed() * 31 + perClass).split().nextLong() + r;
      Dataset subset = perClass(train, perClass, seed);
      examples = subset.size();
      DigitsTargetNetwork transfer = DigitsTargetNetwork.create(settings.seed() + r);
      BlockWeights.load(transfer, "backbone", checkpoint);
      transfer.freeze("backbone");
      DigitsTargetNetwork scratch = DigitsTargetNetwork.create(settings.seed() + r);
      long start = System.nanoTime();
      stages(transfer, subset);
      sums[2] += (System.nanoTime() - start) / 1e9;
      start = System.nanoTime();
      stages(scratch, subset);
      sums[3] += (System.nanoTime() - start) / 1e9;
      double transferAccuracy = Evaluator.evaluate(transfer, test, 256).accuracy();
      double scratchAccuracy = Evaluator.evaluate(scratch, test, 256).accuracy();
      sums[0] += transferAccuracy;
      sums[1] += scratchAccuracy;
      ahead += transferAccuracy > scratchAccuracy ? 1 : 0;
      leastLead = Math.min(leastLead, transferAccuracy - scratchAccuracy);
      mostLead = Math.max(mostLead, transferAccuracy - scratchAccuracy);
    }
    return new Row(perClass, examples, sums[0] / repeats, sums[1] / repeats, sums[2] / repeats,
        sums[3] / repeats, ahead, repeats, leastLead, mostLead);
  }

  /**
   * The batch size for {@code size} examples: the largest divisor of {@code size} up to the
   * settings' batch, so that every step has the same size (a network builds its buffers and
   * native primitives per batch size; a smaller last batch would rebuild them twice an epoch).
   */
  int batchFor(int size) {
    int batch = Math.min(settings.batch(), size);
    while (size % batch != 0 && batch > settings.batch() / 2) {
      batch--;
    }
    return size % batch == 0 ? batch : Math.min(settings.batch(), size);
  }

  /** The training steps of a transfer and a scratch run on {@code size} examples (the same). */
  int stepsOf(int size) {
    int frozen = settings.steps() - settings.fineTune();
    int done = frozen > 0 ? passes(size, frozen) : 0;
    return 2 * (done + (settings.fineTune() > 0 ? passes(size, settings.steps() - done) : 0));
  }

  /** About {@code steps} steps on {@code size} examples, rounded up to whole passes. */
  private int passes(int size, int steps) {
    int batch = batchFor(size);
    int batches = (size + batch - 1) / batch;
    int epochs = Math.max(1, (steps + batches - 1) / batches);
    return epochs * batches;
  }

  /**
   * The two stages of a run: {@code steps - fineTune} steps at the peak rate, then (the transfer
   * network unfrozen) {@code fineTune} steps at the fine-tuning rate with a new optimizer; the
   * scratch network goes through the same two stages, so that both get the same optimizer
   * settings at every step.
   */
  private void stages(Network net, Dataset subset) {
    int first = settings.steps() - settings.fineTune();
    int done = first > 0 ? budget(net, subset, first, settings.rate()) : 0;
    if (settings.fineTune() > 0) {
      net.unfreezeAll();
      budget(net, subset, settings.steps() - done, settings.fineTuneRate());
    }
  }

  /** Trains {@code net} for about {@code steps} steps (whole passes); the steps it took. */
  private int budget(Network net, Dataset subset, int steps, double rate) {
    int batch = batchFor(subset.size());
    int batches = subset.batchCount(batch);
    int epochs = Math.max(1, (steps + batches - 1) / batches);
    fit(net, subset, epochs, batch, (long) epochs * batches, rate, settings.weightDecay());
    return epochs * batches;
  }

  private void fit(Network net, Dataset train, int epochs, int batch, long steps, double rate,
      double decay) {
    Trainer.builder()
        .optimizer(decay > 0 ? new AdamW(rate, decay) : new Adam(rate))
        .schedule(new CosineSchedule(rate, rate / 20, steps + 1, Math.min(50, steps / 10)))
        .batchSize(batch)
        .epochs(epochs)
        .seed(settings.seed())
        .consoleProgress(false)
        .listener(listener)
        .build()
        .fit(net, train);
  }
}
