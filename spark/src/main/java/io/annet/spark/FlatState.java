package io.annet.spark;

import io.annet.runtime.optim.Optimizer;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An optimizer's state (moment buffers and step count) as one flat float buffer with its names
 * and shapes, for parameter averaging: sent to executors, averaged back on the driver.
 */
final class FlatState implements Serializable {
  private static final long serialVersionUID = 1L;

  final String prefix;
  final long iteration;
  final List<String> names;
  final List<long[]> shapes;
  final float[] values;

  private FlatState(String prefix, long iteration, List<String> names, List<long[]> shapes,
      float[] values) {
    this.prefix = prefix;
    this.iteration = iteration;
    this.names = names;
    this.shapes = shapes;
    this.values = values;
  }

  /** {@code optimizer}'s state, its values scaled by {@code weight}. */
  static FlatState of(Optimizer optimizer, float weight) {
    Map<String, INDArray> state = optimizer.state();
    String header = optimizer.prefix() + ".iteration";
    List<String> names = new ArrayList<>();
    List<long[]> shapes = new ArrayList<>();
    long total = 0;
    for (Map.Entry<String, INDArray> e : state.entrySet()) {
      if (!e.getKey().equals(header)) {
        names.add(e.getKey());
        shapes.add(e.getValue().shape());
        total += e.getValue().length();
      }
    }
    float[] values = new float[Math.toIntExact(total)];
    int offset = 0;
    for (String name : names) {
      INDArray a = state.get(name);
      FlatParameters.copyOut(a.castTo(DataType.FLOAT), values, offset, weight);
      offset += (int) a.length();
    }
    return new FlatState(optimizer.prefix(), optimizer.iteration(), names, shapes, values);
  }

  /** Adds {@code other}'s values into this one's (same names and shapes); returns this. */
  FlatState add(FlatState other) {
    for (int i = 0; i < values.length; i++) {
      values[i] += other.values[i];
    }
    return this;
  }

  /** Loads this state into {@code optimizer}, whose step count becomes {@code iteration}. */
  void loadInto(Optimizer optimizer, long iteration, DataType dtype) {
    Map<String, INDArray> state = new LinkedHashMap<>();
    state.put(prefix + ".iteration", Nd4j.scalar(DataType.LONG, iteration));
    int offset = 0;
    for (int i = 0; i < names.size(); i++) {
      INDArray a = Nd4j.create(dtype, shapes.get(i));
      FlatParameters.copyIn(values, offset, a);
      offset += (int) a.length();
      state.put(names.get(i), a);
    }
    optimizer.loadState(state);
  }
}
