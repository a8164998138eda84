package io.annet.examples;

import io.annet.dsl.Activation;
import io.annet.dsl.Dense;
import io.annet.dsl.Dropout;
import io.annet.dsl.GlobalAvgPool;
import io.annet.dsl.Input;
import io.annet.dsl.Layer;
import io.annet.dsl.Model;
import io.annet.dsl.Softmax;

/**
 * The classification head of Inception-v4 (Szegedy et al. 2016) on its own: the 8x8x1536 output of
 * the last Inception-C block, average-pooled, dropout with keep probability 0.8, and a linear
 * 1000-way ImageNet classifier. (The dropout between the pooling and the dense layer means the
 * processor generates no {@code classActivationMap} for it.)
 */
@Model(input = @Input(channels = 1536, height = 8, width = 8), classes = 1000)
public interface InceptionV4Head {
  /** [1536, 8, 8] -> [1536]. */
  @GlobalAvgPool
  Layer gap();

  /** Unchanged shape; keep probability 0.8 as in the paper. */
  @Dropout(rate = 0.2)
  Layer dropout();

  /** [1536] -> [1000]: the only trainable layer, 1,537,000 parameters. */
  @Dense(units = 1000, activation = Activation.IDENTITY)
  Layer logits();

  /** [1000] -> [1000]. */
  @Softmax
  Layer probs();
}
