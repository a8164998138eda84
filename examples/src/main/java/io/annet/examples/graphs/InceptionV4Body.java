package io.annet.examples.graphs;

import io.annet.dsl.Block;
import io.annet.dsl.Layer;
import io.annet.dsl.Repeat;
import io.annet.dsl.Use;

/**
 * The convolutional body of Inception-v4 (Szegedy et al. 2016, figure 9): {@code [3, 299, 299] ->
 * [1536, 8, 8]}, the backbone of {@link InceptionV4}.
 */
@Block
public interface InceptionV4Body {
  /** [3, 299, 299] -> [384, 35, 35]. */
  @Use(InceptionV4Stem.class)
  Layer stem();

  /** 4 x Inception-A: [384, 35, 35]. */
  @Repeat(4)
  @Use(InceptionA.class)
  Layer inceptionA();

  /** [384, 35, 35] -> [1024, 17, 17]. */
  @Use(ReductionA.class)
  Layer reductionA();

  /** 7 x Inception-B: [1024, 17, 17]. */
  @Repeat(7)
  @Use(InceptionB.class)
  Layer inceptionB();

  /** [1024, 17, 17] -> [1536, 8, 8]. */
  @Use(ReductionB.class)
  Layer reductionB();

  /** 3 x Inception-C: [1536, 8, 8]. */
  @Repeat(3)
  @Use(InceptionC.class)
  Layer inceptionC();
}
