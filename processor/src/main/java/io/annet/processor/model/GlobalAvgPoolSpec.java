package io.annet.processor.model;

/** A parsed {@code @GlobalAvgPool}. */
public record GlobalAvgPoolSpec(String name) implements LayerSpec {
  @Override
  public String kind() {
    return "GlobalAvgPool";
  }

  @Override
  public String canonical() {
    return "@GlobalAvgPool";
  }

  @Override
  public GlobalAvgPoolSpec withName(String name) {
    return new GlobalAvgPoolSpec(name);
  }

  @Override
  public <R> R accept(LayerSpecVisitor<R> visitor) {
    return visitor.visitGlobalAvgPool(this);
  }
}
