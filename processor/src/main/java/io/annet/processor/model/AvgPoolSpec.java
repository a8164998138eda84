package io.annet.processor.model;

import io.annet.dsl.Window;
import java.util.List;
import java.util.Map;

/** A parsed {@code @AvgPool}; the stride already defaults to the kernel. */
public record AvgPoolSpec(String name, Window window) implements LayerSpec, WindowedSpec {
  @Override
  public String kind() {
    return "AvgPool";
  }

  @Override
  public boolean pools() {
    return true;
  }

  @Override
  public boolean drawsFromInitializer() {
    return false;
  }

  @Override
  public List<Map.Entry<String, Object>> attributes() {
    return List.of(Map.entry("window", window));
  }

  @Override
  public AvgPoolSpec withName(String name) {
    return new AvgPoolSpec(name, window);
  }

  @Override
  public <R> R accept(LayerSpec.Visitor<R> visitor) {
    return visitor.visitAvgPool(this);
  }
}
