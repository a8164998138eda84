package io.annet.runtime.data;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One mini-batch held in reusable buffers: the next batch of the same size overwrites them, so a
 * caller that keeps them past the next call must {@code dup()}.
 *
 * @param features {@code [n, C, H, W]}
 * @param oneHot {@code [n, classes]}
 * @param classes the class indices, length n (a reused array too)
 * @param index the batch's position in the epoch, from 0
 */
public record Batch(INDArray features, INDArray oneHot, int[] classes, int index) {
  /** Number of examples. */
  public int size() {
    return classes.length;
  }
}
