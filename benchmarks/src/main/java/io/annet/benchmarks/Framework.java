package io.annet.benchmarks;

/** The contestants; each runs in its own worker JVM with its own classpath and environment. */
public enum Framework {
  ANNET("Annet"),
  DL4J_SHIPPED("DL4J as shipped"),
  DL4J_BEST("DL4J, best setup"),
  PYTORCH("PyTorch (DJL)"),
  ORT("ONNX Runtime");

  private final String label;

  Framework(String label) {
    this.label = label;
  }

  /** Column header. */
  public String label() {
    return label;
  }

  /**
   * Whether this framework has a version of {@code w}: ONNX Runtime runs inference only (the file
   * Annet's ONNX export writes), DL4J the chain networks only (built from an {@link Arch}); Annet
   * and PyTorch (the graphs from {@link DjlGraphs}) run every row.
   */
  public boolean runs(Workload w) {
    return switch (this) {
      case ANNET, PYTORCH -> true;
      case ORT -> !w.train();
      default -> !w.net().graph();
    };
  }
}
