package io.annet.benchmarks;

/** One row of the benchmark: a network, a batch size, and training or inference. */
public enum Workload {
  NIN_TRAIN_64("NIN-CIFAR train, batch 64", true, 64, true, 2, 2),
  NIN_INFER_64("NIN-CIFAR inference, batch 64", true, 64, false, 3, 3),
  NIN_INFER_1("NIN-CIFAR inference, batch 1", true, 1, false, 10, 20),
  MNIST_TRAIN_64("MNIST GAP train, batch 64", false, 64, true, 10, 20),
  MNIST_TRAIN_128("MNIST GAP train, batch 128", false, 128, true, 5, 10),
  MNIST_INFER_1("MNIST GAP inference, batch 1", false, 1, false, 50, 200),
  MNIST_INFER_64("MNIST GAP inference, batch 64", false, 64, false, 10, 40);

  private final String label;
  private final boolean nin;
  private final int batch;
  private final boolean train;
  private final int warmup;
  private final int repsPerBlock;

  Workload(String label, boolean nin, int batch, boolean train, int warmup, int repsPerBlock) {
    this.label = label;
    this.nin = nin;
    this.batch = batch;
    this.train = train;
    this.warmup = warmup;
    this.repsPerBlock = repsPerBlock;
  }

  /** Human-readable row name. */
  public String label() {
    return label;
  }

  /** The network: NIN-CIFAR or MNIST GAP. */
  public Arch arch() {
    return nin ? Arch.ninCifar() : Arch.mnistGap();
  }

  /** Whether this is the NIN-CIFAR network (else MNIST GAP). */
  public boolean nin() {
    return nin;
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
