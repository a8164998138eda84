package io.annet.examples.cli;

import io.annet.runtime.data.Dataset;
import io.annet.runtime.train.TrainingListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code annet transfer}: the second main job. Trains a backbone with a head on digits 0-4, then a
 * new GAP head for digits 5-9 on that backbone, frozen, from n labelled examples per class, then
 * the whole network at a lower rate, against the same network from scratch with the same budget
 * and stages; prints the table and draws the accuracies.
 */
@Command(
    name = "transfer",
    mixinStandardHelpOptions = true,
    versionProvider = AnnetCli.Version.class,
    description = {
      "Transfer learning: train DigitsSource on digits 0-4, load its backbone into DigitsTarget"
          + " (a new GAP head) for digits 5-9, freeze it, and train the head on n labelled"
          + " examples per class, then fine-tune everything, against DigitsTarget from scratch"
          + " with the same budget.",
      "Writes OUT/transfer.png (test accuracy against n) and OUT/transfer-source.ckpt."
    })
final class TransferCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(names = "--data", paramLabel = "DIR",
      description = "Directory of the MNIST IDX files (default: data/mnist-10k).")
  private Path data;

  @Option(names = "--per-class", paramLabel = "N", split = ",",
      description = "Labelled examples per class of digits 5-9, 0 for all (default: 10,30,100,0).",
      defaultValue = "10,30,100,0")
  private List<Integer> perClass;

  @Option(names = "--source-epochs", paramLabel = "N",
      description = "Epochs of the source model on digits 0-4 (default: ${DEFAULT-VALUE}).",
      defaultValue = "4")
  private int sourceEpochs;

  @Option(names = "--steps", paramLabel = "N",
      description = "Training steps of every run on digits 5-9 (default: ${DEFAULT-VALUE}).",
      defaultValue = "300")
  private int steps;

  @Option(names = "--repeats", paramLabel = "N",
      description = "Subsets drawn per n, accuracies averaged (default: ${DEFAULT-VALUE}).",
      defaultValue = "5")
  private int repeats;

  @Option(names = "--batch", paramLabel = "N", defaultValue = "64",
      description = "Examples per step (default: ${DEFAULT-VALUE}).")
  private int batch;

  @Option(names = "--lr", paramLabel = "RATE", defaultValue = "0.01",
      description = "Peak Adam learning rate, cosine annealed (default: ${DEFAULT-VALUE}).")
  private double rate;

  @Option(names = "--fine-tune", paramLabel = "N", defaultValue = "100",
      description = "Steps of the budget that fine-tune the whole transfer network after its head"
          + " is trained on the frozen backbone, 0 to keep it frozen; scratch runs take the same"
          + " two stages (default: ${DEFAULT-VALUE}).")
  private int fineTune;

  @Option(names = "--fine-tune-lr", paramLabel = "RATE", defaultValue = "0.003",
      description = "Peak Adam learning rate of the fine-tuning stage (default: ${DEFAULT-VALUE}).")
  private double fineTuneRate;

  @Option(names = "--source-copies", paramLabel = "N", defaultValue = "4",
      description = "Randomly moved copies (rotation, scale, shift) of each digit 0-4 the source"
          + " model also trains on (default: ${DEFAULT-VALUE}).")
  private int sourceCopies;

  @Option(names = "--weight-decay", paramLabel = "RATE", defaultValue = "0",
      description = "Decoupled weight decay (AdamW) of every run on digits 5-9, transfer and"
          + " scratch alike (default: ${DEFAULT-VALUE}).")
  private double weightDecay;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
      description = "Seed of the weights, subsets and shuffling (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
      description = "Use only the first N training and test examples (default: all).")
  private int limit;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "out",
      description = "Directory for transfer.png and the source checkpoint (default: out).")
  private Path out;

  @Override
  public Integer call() throws IOException {
    require(sourceEpochs >= 1 && steps >= 1 && repeats >= 1 && batch >= 1 && limit >= 0,
        "--source-epochs, --steps, --repeats and --batch must be >= 1, --limit >= 0");
    require(rate > 0 && Double.isFinite(rate), "--lr must be a finite number > 0");
    require(fineTune >= 0 && fineTune <= steps, "--fine-tune must be from 0 to --steps");
    require(fineTuneRate > 0 && Double.isFinite(fineTuneRate),
        "--fine-tune-lr must be a finite number > 0");
    require(perClass.stream().allMatch(n -> n >= 0), "--per-class takes numbers >= 0");
    PrintWriter w = spec.commandLine().getOut();
    Path dir = data != null ? data : TrainingOptions.defaultData();
    DataLoader.Split split = DataLoader.load(dir, "DigitsTarget", new int[] {1, 28, 28}, limit);
    Dataset sourceTrain = TransferJob.digits(split.train(), 0);
    Dataset sourceTest = TransferJob.digits(split.test(), 0);
    Dataset targetTrain = TransferJob.digits(split.train(), 5);
    Dataset targetTest = TransferJob.digits(split.test(), 5);
    w.printf("Data: %s; digits 0-4: %d training, %d test; digits 5-9: %d training, %d test%n",
        dir, sourceTrain.size(), sourceTest.size(), targetTrain.size(), targetTest.size());
    w.flush();
    Files.createDirectories(out);
    TransferJob.Settings settings =
        new TransferJob.Settings(sourceEpochs, steps, batch, rate, repeats, seed, fineTune,
            fineTuneRate, sourceCopies, weightDecay);
    JobProgress progress = new JobProgress(System.console() == null ? null
        : new PrintWriter(System.err, true), totalSteps(settings, sourceTrain, targetTrain));
    TransferJob job = new TransferJob(settings, progress);
    Path checkpoint = out.resolve("transfer-source.ckpt");
    long start = System.nanoTime();
    progress.stage("DigitsSource on digits 0-4");
    double sourceAccuracy = job.trainSource(sourceTrain, sourceTest, checkpoint);
    w.printf("DigitsSource on digits 0-4: %.2f %% test accuracy after %d epochs (%s)%n",
        100 * sourceAccuracy, sourceEpochs, checkpoint);
    w.flush();
    List<TransferJob.Row> rows = new ArrayList<>();
    for (int n : perClass) {
      progress.stage("digits 5-9, n = " + (n == 0 ? "all" : n));
      rows.add(job.compare(targetTrain, targetTest, n, checkpoint));
    }
    progress.done();
    w.println();
    w.print(table(rows, settings));
    Path chart = out.resolve("transfer.png");
    TransferChart.write(rows, fineTune > 0 ? "backbone from digits 0-4, frozen, then fine-tuned"
        : "frozen backbone from digits 0-4", chart);
    w.printf("Wrote %s (%.0f s in all)%n", chart, (System.nanoTime() - start) / 1e9);
    w.flush();
    return 0;
  }

  private long totalSteps(TransferJob.Settings s, Dataset source, Dataset target) {
    TransferJob job = new TransferJob(s, new TrainingListener() {});
    long total = (long) s.sourceEpochs() * (s.sourceCopies() + 1) * source.batchCount(s.batch());
    int[] counts = target.classCounts();
    for (int n : perClass) {
      int size = 0;
      for (int c : counts) {
        size += n == 0 ? c : Math.min(n, c);
      }
      total += (long) (n == 0 ? 1 : s.repeats()) * job.stepsOf(size);
    }
    return total;
  }

  /**
   * The result table: n, both accuracies, on how many subsets transfer led, its smallest and
   * largest lead on one subset, both times.
   */
  static String table(List<TransferJob.Row> rows, TransferJob.Settings s) {
    StringBuilder b = new StringBuilder();
    b.append(String.format("%-11s | %-8s | %-12s | %-12s | %-8s | %-15s | %-13s | %-12s%n",
        "n per class", "examples", "acc transfer", "acc scratch", "ahead in", "lead min / max",
        "time transfer", "time scratch"));
    b.append("------------|----------|--------------|--------------|----------|-----------------|"
        + "---------------|-------------\n");
    for (TransferJob.Row r : rows) {
      b.append(String.format("%-11s | %8d | %10.2f %% | %10.2f %% | %8s | %+6.2f / %+6.2f"
          + " | %11.1f s | %10.1f s%n",
          r.perClass() == 0 ? "all" : String.valueOf(r.perClass()), r.examples(),
          100 * r.transfer(), 100 * r.scratch(), r.ahead() + "/" + r.subsets(),
          100 * r.leastLead(), 100 * r.mostLead(), r.transferSeconds(), r.scratchSeconds()));
    }
    b.append(String.format("(test accuracy on digits 5-9, mean of %d subsets per n, one for all;"
        + " %d training steps per run, Adam at %s%s; transfer: the backbone of DigitsSource%s)%n",
        s.repeats(), s.steps(), s.rate(), s.weightDecay() > 0 ? " with weight decay "
            + s.weightDecay() : "", s.fineTune() > 0 ? ", frozen for " + (s.steps() - s.fineTune())
            + " steps, then everything fine-tuned at " + s.fineTuneRate() + " for "
            + s.fineTune() : ", frozen"));
    return b.toString();
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new CliException(message);
    }
  }
}
