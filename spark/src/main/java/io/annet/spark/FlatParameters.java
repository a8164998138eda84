package io.annet.spark;

import io.annet.runtime.AnnetException;
import io.annet.runtime.DataTypeMismatchException;
import io.annet.runtime.Network;
import java.io.Serializable;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The layout of a network's tensors in one flat float buffer, in {@link Network#parameters()}
 * order: what travels between driver and executors instead of serialized ND4J arrays. Tensors
 * with a gradient (weights) and without one (running statistics) both have a slot; a step's
 * result buffer holds gradients in the first kind and updated values in the second.
 */
public final class FlatParameters implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<String> names;
  private final int[] offsets;
  private final int[] lengths;
  private final boolean[] trained;
  private final int size;

  private FlatParameters(List<String> names, int[] offsets, int[] lengths, boolean[] trained,
      int size) {
    this.names = names;
    this.offsets = offsets;
    this.lengths = lengths;
    this.trained = trained;
    this.size = size;
  }

  /**
   * The layout of {@code network}'s tensors.
   *
   * @throws DataTypeMismatchException when the network does not compute in FLOAT
   */
  public static FlatParameters of(Network network) {
    if (network.dataType() != DataType.FLOAT) {
      throw new DataTypeMismatchException("Spark training sends weights as float32 buffers; "
          + network.architecture().modelName() + " computes in " + network.dataType()
          + " (create it with create(seed), which is FLOAT)");
    }
    Map<String, INDArray> parameters = network.parameters();
    Map<String, INDArray> gradients = network.gradients();
    List<String> names = new ArrayList<>(parameters.keySet());
    int[] offsets = new int[names.size()];
    int[] lengths = new int[names.size()];
    boolean[] trained = new boolean[names.size()];
    long total = 0;
    for (int i = 0; i < names.size(); i++) {
      INDArray p = parameters.get(names.get(i));
      offsets[i] = (int) total;
      lengths[i] = Math.toIntExact(p.length());
      trained[i] = gradients.get(names.get(i)) != null;
      total += p.length();
      if (total > Integer.MAX_VALUE - 8) {
        throw new AnnetException(network.architecture().modelName() + " has more than 2^31"
            + " parameter values, more than one flat buffer holds");
      }
    }
    return new FlatParameters(List.copyOf(names), offsets, lengths, trained, (int) total);
  }

  /** Number of float values in a buffer of this layout. */
  public int size() {
    return size;
  }

  /** A fresh buffer with {@code network}'s current tensor values. */
  public float[] read(Network network) {
    float[] out = new float[size];
    Map<String, INDArray> parameters = parameters(network);
    for (int i = 0; i < names.size(); i++) {
      copyOut(parameters.get(names.get(i)), out, offsets[i], 1f);
    }
    return out;
  }

  /** Overwrites every tensor of {@code network} with the values in {@code values}. */
  public void write(float[] values, Network network) {
    requireSize(values);
    Map<String, INDArray> parameters = parameters(network);
    for (int i = 0; i < names.size(); i++) {
      copyIn(values, offsets[i], parameters.get(names.get(i)));
    }
  }

  /**
   * Adds {@code weight} times a step's outcome on {@code network} to {@code sum}: the gradient of
   * every trained tensor and the value of every other one (running statistics).
   */
  public void accumulateStep(Network network, float weight, float[] sum) {
    requireSize(sum);
    Map<String, INDArray> parameters = parameters(network);
    Map<String, INDArray> gradients = network.gradients();
    float[] scratch = null;
    for (int i = 0; i < names.size(); i++) {
      INDArray source = trained[i] ? gradients.get(names.get(i)) : parameters.get(names.get(i));
      if (scratch == null || scratch.length < lengths[i]) {
        scratch = new float[lengths[i]];
      }
      copyOut(source, scratch, 0, 1f);
      int offset = offsets[i];
      for (int e = 0; e < lengths[i]; e++) {
        sum[offset + e] += weight * scratch[e];
      }
    }
  }

  /**
   * Applies a summed step outcome on the driver's network: gradients into {@link
   * Network#gradients()}, other tensors' values (running statistics) into their parameters.
   */
  public void applyStep(float[] sum, Network network) {
    requireSize(sum);
    Map<String, INDArray> parameters = parameters(network);
    Map<String, INDArray> gradients = network.gradients();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      copyIn(sum, offsets[i], trained[i] ? gradients.get(name) : parameters.get(name));
    }
  }

  private Map<String, INDArray> parameters(Network network) {
    Map<String, INDArray> parameters = network.parameters();
    if (!parameters.keySet().equals(new java.util.LinkedHashSet<>(names))
        || parameters.size() != names.size()) {
      throw new AnnetException("flat buffer layout of tensors " + names + " does not fit "
          + network.architecture().modelName() + ", which has " + parameters.keySet());
    }
    return parameters;
  }

  private void requireSize(float[] buffer) {
    if (buffer.length != size) {
      throw new AnnetException("flat parameter buffer holds " + buffer.length
          + " values, the layout " + size);
    }
  }

  /** {@code dst[offset..] = scale * a}, reading the native memory directly when contiguous. */
  static void copyOut(INDArray a, float[] dst, int offset, float scale) {
    INDArray c = contiguous(a) ? a : a.dup('c');
    int n = (int) c.length();
    nio(c).get(dst, offset, n);
    if (scale != 1f) {
      for (int i = 0; i < n; i++) {
        dst[offset + i] *= scale;
      }
    }
  }

  /** {@code a = src[offset..offset + a.length)}, in place. */
  static void copyIn(float[] src, int offset, INDArray a) {
    if (contiguous(a)) {
      nio(a).put(src, offset, (int) a.length());
    } else {
      INDArray c = a.dup('c');
      nio(c).put(src, offset, (int) a.length());
      a.assign(c);
    }
  }

  private static boolean contiguous(INDArray a) {
    return a.dataType() == DataType.FLOAT && a.ordering() == 'c' && !a.isView()
        && a.offset() == 0 && a.data().length() == a.length();
  }

  private static FloatBuffer nio(INDArray a) {
    return a.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
  }
}
