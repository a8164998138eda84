package io.annet.runtime.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Walks a dataset in a given order, copying each batch into buffers allocated once (one set for
 * full batches, one for the shorter last batch).
 */
final class BatchIterator implements Iterator<Batch> {
  private final Dataset data;
  private final int[] order;
  private final int batchSize;
  private final DataType dtype;
  private Buffers full;
  private Buffers last;
  private int position;
  private int index;

  BatchIterator(Dataset data, int[] order, int batchSize, DataType dtype) {
    this.data = data;
    this.order = order;
    this.batchSize = batchSize;
    this.dtype = dtype;
  }

  @Override
  public boolean hasNext() {
    return position < order.length;
  }

  @Override
  public Batch next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no batch after " + index);
    }
    int n = Math.min(batchSize, order.length - position);
    Buffers b;
    if (n == batchSize) {
      b = full == null ? (full = new Buffers(n)) : full;
    } else {
      b = last == null ? (last = new Buffers(n)) : last;
    }
    b.y.assign(0);
    INDArray source = data.flatFeatures();
    int[] labels = data.labelsView();
    for (int i = 0; i < n; i++) {
      int row = order[position + i];
      b.x2d.getRow(i).assign(source.getRow(row));
      b.classes[i] = labels[row];
      b.y.putScalar(i, labels[row], 1.0);
    }
    position += n;
    return new Batch(b.x, b.y, b.classes, index++);
  }

  /** The reusable arrays for batches of one size. */
  private final class Buffers {
    final INDArray x;
    final INDArray x2d;
    final INDArray y;
    final int[] classes;

    Buffers(int n) {
      int[] s = data.exampleShape();
      x = Nd4j.create(dtype, n, s[0], s[1], s[2]);
      x2d = x.reshape(n, (long) s[0] * s[1] * s[2]);
      y = Nd4j.create(dtype, n, data.numClasses());
      classes = new int[n];
    }
  }
}
