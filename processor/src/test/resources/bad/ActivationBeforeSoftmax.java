package io.annet.bad;

import io.annet.dsl.*;

/** The Keras habit: a last dense layer of 10 units that keeps its default ReLU before @Softmax. */
@Model(input = @Input(channels = 1, height = 28, width = 28), classes = 10)
interface ActivationBeforeSoftmax {
  @Conv(filters = 8, kernel = 3)
  Layer conv1();

  @GlobalAvgPool
  Layer gap();

  @Dropout(rate = 0.5)
  Layer drop();

  @Dense(units = 10)
  Layer logits();

  @Softmax
  Layer probs();
}
