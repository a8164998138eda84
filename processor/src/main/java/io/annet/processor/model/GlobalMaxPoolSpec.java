package io.annet.processor.model;

/** A parsed {@code @GlobalMaxPool}. */
public record GlobalMaxPoolSpec(String name) implements LayerSpec {
  @Override
  public String kind() {
    return "GlobalMaxPool";
  }

  @Override
  public String canonical() {
    return "@GlobalMaxPool";
  }

  @Override
  public GlobalMaxPoolSpec withName(String name) {
    return new GlobalMaxPoolSpec(name);
  }

  @Override
  public <R> R accept(LayerSpecVisitor<R> visitor) {
    return visitor.visitGlobalMaxPool(this);
  }
}
