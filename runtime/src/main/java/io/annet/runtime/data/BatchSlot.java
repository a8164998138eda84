package io.annet.runtime.data;

import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One reusable batch: features and one-hot labels allocated once, written by a decoding thread
 * through NIO views of their native memory (no ND4J call off the training thread), then handed to
 * the training thread as a {@link Batch}.
 */
final class BatchSlot {
  final int size;
  final INDArray features;
  final INDArray oneHot;
  final int[] classes;
  private final int exampleLength;
  private final int numClasses;
  private final FloatBuffer floatFeatures;
  private final DoubleBuffer doubleFeatures;
  private final FloatBuffer floatLabels;
  private final DoubleBuffer doubleLabels;
  int index;

  BatchSlot(int size, int[] shape, int numClasses, DataType dtype) {
    if (dtype != DataType.FLOAT && dtype != DataType.DOUBLE) {
      throw new IllegalArgumentException("image batches are FLOAT or DOUBLE, found " + dtype);
    }
    this.size = size;
    this.numClasses = numClasses;
    this.exampleLength = shape[0] * shape[1] * shape[2];
    features = Nd4j.create(dtype, size, shape[0], shape[1], shape[2]);
    oneHot = Nd4j.create(dtype, size, numClasses);
    classes = new int[size];
    boolean isFloat = dtype == DataType.FLOAT;
    floatFeatures = isFloat ? view(features).asFloatBuffer() : null;
    doubleFeatures = isFloat ? null : view(features).asDoubleBuffer();
    floatLabels = isFloat ? view(oneHot).asFloatBuffer() : null;
    doubleLabels = isFloat ? null : view(oneHot).asDoubleBuffer();
  }

  private static java.nio.ByteBuffer view(INDArray array) {
    return array.data().asNio().order(ByteOrder.nativeOrder());
  }

  /** Writes example {@code position} of the batch: its pixels and its class. */
  void put(int position, float[] pixels, int label) {
    int at = position * exampleLength;
    if (floatFeatures != null) {
      floatFeatures.put(at, pixels, 0, exampleLength);
    } else {
      for (int i = 0; i < exampleLength; i++) {
        doubleFeatures.put(at + i, pixels[i]);
      }
    }
    for (int c = 0; c < numClasses; c++) {
      double v = c == label ? 1 : 0;
      if (floatLabels != null) {
        floatLabels.put(position * numClasses + c, (float) v);
      } else {
        doubleLabels.put(position * numClasses + c, v);
      }
    }
    classes[position] = label;
  }

  Batch batch() {
    return new Batch(features, oneHot, classes, index);
  }
}
