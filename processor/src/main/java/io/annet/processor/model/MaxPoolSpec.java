package io.annet.processor.model;

import io.annet.dsl.Window;

/** A parsed {@code @MaxPool}; the stride already defaults to the kernel. */
public record MaxPoolSpec(String name, Window window) implements LayerSpec, WindowedSpec {
  @Override
  public String kind() {
    return "MaxPool";
  }

  @Override
  public String canonical() {
    return "@MaxPool(window=" + window + ")";
  }

  @Override
  public MaxPoolSpec withName(String name) {
    return new MaxPoolSpec(name, window);
  }

  @Override
  public <R> R accept(LayerSpecVisitor<R> visitor) {
    return visitor.visitMaxPool(this);
  }
}
