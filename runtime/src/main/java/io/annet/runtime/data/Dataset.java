package io.annet.runtime.data;

import java.util.Arrays;
import java.util.Iterator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Labelled images in memory: features {@code [N, C, H, W]} (floating point, c-order) and class
 * indices in {@code 0..numClasses-1}. Immutable by convention: nothing here writes to the
 * features, and derived datasets are copies.
 */
public final class Dataset implements BatchSource {
  private final INDArray features;
  private final INDArray flat;
  private final int[] labels;
  private final int numClasses;

  /**
   * Wraps {@code features} (not copied unless it is not c-order) and copies {@code labels}.
   *
   * @throws IllegalArgumentException naming the expected and found shape or label
   */
  public Dataset(INDArray features, int[] labels, int numClasses) {
    io.annet.runtime.NativeThreads.checkEnvironment(); // before any reduction over the data
    if (features.rank() != 4) {
      throw new IllegalArgumentException(
          "features must be [N, C, H, W] (rank 4), found rank " + features.rank() + " "
              + Arrays.toString(features.shape()));
    }
    if (!features.dataType().isFPType()) {
      throw new IllegalArgumentException(
          "features must be floating point, found " + features.dataType());
    }
    if (features.size(0) != labels.length) {
      throw new IllegalArgumentException(
          "features hold " + features.size(0) + " examples but there are " + labels.length
              + " labels");
    }
    if (numClasses < 1) {
      throw new IllegalArgumentException("numClasses must be >= 1, found " + numClasses);
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= numClasses) {
        throw new IllegalArgumentException(
            "label " + labels[i] + " of example " + i + " is outside 0.." + (numClasses - 1));
      }
    }
    this.features = features.ordering() == 'c' && !features.isView() ? features
        : features.dup('c');
    this.flat = this.features.reshape(labels.length, this.features.length() / Math.max(1,
        labels.length));
    this.labels = labels.clone();
    this.numClasses = numClasses;
  }

  /** Number of examples. */
  @Override
  public int size() {
    return labels.length;
  }

  /** The features {@code [N, C, H, W]}; do not modify. */
  public INDArray features() {
    return features;
  }

  INDArray flatFeatures() {
    return flat;
  }

  int[] labelsView() {
    return labels;
  }

  /** A copy of the class indices. */
  public int[] labels() {
    return labels.clone();
  }

  /** The class of example {@code i}. */
  public int label(int i) {
    return labels[i];
  }

  /** Number of classes. */
  @Override
  public int numClasses() {
    return numClasses;
  }

  /** The per-example shape {@code [C, H, W]}. */
  @Override
  public int[] exampleShape() {
    long[] s = features.shape();
    return new int[] {(int) s[1], (int) s[2], (int) s[3]};
  }

  /** The features' data type. */
  public DataType dataType() {
    return features.dataType();
  }

  /**
   * The index of the first example whose features hold NaN or an infinity, or -1 when all are
   * finite (one reduction when they are).
   */
  @Override
  public int firstNonFinite() {
    if (size() == 0 || Double.isFinite(flat.sumNumber().doubleValue())) {
      return -1; // a huge but finite set may overflow the sum: then the slow scan below decides
    }
    INDArray bad = flat.isNaN().castTo(DataType.INT).addi(flat.isInfinite().castTo(DataType.INT));
    long[] perExample = bad.sum(1).toLongVector();
    for (int i = 0; i < perExample.length; i++) {
      if (perExample[i] > 0) {
        return i;
      }
    }
    return -1;
  }

  /** How many examples each class has. */
  public int[] classCounts() {
    int[] counts = new int[numClasses];
    for (int label : labels) {
      counts[label]++;
    }
    return counts;
  }

  /** The first {@code n} examples (a copy). */
  public Dataset first(int n) {
    if (n < 0 || n > size()) {
      throw new IllegalArgumentException("first(n) needs 0 <= n <= " + size() + ", found " + n);
    }
    int[] indices = new int[n];
    Arrays.setAll(indices, i -> i);
    return subset(indices);
  }

  /** The examples at {@code indices}, in that order (a copy). */
  public Dataset subset(int[] indices) {
    int[] s = exampleShape();
    INDArray x = Nd4j.create(features.dataType(), indices.length, s[0], s[1], s[2]);
    INDArray x2d = x.reshape(indices.length, flat.size(1));
    int[] y = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      int idx = indices[i];
      if (idx < 0 || idx >= size()) {
        throw new IndexOutOfBoundsException(
            "subset index " + idx + " at position " + i + " is outside 0.." + (size() - 1));
      }
      x2d.getRow(i).assign(flat.getRow(idx));
      y[i] = labels[idx];
    }
    return new Dataset(x, y, numClasses);
  }

  /** The same examples with their features converted to {@code dtype} (this if already so). */
  public Dataset withDataType(DataType dtype) {
    return dtype == features.dataType() ? this
        : new Dataset(features.castTo(dtype), labels, numClasses);
  }

  /**
   * Batches of {@code batchSize} examples in {@code order} (the last one may be shorter), copied
   * into reusable buffers of type {@code dtype}: see {@link Batch}.
   */
  public Iterable<Batch> batches(int batchSize, int[] order, DataType dtype) {
    int[] copy = BatchSource.checkedOrder(order, size(), batchSize);
    return () -> (Iterator<Batch>) new BatchIterator(this, copy, batchSize, dtype);
  }

  @Override
  public BatchStream open(int batchSize, int[] order, DataType dtype) {
    return BatchStream.of(batches(batchSize, order, dtype).iterator());
  }

  /** One-hot rows {@code [labels.length, numClasses]} of type {@code dtype}. */
  public static INDArray oneHot(int[] labels, int numClasses, DataType dtype) {
    INDArray y = Nd4j.create(dtype, labels.length, numClasses);
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= numClasses) {
        throw new IllegalArgumentException(
            "label " + labels[i] + " at index " + i + " is outside 0.." + (numClasses - 1));
      }
      y.putScalar(i, labels[i], 1.0);
    }
    return y;
  }

  @Override
  public String toString() {
    return "Dataset(" + size() + " x " + Arrays.toString(exampleShape()) + ", " + numClasses
        + " classes, " + features.dataType() + ")";
  }
}
