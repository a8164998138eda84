package io.annet.benchmarks;

/** The contestants; each runs in its own worker JVM with its own classpath and environment. */
public enum Framework {
  ANNET("Annet"),
  DL4J_SHIPPED("DL4J as shipped"),
  DL4J_BEST("DL4J, best setup"),
  PYTORCH("PyTorch (DJL)");

  private final String label;

  Framework(String label) {
    this.label = label;
  }

  /** Column header. */
  public String label() {
    return label;
  }
}
