package io.annet.processor.model;

import java.util.List;
import java.util.Map;

/** A parsed {@code @GlobalAvgPool}. */
public record GlobalAvgPoolSpec(String name) implements LayerSpec {
  @Override
  public String kind() {
    return "GlobalAvgPool";
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
  public GlobalAvgPoolSpec withName(String name) {
    return new GlobalAvgPoolSpec(name);
  }

  @Override
  public <R> R accept(LayerSpec.Visitor<R> visitor) {
    return visitor.visitGlobalAvgPool(this);
  }
}
