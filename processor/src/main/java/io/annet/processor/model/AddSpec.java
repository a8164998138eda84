package io.annet.processor.model;

import io.annet.dsl.Activation;
import java.util.List;
import java.util.Map;

/** A parsed {@code @Add}: element-wise sum of two or more equal shapes, then the activation. */
public record AddSpec(String name, Activation activation) implements LayerSpec {
  @Override
  public String kind() {
    return "Add";
  }

  @Override
  public boolean drawsFromInitializer() {
    return false;
  }

  @Override
  public List<Map.Entry<String, Object>> attributes() {
    return List.of(Map.entry("activation", activation));
  }

  @Override
  public AddSpec withName(String name) {
    return new AddSpec(name, activation);
  }

  @Override
  public <R> R accept(LayerSpec.Visitor<R> visitor) {
    return visitor.visitAdd(this);
  }
}
