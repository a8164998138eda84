package io.annet.golden;

import static io.annet.dsl.Activation.IDENTITY;
import static io.annet.dsl.Activation.RELU;

import io.annet.dsl.Add;
import io.annet.dsl.AvgPool;
import io.annet.dsl.BatchNorm;
import io.annet.dsl.Block;
import io.annet.dsl.Concat;
import io.annet.dsl.Conv;
import io.annet.dsl.Dense;
import io.annet.dsl.GlobalAvgPool;
import io.annet.dsl.Input;
import io.annet.dsl.Layer;
import io.annet.dsl.Model;
import io.annet.dsl.Repeat;
import io.annet.dsl.Use;

/**
 * A graph with every feature: a conv-BN-ReLU stem, a repeated three-branch block with an
 * asymmetric kernel, a residual sum with the stem, GAP and a dense head (implicit softmax).
 */
@Model(input = @Input(channels = 2, height = 6, width = 6), classes = 3)
interface ResidualInception {
  @Conv(filters = 4, kernel = 3, padding = 1, activation = IDENTITY, bias = false)
  Layer stem();

  @BatchNorm(activation = RELU)
  Layer stemBn();

  @Repeat(2)
  @Use(Branches.class)
  Layer mixed();

  @Add(activation = RELU)
  Layer sum(Layer mixed, Layer stemBn);

  @GlobalAvgPool
  Layer gap();

  @Dense(units = 3, activation = IDENTITY)
  Layer logits();
}

/** Three branches concatenated back to four channels. */
@Block
interface Branches {
  @Conv(filters = 1, kernel = 1)
  Layer b1(Layer input);

  @Conv(filters = 2, kernel = {1, 3}, padding = {0, 1})
  Layer b2(Layer input);

  @AvgPool(kernel = 3, stride = 1, padding = 1)
  Layer b3a(Layer input);

  @Conv(filters = 1, kernel = 1)
  Layer b3();

  @Concat
  Layer out(Layer b1, Layer b2, Layer b3);
}
