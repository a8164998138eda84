package io.annet.spark;

import java.io.Serializable;

/**
 * One labelled training example as it lives in a Spark RDD: its index in the data set (0..N-1,
 * which fixes its place in every epoch's shuffled order), its features as a flat float array in
 * {@code [C, H, W]} order, and its class.
 *
 * @param index the example's position in the data set, from 0
 * @param features {@code C * H * W} values, c-order
 * @param label the class index
 */
public record Example(long index, float[] features, int label) implements Serializable {
  private static final long serialVersionUID = 1L;
}
