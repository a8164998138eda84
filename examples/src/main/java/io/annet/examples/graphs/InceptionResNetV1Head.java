package io.annet.examples.graphs;

import io.annet.dsl.Activation;
import io.annet.dsl.Dense;
import io.annet.dsl.Dropout;
import io.annet.dsl.GlobalAvgPool;
import io.annet.dsl.Input;
import io.annet.dsl.Layer;
import io.annet.dsl.Model;
import io.annet.dsl.Softmax;

/**
 * The classification head of Inception-ResNet-v1 (Szegedy et al. 2016, figure 15) on its own, with
 * its summary table: the 8x8x1792 output of the last Inception-ResNet-C block, average-pooled to
 * 1792, dropout (keep 0.8) and a linear 1000-way classifier. (Inception-v4's head is {@code
 * io.annet.examples.InceptionV4Head}: the same on 8x8x1536.)
 */
@Model(input = @Input(channels = 1792, height = 8, width = 8), classes = 1000)
public interface InceptionResNetV1Head {
  /** [1792, 8, 8] -> [1792]. */
  @GlobalAvgPool
  Layer gap();

  /** Keep probability 0.8. */
  @Dropout(rate = 0.2)
  Layer dropout();

  /** [1792] -> [1000]: 1,793,000 parameters. */
  @Dense(units = 1000, activation = Activation.IDENTITY)
  Layer logits();

  /** [1000] -> [1000]. */
  @Softmax
  Layer probs();
}
