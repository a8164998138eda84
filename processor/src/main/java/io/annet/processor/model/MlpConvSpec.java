package io.annet.processor.model;

import io.annet.dsl.Activation;
import io.annet.dsl.Window;
import java.util.List;
import java.util.Map;

/** A parsed {@code @MlpConv}: the window applies to the first convolution, the rest are 1x1. */
public record MlpConvSpec(String name, List<Integer> filters, Window window, Activation activation)
    implements LayerSpec, WindowedSpec {
  public MlpConvSpec {
    filters = List.copyOf(filters);
  }

  @Override
  public String kind() {
    return "MlpConv";
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
        Map.entry("activation", activation));
  }

  @Override
  public MlpConvSpec withName(String name) {
    return new MlpConvSpec(name, filters, window, activation);
  }

  @Override
  public <R> R accept(LayerSpec.Visitor<R> visitor) {
    return visitor.visitMlpConv(this);
  }
}
