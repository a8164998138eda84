package io.annet.processor.model;

import io.annet.dsl.Activation;

/** A parsed {@code @Dense}. */
public record DenseSpec(String name, int units, Activation activation, boolean bias)
    implements LayerSpec {
  @Override
  public String kind() {
    return "Dense";
  }

  @Override
  public String canonical() {
    return "@Dense(units=" + units + ", activation=" + activation + ", bias=" + bias + ")";
  }

  @Override
  public DenseSpec withName(String name) {
    return new DenseSpec(name, units, activation, bias);
  }

  @Override
  public <R> R accept(LayerSpecVisitor<R> visitor) {
    return visitor.visitDense(this);
  }
}
