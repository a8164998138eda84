package io.annet.processor.model;

import java.util.List;
import java.util.Map;

/** A parsed {@code @Concat}: channel concatenation of two or more maps, in input order. */
public record ConcatSpec(String name) implements LayerSpec {
  @Override
  public String kind() {
    return "Concat";
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
  public ConcatSpec withName(String name) {
    return new ConcatSpec(name);
  }

  @Override
  public <R> R accept(LayerSpec.Visitor<R> visitor) {
    return visitor.visitConcat(this);
  }
}
