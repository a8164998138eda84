package io.annet.processor.model;

import java.util.List;
import java.util.Map;

/** A parsed {@code @GlobalMaxPool}. */
public record GlobalMaxPoolSpec(String name) implements LayerSpec {
  @Override
  public String kind() {
    return "GlobalMaxPool";
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
  public GlobalMaxPoolSpec withName(String name) {
    return new GlobalMaxPoolSpec(name);
  }

  @Override
  public <R> R accept(LayerSpec.Visitor<R> visitor) {
    return visitor.visitGlobalMaxPool(this);
  }
}
