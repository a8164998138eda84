package io.annet.processor.model;

import java.util.List;
import java.util.Map;

/** A parsed {@code @Softmax}. */
public record SoftmaxSpec(String name) implements LayerSpec {
  @Override
  public String kind() {
    return "Softmax";
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
  public SoftmaxSpec withName(String name) {
    return new SoftmaxSpec(name);
  }

  @Override
  public <R> R accept(LayerSpec.Visitor<R> visitor) {
    return visitor.visitSoftmax(this);
  }
}
