package io.annet.processor.shape;

import io.annet.dsl.Window;
import io.annet.processor.model.BatchNormSpec;
import io.annet.processor.model.ConvSpec;
import io.annet.processor.model.DenseSpec;
import io.annet.processor.model.DepthwiseConvSpec;
import io.annet.processor.model.LayerSpec;
import io.annet.processor.model.MlpConvSpec;
import io.annet.processor.model.Shape;
import java.util.List;

/**
 * The parameter tensors of a layer, of which none may exceed {@link #LIMIT} values: the runtime
 * draws a tensor's initial values into one Java array and a checkpoint stores it in one byte
 * array, which holds at most {@code Integer.MAX_VALUE - 1024} bytes of a tensor (Checkpoints), 8
 * bytes a value in double precision. Larger tensors fail at {@code create()} or {@code save()}.
 */
final class TensorSizes {
  /** At most this many values in one tensor: (2^31 - 1 - 1024) / 8, 1 GiB of float32. */
  static final long LIMIT = (Integer.MAX_VALUE - 1024L) / 8;

  /**
   * One parameter tensor.
   *
   * @param shape the tensor's shape, e.g. {@code weight [64, 3, 3, 3]}
   * @param values its number of values, saturating
   * @param attribute the attribute to point at, or null for the annotation
   * @param fix what to reduce
   */
  record Tensor(String shape, long values, String attribute, String fix) {}

  private TensorSizes() {}

  /**
   * The largest parameter tensor of {@code layer} fed {@code in}, or null when it has none; a
   * kind this class does not know is bounded by all its {@code parameters} as one tensor.
   */
  static Tensor largest(LayerSpec layer, Shape in, long parameters) {
    Tensor largest = null;
    for (Tensor t : tensors(layer, in, parameters)) {
      if (largest == null || t.values() > largest.values()) {
        largest = t;
      }
    }
    return largest;
  }

  private static List<Tensor> tensors(LayerSpec layer, Shape in, long parameters) {
    return layer.accept(
        new LayerSpec.Otherwise<List<Tensor>>() {
          /** No tensor, or all the parameters: at least as large as the largest tensor. */
          @Override
          protected List<Tensor> otherwise(LayerSpec s) {
            return parameters == 0
                ? List.of()
                : List.of(
                    new Tensor("parameters [" + parameters + "]", parameters, null, "the layer"));
          }

          @Override
          public List<Tensor> visitConv(ConvSpec s) {
            return List.of(first(s.filters(), in, s.window()));
          }

          @Override
          public List<Tensor> visitMlpConv(MlpConvSpec s) {
            List<Integer> f = s.filters();
            Tensor largest = first(f.get(0), in, s.window());
            for (int i = 1; i < f.size(); i++) {
              long values = Costs.mul(f.get(i), f.get(i - 1));
              if (values > largest.values()) {
                largest =
                    new Tensor(
                        "weight [" + f.get(i) + ", " + f.get(i - 1) + ", 1, 1]",
                        values,
                        "filters",
                        "the filters");
              }
            }
            return List.of(largest);
          }

          @Override
          public List<Tensor> visitDense(DenseSpec s) {
            long fed = Costs.values(in);
            return List.of(
                new Tensor(
                    "weight [" + s.units() + ", " + fed + "]",
                    Costs.mul(s.units(), fed),
                    "units",
                    "units, or the " + fed + " values fed to it"));
          }

          @Override
          public List<Tensor> visitBatchNorm(BatchNormSpec s) {
            String shape = "scale [" + in.channels() + "]";
            return List.of(new Tensor(shape, in.channels(), null, "the channels fed to it"));
          }

          @Override
          public List<Tensor> visitDepthwiseConv(DepthwiseConvSpec s) {
            Window w = s.window();
            long channels = Costs.mul(in.channels(), s.multiplier());
            long kernel = (long) w.kernelHeight() * w.kernelWidth();
            return List.of(
                new Tensor(
                    "weight [" + channels + ", 1, " + w.kernelHeight() + ", " + w.kernelWidth()
                        + "]",
                    Costs.mul(channels, kernel),
                    kernel > s.multiplier() ? "kernel" : "multiplier",
                    "the multiplier, the kernel, or the " + in.channels() + " channels fed to it"));
          }
        });
  }

  /** The weight of a window over {@code in}: on the kernel when it outweighs the filters. */
  private static Tensor first(int filters, Shape in, Window w) {
    long kernel = (long) w.kernelHeight() * w.kernelWidth();
    long values = Costs.mul(Costs.mul(filters, in.channels()), kernel);
    String shape =
        "weight [" + filters + ", " + in.channels() + ", " + w.kernelHeight() + ", "
            + w.kernelWidth() + "]";
    String attribute = kernel > filters ? "kernel" : "filters";
    return new Tensor(
        shape, values, attribute, "filters, the kernel, or the " + in.channels()
            + " channels fed to it");
  }
}
