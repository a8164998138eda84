package io.annet.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The bar shows a streaming source's decode speed next to the training speed. */
class ConsoleProgressDecodeTest {
  @Test
  void decodeSpeedFollowsTheTrainingSpeedAndGoesBeforeTheSpeedWhenNarrow() {
    String wide = ConsoleProgress.render("Net 1/2", 5, 10, 0.5, 4100, 21000, 3, 120);
    assertTrue(wide.endsWith("5/10 loss 0.500 4100 img/s decode 21000 img/s 0:03 left"), wide);
    String narrower = ConsoleProgress.render("Net 1/2", 5, 10, 0.5, 4100, 21000, 3, 75);
    assertTrue(narrower.endsWith("5/10 loss 0.500 4100 img/s decode 21000 img/s"), narrower);
    assertEquals(ConsoleProgress.render("Net 1/2", 5, 10, 0.5, 4100, 3, 120),
        ConsoleProgress.render("Net 1/2", 5, 10, 0.5, 4100, Double.NaN, 3, 120));
  }

  @Test
  void theBarAsksTheSourceForItsRate() {
    StringWriter bar = new StringWriter();
    ConsoleProgress progress = new ConsoleProgress("Net", new PrintWriter(new StringWriter()),
        new PrintWriter(bar), () -> 120).showDecodeRate(() -> 12345);
    progress.onEpochStart(0, 1);
    progress.onBatchEnd(0, 0, 1, 0.25, 999);
    assertTrue(bar.toString().contains("999 img/s decode 12345 img/s"), bar.toString());
  }
}
