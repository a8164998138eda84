package io.annet.processor.model;

/** A parsed {@code @Softmax}. */
public record SoftmaxSpec(String name) implements LayerSpec {
  @Override
  public String kind() {
    return "Softmax";
  }

  @Override
  public String canonical() {
    return "@Softmax";
  }

  @Override
  public SoftmaxSpec withName(String name) {
    return new SoftmaxSpec(name);
  }

  @Override
  public <R> R accept(LayerSpecVisitor<R> visitor) {
    return visitor.visitSoftmax(this);
  }
}
