package io.annet.examples.graphs;

import io.annet.dsl.Input;
import io.annet.dsl.Model;

/**
 * The full Inception-v4 (Szegedy et al., arXiv 1602.07261) as backbone + head: the stem, 4 x
 * Inception-A, Reduction-A, 7 x Inception-B, Reduction-B, 3 x Inception-C ({@link
 * InceptionV4Body}), then global average pooling, dropout and softmax over 1000 classes ({@link
 * InceptionV4GapHead}). Every convolution is conv + batch norm + ReLU: 42,679,816 parameters.
 */
@Model(
    input = @Input(channels = 3, height = 299, width = 299),
    classes = 1000,
    backbone = InceptionV4Body.class,
    head = InceptionV4GapHead.class)
public interface InceptionV4 {}
