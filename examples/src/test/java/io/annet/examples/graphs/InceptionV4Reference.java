package io.annet.examples.graphs;

import io.annet.dsl.Window;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An independent, layer-by-layer parameter count of the full Inception-v4 of Szegedy et al.,
 * arXiv 1602.07261, figures 3 to 9, for checking a compiled Inception-v4 against.
 *
 * <p>Architecture, input {@code [3, 299, 299]}: the stem (figure 3) to {@code [384, 35, 35]}; 4 x
 * Inception-A (figure 4); Reduction-A (figure 7, k = 192, l = 224, m = 256, n = 384) to {@code
 * [1024, 17, 17]}; 7 x Inception-B (figure 5); Reduction-B (figure 8) to {@code [1536, 8, 8]}; 3 x
 * Inception-C (figure 6); global average pooling to {@code [1536]}; dropout; a dense layer 1536 ->
 * 1000 with bias; softmax. Convolutions marked "V" have no padding, all others keep the size
 * (padding {@code k / 2} per dimension); the pooling inside Inception-A/B/C is a 3x3/1 average,
 * which has no parameters. Where figure 5 and the reference TF-slim code order a 1x7 and a 7x1
 * differently, the count is the same (both have 7 weights per input-output pair); the auxiliary
 * classifier is not part of the network and is not counted.
 *
 * <p>Assumptions, two variants:
 *
 * <ul>
 *   <li>{@link Count#withBatchNorm()}: every convolution without bias, followed by a batch norm
 *       with a trained scale and shift (gamma, beta: 2 per channel); running mean and variance
 *       are not parameters. This is Annet's {@code @Conv(bias = false)} + {@code @BatchNorm}
 *       count, and the commonly quoted total (timm / pretrainedmodels {@code inception_v4}:
 *       42.68 M): {@value #PARAMETERS_WITH_BATCH_NORM}.
 *   <li>{@link Count#withBias()}: every convolution with a bias and no batch norm:
 *       {@value #PARAMETERS_WITH_BIAS}. (TF-slim's batch norm without scale trains the same
 *       number: one shift per channel.)
 * </ul>
 */
public final class InceptionV4Reference {
  /** Convolutions without bias plus batch norm (gamma, beta), plus the dense layer. */
  public static final long PARAMETERS_WITH_BATCH_NORM = 42_679_816L;

  /** Convolutions with bias and no batch norm, plus the dense layer. */
  public static final long PARAMETERS_WITH_BIAS = 42_648_232L;

  private InceptionV4Reference() {}

  /**
   * The tally of one part of the network.
   *
   * @param convolutions how many convolution layers
   * @param convWeights their weights, {@code out * in * kh * kw} each, without biases
   * @param convChannels their output channels summed: one bias, or one gamma and one beta, each
   * @param dense the dense layer's weights and biases
   */
  public record Count(long convolutions, long convWeights, long convChannels, long dense) {
    /** Convolutions without bias, each followed by a batch norm with gamma and beta. */
    public long withBatchNorm() {
      return convWeights + 2 * convChannels + dense;
    }

    /** Convolutions with bias, no batch norm. */
    public long withBias() {
      return convWeights + convChannels + dense;
    }

    Count plus(Count o) {
      return new Count(
          convolutions + o.convolutions, convWeights + o.convWeights,
          convChannels + o.convChannels, dense + o.dense);
    }
  }

  /** The per-stage counts in network order (repeated modules summed), and the output shapes. */
  public static final class Tally {
    private final Map<String, Count> stages = new LinkedHashMap<>();
    private final Map<String, int[]> shapes = new LinkedHashMap<>();
    private Count current = new Count(0, 0, 0, 0);

    /** A convolution of {@code filters} with a kh x kw kernel; "V" (valid) or size-keeping. */
    int[] conv(int[] in, int filters, int kh, int kw, int stride, boolean valid) {
      Window w =
          new Window(kh, kw, stride, stride, valid ? 0 : kh / 2, valid ? 0 : kw / 2, false);
      int[] out = {filters, w.outputHeight(in[1]), w.outputWidth(in[2])};
      if (out[1] < 1 || out[2] < 1) {
        throw new IllegalStateException(w + " does not fit " + Arrays.toString(in));
      }
      current = current.plus(new Count(1, (long) filters * in[0] * kh * kw, filters, 0));
      return out;
    }

    /** A 1x1 convolution (never padded). */
    int[] conv1x1(int[] in, int filters) {
      return conv(in, filters, 1, 1, 1, true);
    }

    /** A 3x3 pooling, max or average (no parameters either way). */
    int[] pool(int[] in, int stride, boolean valid) {
      Window w = new Window(3, 3, stride, stride, valid ? 0 : 1, valid ? 0 : 1, false);
      return new int[] {in[0], w.outputHeight(in[1]), w.outputWidth(in[2])};
    }

    /** Channel concatenation; the branches must agree in height and width. */
    int[] concat(int[]... branches) {
      int channels = 0;
      for (int[] b : branches) {
        if (b[1] != branches[0][1] || b[2] != branches[0][2]) {
          throw new IllegalStateException("concat of " + Arrays.deepToString(branches));
        }
        channels += b[0];
      }
      return new int[] {channels, branches[0][1], branches[0][2]};
    }

    void endStage(String name, int[] output) {
      stages.merge(name, current, Count::plus);
      shapes.put(name, output.clone());
      current = new Count(0, 0, 0, 0);
    }

    /** The counts per stage: stem, inceptionA, reductionA, inceptionB, reductionB, ... */
    public Map<String, Count> stages() {
      return Map.copyOf(stages);
    }

    /** The output shape after each stage. */
    public int[] shapeAfter(String stage) {
      return shapes.get(stage).clone();
    }

    /** The whole network. */
    public Count total() {
      return stages.values().stream().reduce(new Count(0, 0, 0, 0), Count::plus);
    }
  }

  /** Counts the whole network, stage by stage. */
  public static Tally count() {
    Tally t = new Tally();
    int[] x = stem(t, new int[] {3, 299, 299});
    t.endStage("stem", x);
    for (int i = 0; i < 4; i++) {
      x = inceptionA(t, x);
      t.endStage("inceptionA", x);
    }
    x = reductionA(t, x, 192, 224, 256, 384);
    t.endStage("reductionA", x);
    for (int i = 0; i < 7; i++) {
      x = inceptionB(t, x);
      t.endStage("inceptionB", x);
    }
    x = reductionB(t, x);
    t.endStage("reductionB", x);
    for (int i = 0; i < 3; i++) {
      x = inceptionC(t, x);
      t.endStage("inceptionC", x);
    }
    int features = x[0]; // global average pooling, then dropout: no parameters
    t.current = t.current.plus(new Count(0, 0, 0, (long) features * 1000 + 1000));
    t.endStage("logits", new int[] {1000});
    return t;
  }

  /** Figure 3. */
  static int[] stem(Tally t, int[] x) {
    x = t.conv(x, 32, 3, 3, 2, true); // 149 x 149
    x = t.conv(x, 32, 3, 3, 1, true); // 147 x 147
    x = t.conv(x, 64, 3, 3, 1, false);
    x = t.concat(t.pool(x, 2, true), t.conv(x, 96, 3, 3, 2, true)); // [160, 73, 73]
    int[] a = t.conv(t.conv1x1(x, 64), 96, 3, 3, 1, true);
    int[] b = t.conv1x1(x, 64);
    b = t.conv(b, 64, 7, 1, 1, false);
    b = t.conv(b, 64, 1, 7, 1, false);
    b = t.conv(b, 96, 3, 3, 1, true);
    x = t.concat(a, b); // [192, 71, 71]
    return t.concat(t.conv(x, 192, 3, 3, 2, true), t.pool(x, 2, true)); // [384, 35, 35]
  }

  /** Figure 4. */
  static int[] inceptionA(Tally t, int[] x) {
    int[] b1 = t.conv1x1(t.pool(x, 1, false), 96);
    int[] b2 = t.conv1x1(x, 96);
    int[] b3 = t.conv(t.conv1x1(x, 64), 96, 3, 3, 1, false);
    int[] b4 = t.conv1x1(x, 64);
    b4 = t.conv(b4, 96, 3, 3, 1, false);
    b4 = t.conv(b4, 96, 3, 3, 1, false);
    return t.concat(b1, b2, b3, b4);
  }

  /** Figure 7. */
  static int[] reductionA(Tally t, int[] x, int k, int l, int m, int n) {
    int[] b1 = t.pool(x, 2, true);
    int[] b2 = t.conv(x, n, 3, 3, 2, true);
    int[] b3 = t.conv1x1(x, k);
    b3 = t.conv(b3, l, 3, 3, 1, false);
    b3 = t.conv(b3, m, 3, 3, 2, true);
    return t.concat(b1, b2, b3);
  }

  /** Figure 5. */
  static int[] inceptionB(Tally t, int[] x) {
    int[] b1 = t.conv1x1(t.pool(x, 1, false), 128);
    int[] b2 = t.conv1x1(x, 384);
    int[] b3 = t.conv1x1(x, 192);
    b3 = t.conv(b3, 224, 1, 7, 1, false);
    b3 = t.conv(b3, 256, 7, 1, 1, false);
    int[] b4 = t.conv1x1(x, 192);
    b4 = t.conv(b4, 192, 1, 7, 1, false);
    b4 = t.conv(b4, 224, 7, 1, 1, false);
    b4 = t.conv(b4, 224, 1, 7, 1, false);
    b4 = t.conv(b4, 256, 7, 1, 1, false);
    return t.concat(b1, b2, b3, b4);
  }

  /** Figure 8. */
  static int[] reductionB(Tally t, int[] x) {
    int[] b1 = t.pool(x, 2, true);
    int[] b2 = t.conv(t.conv1x1(x, 192), 192, 3, 3, 2, true);
    int[] b3 = t.conv1x1(x, 256);
    b3 = t.conv(b3, 256, 1, 7, 1, false);
    b3 = t.conv(b3, 320, 7, 1, 1, false);
    b3 = t.conv(b3, 320, 3, 3, 2, true);
    return t.concat(b1, b2, b3);
  }

  /** Figure 6. */
  static int[] inceptionC(Tally t, int[] x) {
    int[] b1 = t.conv1x1(t.pool(x, 1, false), 256);
    int[] b2 = t.conv1x1(x, 256);
    int[] b3 = t.conv1x1(x, 384);
    int[] b3a = t.conv(b3, 256, 1, 3, 1, false);
    int[] b3b = t.conv(b3, 256, 3, 1, 1, false);
    int[] b4 = t.conv1x1(x, 384);
    b4 = t.conv(b4, 448, 1, 3, 1, false);
    b4 = t.conv(b4, 512, 3, 1, 1, false);
    int[] b4a = t.conv(b4, 256, 3, 1, 1, false);
    int[] b4b = t.conv(b4, 256, 1, 3, 1, false);
    return t.concat(b1, b2, b3a, b3b, b4a, b4b);
  }
}
