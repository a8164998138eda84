package io.annet.processor.model;

import io.annet.dsl.Activation;
import io.annet.dsl.Window;

/** A parsed {@code @Conv}. */
public record ConvSpec(String name, int filters, Window window, Activation activation, boolean bias)
    implements LayerSpec, WindowedSpec {
  @Override
  public String kind() {
    return "Conv";
  }

  @Override
  public String canonical() {
    return "@Conv(filters=" + filters + ", window=" + window + ", activation=" + activation
        + ", bias=" + bias + ")";
  }

  @Override
  public ConvSpec withName(String name) {
    return new ConvSpec(name, filters, window, activation, bias);
  }

  @Override
  public <R> R accept(LayerSpecVisitor<R> visitor) {
    return visitor.visitConv(this);
  }
}
