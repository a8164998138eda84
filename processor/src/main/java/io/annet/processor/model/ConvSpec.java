package io.annet.processor.model;

import io.annet.dsl.Activation;
import io.annet.dsl.Window;
import java.util.List;
import java.util.Map;

/** A parsed {@code @Conv}. */
public record ConvSpec(String name, int filters, Window window, Activation activation, boolean bias)
    implements LayerSpec, WindowedSpec {
  @Override
  public String kind() {
    return "Conv";
  }

  @Override
  public boolean drawsFromInitializer() {
    return true;
  }

  @Override
  public List<Map.Entry<String, Object>> attributes() {
    return List.of(
        Map.entry("filters", filters),
        Map.entry("window", window),
        Map.entry("activation", activation),
        Map.entry("bias", bias));
  }

  @Override
  public ConvSpec withName(String name) {
    return new ConvSpec(name, filters, window, activation, bias);
  }

  @Override
  public <R> R accept(LayerSpec.Visitor<R> visitor) {
    return visitor.visitConv(this);
  }
}
