package io.annet.examples.cli;

import io.annet.runtime.Network;
import io.annet.runtime.data.BatchSource;
import io.annet.runtime.data.ImageDataInfo;
import io.annet.runtime.train.ConsoleProgress;
import io.annet.runtime.train.EpochResult;
import io.annet.runtime.train.TrainingHistory;
import io.annet.runtime.train.TrainingInterruptedException;
import io.annet.runtime.train.TrainingListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code annet train MODEL --checkpoint FILE [--resume]}: trains a model and saves it after every
 * epoch; {@code --resume} continues an interrupted run from its checkpoint.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    versionProvider = AnnetCli.Version.class,
    description =
        "Train a model from fresh weights (or, with --resume, from its checkpoint), saving a"
            + " checkpoint after every epoch.")
final class TrainCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;
  @Mixin private ModelOptions model;
  @Mixin private TrainingOptions options;
  @Mixin private ImageOptions images;
  @Mixin private TransferOptions transfer;

  @Option(
      names = "--resume",
      description =
          "Continue the run that wrote --checkpoint (e.g. stopped by Ctrl-C): its weights,"
              + " optimizer state and the steps it had done. Give the same data, --limit,"
              + " --epochs, --batch, --seed and --lr as that run.")
  private boolean resume;

  @Override
  public Integer call() throws IOException {
    options.validate();
    images.validate();
    ModelRegistry.Entry entry = model.entry();
    if (resume && !Files.isRegularFile(model.checkpoint)) {
      throw new CliException(
          "cannot resume from "
              + model.checkpoint
              + ": no such file (--resume continues the run that wrote --checkpoint)");
    }
    PrintWriter w = spec.commandLine().getOut();
    Network network = entry.create().apply(options.seed);
    transfer.apply(network, w);
    PrintWriter err = spec.commandLine().getErr();
    BatchSource train;
    BatchSource test;
    ImageDataInfo info = null;
    String from = options.dataDirectory().toString();
    if (ImageData.isImages(options.dataDirectory(), images.format)) {
      ImageDataInfo resumed = resume ? ImageDataInfo.load(model.checkpoint).orElse(null) : null;
      ImageData.Sources sources = ImageData.forTraining(options.dataDirectory(),
          network.architecture(), images, options.seed, options.limit, resumed,
          warning -> warn(err, warning));
      train = sources.train();
      test = sources.test();
      info = sources.info();
      from = sources.description();
    } else {
      DataLoader.Split data =
          DataLoader.load(
              options.dataDirectory(),
              entry.name(),
              network.architecture().inputShape(),
              options.limit);
      train = data.train();
      test = data.test();
    }
    w.printf(
        "%s: %,d parameters; %d training and %d test examples from %s%s%n",
        entry.name(),
        entry.parameters(),
        train.size(),
        test.size(),
        from,
        resume ? "; resuming from " + model.checkpoint : "");
    w.flush();
    ConsoleProgress progress =
        Training.progress(entry.name(), w).showDecodeRate(train::decodeImagesPerSecond);
    ImageDataInfo imageInfo = info;
    TrainingListener listener =
        new TrainingListener() {
          @Override
          public void onEpochStart(int epoch, int epochs) {
            progress.onEpochStart(epoch, epochs);
          }

          @Override
          public void onBatchEnd(
              int epoch, int batch, int batches, double loss, double imagesPerSecond) {
            progress.onBatchEnd(epoch, batch, batches, loss, imagesPerSecond);
          }

          @Override
          public void onEpochEnd(EpochResult result) {
            progress.onEpochEnd(result);
            saveImageInfo(imageInfo); // next to the checkpoint the trainer has just written
          }

          @Override
          public void onInterrupted(TrainingInterruptedException stop) {
            // Printed here, before the trainer lets a Ctrl-C shutdown finish, not after fit.
            progress.clear();
            saveImageInfo(imageInfo);
            w.flush();
            err.println(interruptedMessage(stop));
            err.flush();
          }
        };
    TrainingHistory history;
    try {
      history = Training.fit(network, train, test, options, listener, model.checkpoint, resume);
    } catch (TrainingInterruptedException e) {
      return AnnetCli.EXIT_FAILURE; // the listener has said where it stopped
    }
    w.printf(
        "Saved %s (test accuracy %s, test loss %.4f)%n",
        model.checkpoint,
        ConsoleProgress.percent(history.last().testAccuracy()),
        history.last().testLoss());
    if (info != null) {
      w.printf(
          "Class names and normalisation saved to %s; decoding ran at %.0f images/s on %d"
              + " threads%n",
          ImageDataInfo.fileFor(model.checkpoint),
          train.decodeImagesPerSecond(),
          images.decodeThreads);
    }
    w.flush();
    return 0;
  }

  /** Writes how the images were read next to the checkpoint (nothing for IDX or CIFAR data). */
  private void saveImageInfo(ImageDataInfo info) {
    if (info == null) {
      return;
    }
    try {
      info.save(model.checkpoint);
    } catch (IOException e) {
      throw new CliException("cannot write " + ImageDataInfo.fileFor(model.checkpoint) + ": " + e,
          e);
    }
  }

  /** One warning line on standard error. */
  static void warn(PrintWriter err, String warning) {
    err.println("annet: warning: " + warning);
    err.flush();
  }

  /** Where training stopped and the command that continues it: this one, with --resume. */
  private String interruptedMessage(TrainingInterruptedException stop) {
    List<String> args = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
    if (!args.contains("--resume")) {
      args.add("--resume");
    }
    return "annet: training interrupted after epoch "
        + (stop.epoch() + 1)
        + ", batch "
        + (stop.batch() + 1)
        + "; saved to "
        + model.checkpoint
        + ". Continue with: annet "
        + String.join(" ", args);
  }
}
