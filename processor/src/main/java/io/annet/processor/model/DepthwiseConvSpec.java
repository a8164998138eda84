package io.annet.processor.model;

import io.annet.dsl.Activation;
import io.annet.dsl.Window;

/** A parsed {@code @DepthwiseConv}. */
public record DepthwiseConvSpec(
    String name, int multiplier, Window window, Activation activation, boolean bias)
    implements LayerSpec, WindowedSpec {
  @Override
  public String kind() {
    return "DepthwiseConv";
  }

  @Override
  public String canonical() {
    return "@DepthwiseConv(multiplier=" + multiplier + ", window=" + window + ", activation="
        + activation + ", bias=" + bias + ")";
  }

  @Override
  public DepthwiseConvSpec withName(String name) {
    return new DepthwiseConvSpec(name, multiplier, window, activation, bias);
  }

  @Override
  public <R> R accept(LayerSpecVisitor<R> visitor) {
    return visitor.visitDepthwiseConv(this);
  }
}
