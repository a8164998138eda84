package io.annet.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * A framework-neutral description of a benchmarked network, from which the DL4J and PyTorch
 * versions are built and the SGEMM bound is derived; the Annet version is the matching
 * {@code @Model} interface ({@link NinCifar}, {@link MnistGap}).
 *
 * @param name short name used in reports
 * @param input per-example input {@code [C, H, W]}
 * @param ops the layers in order; every convolution is followed by ReLU; the network ends in global
 *     average pooling and softmax
 */
public record Arch(String name, int[] input, List<Op> ops) {

  /** One layer of an {@link Arch}. */
  public sealed interface Op permits Conv, Pool {}

  /**
   * A convolution with bias and ReLU, stride 1.
   *
   * @param parameter the Annet parameter prefix, e.g. {@code conv1} or {@code block1.0}
   * @param in input channels
   * @param out output channels
   * @param kernel square kernel size
   * @param padding zero padding on each side
   */
  public record Conv(String parameter, int in, int out, int kernel, int padding) implements Op {}

  /**
   * A pooling window without padding; {@code global} pools each whole map to one value (mean).
   *
   * @param max max pooling when true, average pooling otherwise
   * @param kernel square window
   * @param stride step
   * @param global global average pooling (kernel and stride unused)
   */
  public record Pool(boolean max, int kernel, int stride, boolean global) implements Op {}

  /** The per-example shape before each op, and the final one: {@code ops.size() + 1} entries. */
  public List<int[]> shapes() {
    List<int[]> shapes = new ArrayList<>();
    int[] s = input.clone();
    shapes.add(s);
    for (Op op : ops) {
      if (op instanceof Conv c) {
        if (c.in() != s[0]) {
          throw new IllegalStateException(
              name + ": " + c.parameter() + " expects " + c.in() + " channels, found " + s[0]);
        }
        int h = s[1] + 2 * c.padding() - c.kernel() + 1;
        int w = s[2] + 2 * c.padding() - c.kernel() + 1;
        s = new int[] {c.out(), h, w};
      } else if (op instanceof Pool p) {
        s =
            p.global()
                ? new int[] {s[0], 1, 1}
                : new int[] {
                  s[0], (s[1] - p.kernel()) / p.stride() + 1, (s[2] - p.kernel()) / p.stride() + 1
                };
      }
      shapes.add(s);
    }
    return shapes;
  }

  /** The convolutions, in order. */
  public List<Conv> convs() {
    List<Conv> convs = new ArrayList<>();
    for (Op op : ops) {
      if (op instanceof Conv c) {
        convs.add(c);
      }
    }
    return convs;
  }

  /** Multiply-accumulates of one example's forward pass (convolutions only). */
  public long macs() {
    long macs = 0;
    List<int[]> shapes = shapes();
    for (int i = 0; i < ops.size(); i++) {
      if (ops.get(i) instanceof Conv c) {
        int[] out = shapes.get(i + 1);
        macs += (long) c.out() * c.in() * c.kernel() * c.kernel() * out[1] * out[2];
      }
    }
    return macs;
  }

  /** Number of classes: the channels of the last map. */
  public int classes() {
    List<int[]> shapes = shapes();
    return shapes.get(shapes.size() - 1)[0];
  }

  /**
   * NIN-CIFAR (Lin et al. 2014) without dropout: three mlpconv blocks, max and average pooling,
   * global average pooling over ten class maps.
   */
  public static Arch ninCifar() {
    return new Arch(
        "NIN-CIFAR",
        new int[] {3, 32, 32},
        List.of(
            new Conv("block1.0", 3, 192, 5, 2),
            new Conv("block1.1", 192, 160, 1, 0),
            new Conv("block1.2", 160, 96, 1, 0),
            new Pool(true, 3, 2, false),
            new Conv("block2.0", 96, 192, 5, 2),
            new Conv("block2.1", 192, 192, 1, 0),
            new Conv("block2.2", 192, 192, 1, 0),
            new Pool(false, 3, 2, false),
            new Conv("block3.0", 192, 192, 3, 1),
            new Conv("block3.1", 192, 192, 1, 0),
            new Conv("block3.2", 192, 10, 1, 0),
            new Pool(false, 0, 0, true)));
  }

  /** The small MNIST network with a GAP head: conv 32, pool, conv 64, pool, conv1x1 10, GAP. */
  public static Arch mnistGap() {
    return new Arch(
        "MNIST-GAP",
        new int[] {1, 28, 28},
        List.of(
            new Conv("conv1", 1, 32, 3, 1),
            new Pool(true, 2, 2, false),
            new Conv("conv2", 32, 64, 3, 1),
            new Pool(true, 2, 2, false),
            new Conv("maps", 64, 10, 1, 0),
            new Pool(false, 0, 0, true)));
  }
}
