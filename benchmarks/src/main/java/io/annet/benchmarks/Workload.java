package io.annet.benchmarks;

/** One row of the benchmark: a network, a batch size, and training or inference. */
public enum Workload {
  NIN_TRAIN_64("NIN-CIFAR train, batch 64", Net.NIN, 64, true, 2, 4),
  NIN_INFER_64("NIN-CIFAR inference, batch 64", Net.NIN, 64, false, 3, 3),
  NIN_INFER_1("NIN-CIFAR inference, batch 1", Net.NIN, 1, false, 300, 20),
  MNIST_TRAIN_64("MNIST GAP train, batch 64", Net.MNIST, 64, true, 10, 20),
  MNIST_TRAIN_128("MNIST GAP train, batch 128", Net.MNIST, 128, true, 5, 10),
  MNIST_INFER_1("MNIST GAP inference, batch 1", Net.MNIST, 1, false, 3000, 200),
  MNIST_INFER_64("MNIST GAP inference, batch 64", Net.MNIST, 64, false, 10, 40),
  RESNET_TRAIN_64("ResNetCifar train, batch 64", Net.RESNET, 64, true, 3, 5),
  RESNET_INFER_64("ResNetCifar inference, batch 64", Net.RESNET, 64, false, 5, 10),
  RESNET_INFER_1("ResNetCifar inference, batch 1", Net.RESNET, 1, false, 1500, 50),
  INCEPTION_TRAIN_64("InceptionMnist train, batch 64", Net.INCEPTION, 64, true, 5, 10),
  INCEPTION_INFER_64("InceptionMnist inference, batch 64", Net.INCEPTION, 64, false, 10, 20),
  INCEPTION_INFER_1("InceptionMnist inference, batch 1", Net.INCEPTION, 1, false, 1500, 100);

  /**
   * The benchmarked networks: two chains, described framework-neutrally by an {@link Arch}, and
   * two graphs (the example models {@code ResNetCifar} and {@code InceptionMnist}), which only
   * Annet and ONNX Runtime run.
   */
  public enum Net {
    NIN(new int[] {3, 32, 32}, 10),
    MNIST(new int[] {1, 28, 28}, 10),
    RESNET(new int[] {3, 32, 32}, 10),
    INCEPTION(new int[] {1, 28, 28}, 10);

    private final int[] input;
    private final int classes;

    Net(int[] input, int classes) {
      this.input = input;
      this.classes = classes;
    }

    /** Per-example input {@code [C, H, W]}. */
    public int[] input() {
      return input.clone();
    }

    /** Number of classes. */
    public int classes() {
      return classes;
    }

    /** Whether this is a graph (branches, sums), which has no {@link Arch}. */
    public boolean graph() {
      return this == RESNET || this == INCEPTION;
    }
  }

  private final String label;
  private final Net net;
  private final int batch;
  private final boolean train;
  private final int warmup;
  private final int repsPerBlock;

  Workload(String label, Net net, int batch, boolean train, int warmup, int repsPerBlock) {
    this.label = label;
    this.net = net;
    this.batch = batch;
    this.train = train;
    this.warmup = warmup;
    this.repsPerBlock = repsPerBlock;
  }

  /** Human-readable row name. */
  public String label() {
    return label;
  }

  /** The network. */
  public Net net() {
    return net;
  }

  /**
   * The chain description of NIN-CIFAR or MNIST GAP; throws for a graph network, which only Annet
   * and ONNX Runtime run.
   */
  public Arch arch() {
    return switch (net) {
      case NIN -> Arch.ninCifar();
      case MNIST -> Arch.mnistGap();
      default ->
          throw new UnsupportedOperationException(
              label + ": a graph network has no chain description (Arch)");
    };
  }

  /** Whether this is the NIN-CIFAR network. */
  public boolean nin() {
    return net == Net.NIN;
  }

  /** Examples per call. */
  public int batch() {
    return batch;
  }

  /** A training step (forward, backward, SGD update) rather than inference. */
  public boolean train() {
    return train;
  }

  /** Untimed calls before the first measurement. */
  public int warmup() {
    return warmup;
  }

  /** Timed calls per block; frameworks alternate between blocks. */
  public int repsPerBlock() {
    return repsPerBlock;
  }

  /** Floating-point operations of one call: 2 per MAC forward, about 3x that for training. */
  public double flops(long macsPerExample) {
    return 2.0 * macsPerExample * batch * (train ? 3 : 1);
  }
}
