package io.annet.processor.model;

import java.util.List;
import java.util.Map;

/** A parsed {@code @Dropout}. */
public record DropoutSpec(String name, double rate) implements LayerSpec {
  @Override
  public String kind() {
    return "Dropout";
  }

  @Override
  public boolean drawsFromInitializer() {
    return true;
  }

  @Override
  public List<Map.Entry<String, Object>> attributes() {
    return List.of(Map.entry("rate", rate));
  }

  @Override
  public DropoutSpec withName(String name) {
    return new DropoutSpec(name, rate);
  }

  @Override
  public <R> R accept(LayerSpec.Visitor<R> visitor) {
    return visitor.visitDropout(this);
  }
}
