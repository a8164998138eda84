package io.annet.runtime.metrics;

import java.util.Arrays;

/**
 * Counts of (actual class, predicted class) pairs, with accuracy and per-class precision and
 * recall; rows are actual classes, columns predicted ones.
 */
public final class ConfusionMatrix {
  private final long[][] counts;

  /** An empty matrix for {@code classes} classes. */
  public ConfusionMatrix(int classes) {
    if (classes < 1) {
      throw new IllegalArgumentException("a confusion matrix needs >= 1 class, found " + classes);
    }
    counts = new long[classes][classes];
  }

  /** Records one example. */
  public void add(int actual, int predicted) {
    check("actual", actual);
    check("predicted", predicted);
    counts[actual][predicted]++;
  }

  /** Adds every count of {@code other} (same number of classes) to this matrix. */
  public void addAll(ConfusionMatrix other) {
    if (other.classes() != classes()) {
      throw new IllegalArgumentException(
          "cannot merge a " + other.classes() + "-class matrix into a " + classes()
              + "-class matrix");
    }
    for (int a = 0; a < classes(); a++) {
      for (int p = 0; p < classes(); p++) {
        counts[a][p] += other.counts[a][p];
      }
    }
  }

  private void check(String what, int c) {
    if (c < 0 || c >= counts.length) {
      throw new IllegalArgumentException(
          what + " class must be in 0.." + (counts.length - 1) + ", found " + c);
    }
  }

  /** Number of classes. */
  public int classes() {
    return counts.length;
  }

  /** How many examples of class {@code actual} were predicted as {@code predicted}. */
  public long count(int actual, int predicted) {
    check("actual", actual);
    check("predicted", predicted);
    return counts[actual][predicted];
  }

  /** Total number of examples recorded. */
  public long total() {
    long t = 0;
    for (long[] row : counts) {
      for (long c : row) {
        t += c;
      }
    }
    return t;
  }

  /** Number of correct predictions (the diagonal). */
  public long correct() {
    long t = 0;
    for (int i = 0; i < counts.length; i++) {
      t += counts[i][i];
    }
    return t;
  }

  /** Fraction of correct predictions; 0 when empty. */
  public double accuracy() {
    long total = total();
    return total == 0 ? 0 : (double) correct() / total;
  }

  /** Of the examples predicted as {@code c}, the fraction that are {@code c}; 0 if none. */
  public double precision(int c) {
    check("class", c);
    long predicted = 0;
    for (long[] row : counts) {
      predicted += row[c];
    }
    return predicted == 0 ? 0 : (double) counts[c][c] / predicted;
  }

  /** Of the examples of class {@code c}, the fraction predicted as {@code c}; 0 if none. */
  public double recall(int c) {
    check("class", c);
    long actual = Arrays.stream(counts[c]).sum();
    return actual == 0 ? 0 : (double) counts[c][c] / actual;
  }

  /** A copy of the counts, {@code [actual][predicted]}. */
  public long[][] counts() {
    long[][] copy = new long[counts.length][];
    for (int i = 0; i < counts.length; i++) {
      copy[i] = counts[i].clone();
    }
    return copy;
  }

  /** The table: actual classes down, predicted across, then recall and precision per class. */
  @Override
  public String toString() {
    int width = 5;
    for (long[] row : counts) {
      for (long c : row) {
        width = Math.max(width, Long.toString(c).length() + 1);
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("actual\\pred"));
    for (int p = 0; p < classes(); p++) {
      sb.append(String.format("%" + width + "d", p));
    }
    sb.append("   recall\n");
    for (int a = 0; a < classes(); a++) {
      sb.append(String.format("%11d", a));
      for (int p = 0; p < classes(); p++) {
        sb.append(String.format("%" + width + "d", counts[a][p]));
      }
      sb.append(String.format("  %6.1f %%%n", 100 * recall(a)));
    }
    sb.append(String.format("%11s", "precision"));
    for (int p = 0; p < classes(); p++) {
      sb.append(String.format("%" + width + ".0f", 100 * precision(p)));
    }
    sb.append(String.format("%n%11s %d/%d = %.2f %%", "accuracy", correct(), total(),
        100 * accuracy()));
    return sb.toString();
  }
}
