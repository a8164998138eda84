package io.annet.processor.model;

/** A parsed {@code @Flatten}. */
public record FlattenSpec(String name) implements LayerSpec {
  @Override
  public String kind() {
    return "Flatten";
  }

  @Override
  public String canonical() {
    return "@Flatten";
  }

  @Override
  public FlattenSpec withName(String name) {
    return new FlattenSpec(name);
  }

  @Override
  public <R> R accept(LayerSpecVisitor<R> visitor) {
    return visitor.visitFlatten(this);
  }
}
