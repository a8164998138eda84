package io.annet.processor.model;

/** A parsed {@code @Dropout}. */
public record DropoutSpec(String name, double rate) implements LayerSpec {
  @Override
  public String kind() {
    return "Dropout";
  }

  @Override
  public String canonical() {
    return "@Dropout(rate=" + rate + ")";
  }

  @Override
  public DropoutSpec withName(String name) {
    return new DropoutSpec(name, rate);
  }

  @Override
  public <R> R accept(LayerSpecVisitor<R> visitor) {
    return visitor.visitDropout(this);
  }
}
