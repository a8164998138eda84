package io.annet.processor.model;

import io.annet.dsl.Window;

/** A parsed {@code @AvgPool}; the stride already defaults to the kernel. */
public record AvgPoolSpec(String name, Window window) implements LayerSpec, WindowedSpec {
  @Override
  public String kind() {
    return "AvgPool";
  }

  @Override
  public String canonical() {
    return "@AvgPool(window=" + window + ")";
  }

  @Override
  public AvgPoolSpec withName(String name) {
    return new AvgPoolSpec(name, window);
  }

  @Override
  public <R> R accept(LayerSpecVisitor<R> visitor) {
    return visitor.visitAvgPool(this);
  }
}
