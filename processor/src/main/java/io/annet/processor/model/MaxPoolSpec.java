package io.annet.processor.model;

import io.annet.dsl.Window;
import java.util.List;
import java.util.Map;

/** A parsed {@code @MaxPool}; the stride already defaults to the kernel. */
public record MaxPoolSpec(String name, Window window) implements LayerSpec, WindowedSpec {
  @Override
  public String kind() {
    return "MaxPool";
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
  public MaxPoolSpec withName(String name) {
    return new MaxPoolSpec(name, window);
  }

  @Override
  public <R> R accept(LayerSpec.Visitor<R> visitor) {
    return visitor.visitMaxPool(this);
  }
}
