package io.annet.examples.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The per-epoch history of one training run: mean training loss, test loss and test accuracy, in
 * epoch order.
 */
public final class Curve {
  private final String model;
  private final List<double[]> epochs = new ArrayList<>();

  /** Starts an empty history for {@code model}. */
  public Curve(String model) {
    this.model = model;
  }

  /** Records one finished epoch. */
  public void add(double trainLoss, double testLoss, double testAccuracy) {
    epochs.add(new double[] {trainLoss, testLoss, testAccuracy});
  }

  /** The model's name, used as the series label. */
  public String model() {
    return model;
  }

  /** Number of recorded epochs. */
  public int size() {
    return epochs.size();
  }

  /** Epoch numbers 1..size() as the x values of a chart. */
  public double[] epochNumbers() {
    double[] x = new double[epochs.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = i + 1;
    }
    return x;
  }

  /** Mean training loss per epoch. */
  public double[] trainLoss() {
    return column(0);
  }

  /** Test loss per epoch. */
  public double[] testLoss() {
    return column(1);
  }

  /** Test accuracy per epoch, in [0, 1]. */
  public double[] testAccuracy() {
    return column(2);
  }

  private double[] column(int index) {
    double[] values = new double[epochs.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = epochs.get(i)[index];
    }
    return values;
  }
}
