package io.annet.processor.model;

import java.util.List;
import java.util.Map;

/** A parsed {@code @Flatten}. */
public record FlattenSpec(String name) implements LayerSpec {
  @Override
  public String kind() {
    return "Flatten";
  }

  @Override
  public boolean drawsFromInitializer() {
    return false;
  }

  @Override
  public List<Map.Entry<String, Object>> attributes() {
    return List.of();
  }

  @Override
  public FlattenSpec withName(String name) {
    return new FlattenSpec(name);
  }

  @Override
  public <R> R accept(LayerSpec.Visitor<R> visitor) {
    return visitor.visitFlatten(this);
  }
}
