package io.annet.processor.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The summary table and canonical spec texts. */
class SummaryTableTest {

  @Test
  void mnistGapTable() {
    String expected =
        "layer   kind           output        parameters       MACs\n"
            + "input                  [1, 28, 28]\n"
            + "conv1   Conv           [32, 28, 28]         320    225,792\n"
            + "pool1   MaxPool        [32, 14, 14]           0          0\n"
            + "block2  MlpConv        [10, 14, 14]      19,146  3,738,112\n"
            + "gap     GlobalAvgPool  [10]                   0          0\n"
            + "probs   Softmax        [10]                   0          0\n"
            + "total                                    19,466  3,963,904\n";
    assertEquals(expected, SummaryTable.format(TestTables.mnistGap(), false));
  }

  @Test
  void implicitSoftmaxGetsItsOwnRow() {
    String table = SummaryTable.format(TestTables.mnistFc(), true);
    assertTrue(table.contains("\nsoftmax  Softmax (implicit)  [10]  "), table);
    assertTrue(table.endsWith("455,178  11,065,088\n"), table);
  }

  @Test
  void numbersDoNotDependOnTheDefaultLocale() {
    Locale saved = Locale.getDefault();
    try {
      Locale.setDefault(Locale.GERMANY);
      assertEquals("1,234,567", SummaryTable.number(1_234_567));
    } finally {
      Locale.setDefault(saved);
    }
  }

  @Test
  void canonicalSpecHasAHeaderAndOneLinePerLayer() {
    String spec = CanonicalSpec.of(TestTables.inceptionHead());
    assertEquals(
        "input=[1536, 8, 8] classes=10\n"
            + "gap @GlobalAvgPool -> [1536]\n"
            + "logits @Dense(units=10, activation=IDENTITY, bias=true) -> [10]\n"
            + "probs @Softmax -> [10]\n",
        spec);
  }
}
