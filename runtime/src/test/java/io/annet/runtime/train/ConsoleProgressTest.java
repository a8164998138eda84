package io.annet.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.runtime.optim.Adam;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class ConsoleProgressTest {
  private static String bar(int width) {
    return ConsoleProgress.render("MnistGapHead 3/10", 45, 125, 0.3124, 4123.4, 95, width);
  }

  @Test
  void fullWidthShowsEveryPart() {
    String line = bar(80);
    assertEquals("MnistGapHead 3/10 [=======>            ] 45/125 loss 0.312 4123 img/s"
        + " 1:35 left", line);
    assertEquals(79, line.length(), line);
  }

  @Test
  void unknownWidthIsTakenAsEighty() {
    assertEquals(bar(80), bar(0));
    assertEquals(bar(80), bar(-1));
  }

  @Test
  void narrowWidthsDropPartsAndNeverWrap() {
    String forty = bar(40);
    assertEquals("MnistGapHead 3/10 [====>       ] 45/125", forty);
    String twenty = bar(20);
    assertEquals("MnistGapHead 45/125", twenty);
    assertTrue(twenty.length() <= 19);
    for (int width = 1; width <= 200; width++) {
      String line = bar(width);
      assertTrue(line.length() <= Math.max(0, width - 1), width + ": " + line);
    }
    // A wide terminal does not stretch the bar beyond 40 cells.
    String wide = bar(300);
    assertEquals(40, wide.indexOf(']') - wide.indexOf('[') - 1, wide);
  }

  @Test
  void aFullBarHasNoArrow() {
    String line = ConsoleProgress.render("e 1/1", 8, 8, 0.1, 10, 0, 80);
    String inside = line.substring(line.indexOf('[') + 1, line.indexOf(']'));
    assertTrue(inside.length() >= 10 && inside.matches("=+"), line);
  }

  @Test
  void writesALinePerEpochAndDrawsTheBarInPlace() {
    StringWriter lines = new StringWriter();
    StringWriter bar = new StringWriter();
    ConsoleProgress progress = new ConsoleProgress(
        "Toy", new PrintWriter(lines), new PrintWriter(bar), () -> 60);
    Trainer.builder().optimizer(new Adam(0.05)).batchSize(25).epochs(2).seed(1)
        .listener(progress).consoleProgress(false).build()
        .fit(new SoftmaxRegression(TrainerTest.SHAPE, 3, DataType.FLOAT, 11),
            TrainerTest.blobs(100, 1), TrainerTest.blobs(30, 2));
    String[] out = lines.toString().split("\n");
    assertEquals(2, out.length, lines.toString());
    assertTrue(out[0].matches("Toy epoch 1/2: train loss \\d\\.\\d{4}, test loss \\d\\.\\d{4}, test"
        + " accuracy \\d+\\.\\d\\d %, .*"), out[0]);
    assertTrue(out[1].startsWith("Toy epoch 2/2:"), out[1]);
    // The last batch of each epoch is always drawn, then wiped before the epoch line.
    assertTrue(bar.toString().contains("Toy 2/2 [") && bar.toString().contains("] 4/4 loss"),
        bar.toString());
    assertFalse(bar.toString().contains("\n"), "the bar never scrolls");
  }

  @Test
  void anInterruptIsReportedBeforeFitThrows() {
    StringWriter lines = new StringWriter();
    ConsoleProgress progress = new ConsoleProgress("Toy", new PrintWriter(lines), null, () -> 0);
    TrainingListener stopper = new TrainingListener() {
      @Override
      public void onBatchEnd(int epoch, int batch, int batches, double loss, double perSecond) {
        Thread.currentThread().interrupt();
      }
    };
    org.junit.jupiter.api.Assertions.assertThrows(TrainingInterruptedException.class,
        () -> Trainer.builder().optimizer(new Adam(0.05)).batchSize(25).epochs(2)
            .listener(stopper).listener(progress).consoleProgress(false).build()
            .fit(new SoftmaxRegression(TrainerTest.SHAPE, 3, DataType.FLOAT, 11),
                TrainerTest.blobs(100, 1), null));
    assertTrue(Thread.interrupted());
    assertEquals("Training interrupted after epoch 1, batch 1/4. No checkpoint was asked for; the"
        + " network holds the weights of that step.", lines.toString().strip());
  }

  @Test
  void percentagesHaveOneFormat() {
    assertEquals("97.21 %", ConsoleProgress.percent(0.97214));
    assertEquals("n/a", ConsoleProgress.percent(Double.NaN));
  }
}
