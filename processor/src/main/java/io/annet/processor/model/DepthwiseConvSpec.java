package io.annet.processor.model;

import io.annet.dsl.Activation;
import io.annet.dsl.Window;
import java.util.List;
import java.util.Map;

/** A parsed {@code @DepthwiseConv}. */
public record DepthwiseConvSpec(
    String name, int multiplier, Window window, Activation activation, boolean bias)
    implements LayerSpec, WindowedSpec {
  @Override
  public String kind() {
    return "DepthwiseConv";
  }

  @Override
  public boolean drawsFromInitializer() {
    return true;
  }

  @Override
  public List<Map.Entry<String, Object>> attributes() {
    return List.of(
        Map.entry("multiplier", multiplier),
        Map.entry("window", window),
        Map.entry("activation", activation),
        Map.entry("bias", bias));
  }

  @Override
  public DepthwiseConvSpec withName(String name) {
    return new DepthwiseConvSpec(name, multiplier, window, activation, bias);
  }

  @Override
  public <R> R accept(LayerSpec.Visitor<R> visitor) {
    return visitor.visitDepthwiseConv(this);
  }
}
