package io.annet.processor.model;

import io.annet.dsl.Activation;
import java.util.List;
import java.util.Map;

/** A parsed {@code @Dense}. */
public record DenseSpec(String name, int units, Activation activation, boolean bias)
    implements LayerSpec {
  @Override
  public String kind() {
    return "Dense";
  }

  @Override
  public boolean drawsFromInitializer() {
    return true;
  }

  @Override
  public List<Map.Entry<String, Object>> attributes() {
    return List.of(
        Map.entry("units", units), Map.entry("activation", activation), Map.entry("bias", bias));
  }

  @Override
  public DenseSpec withName(String name) {
    return new DenseSpec(name, units, activation, bias);
  }

  @Override
  public <R> R accept(LayerSpec.Visitor<R> visitor) {
    return visitor.visitDense(this);
  }
}
