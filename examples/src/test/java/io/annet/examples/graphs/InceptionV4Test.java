package io.annet.examples.graphs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.annet.examples.graphs.InceptionV4Reference.Count;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The compiled Inception-v4 (backbone + head, conv + batch norm + ReLU throughout) against the
 * independent layer-by-layer count of {@link InceptionV4Reference}, and the paper's heads.
 */
class InceptionV4Test {

  @Test
  void parameterCountEqualsTheIndependentCount() {
    assertEquals(InceptionV4Reference.PARAMETERS_WITH_BATCH_NORM, InceptionV4Network.PARAMETERS);
  }

  /** Parameters per stage from the generated summary table: {@code backbone.<stage>...} rows. */
  private static Map<String, Long> summaryStages() {
    Map<String, Long> stages = new LinkedHashMap<>();
    for (String line : InceptionV4Network.SUMMARY.split("\n")) {
      String[] cells = line.trim().split("\\s{2,}");
      if (cells.length < 5 || !cells[0].contains(".")) {
        continue;
      }
      String[] path = cells[0].split("\\.");
      String stage = path[0].equals("head") ? "logits" : path[1];
      stages.merge(stage, Long.parseLong(cells[3].replace(",", "")), Long::sum);
    }
    return stages;
  }

  @Test
  void everyStageHasTheReferenceCount() {
    Map<String, Long> compiled = summaryStages();
    Map<String, Count> reference = InceptionV4Reference.count().stages();
    assertEquals(reference.keySet(), compiled.keySet());
    reference.forEach(
        (stage, count) -> assertEquals(count.withBatchNorm(), compiled.get(stage), stage));
  }

  @Test
  void stagesHaveThePapersShapes() {
    String spec = InceptionV4Network.SPEC;
    assertTrue(spec.startsWith("input=[3, 299, 299] classes=1000\n"), spec);
    assertTrue(
        spec.contains(
            "\nbackbone.stem.out @Concat <- backbone.stem.conv6, backbone.stem.pool6"
                + " -> [384, 35, 35]\n"));
    assertTrue(spec.contains("\nbackbone.inceptionA.3.out @Concat"));
    assertTrue(spec.contains("-> [1024, 17, 17]\nbackbone.inceptionB.0.b1Pool"));
    assertTrue(spec.contains("\nbackbone.inceptionC.2.out @Concat"));
    assertTrue(spec.contains(" -> [1536, 8, 8]\nhead.gap @GlobalAvgPool -> [1536]\n"), spec);
    assertTrue(spec.endsWith("head.probs @Softmax -> [1000]\n"), spec);
  }

  @Test
  void headsPoolTheirWidthIntoTheClassifier() {
    assertEquals(1536L * 1000 + 1000, io.annet.examples.InceptionV4HeadNetwork.PARAMETERS);
    assertEquals(1792L * 1000 + 1000, InceptionResNetV1HeadNetwork.PARAMETERS);
    assertTrue(InceptionResNetV1HeadNetwork.SUMMARY.contains("[1792]"));
  }
}
