package io.annet.processor.model;

import io.annet.dsl.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A parsed {@code @BatchNorm}, with the activation after the normalisation (IDENTITY: none). */
public record BatchNormSpec(String name, double momentum, double epsilon, Activation activation)
    implements LayerSpec {

  /** Without an activation, as before {@code @BatchNorm(activation)} existed. */
  public BatchNormSpec(String name, double momentum, double epsilon) {
    this(name, momentum, epsilon, Activation.IDENTITY);
  }

  @Override
  public String kind() {
    return "BatchNorm";
  }

  /** The activation only when set, so that older checkpoints' canonical text still matches. */
  @Override
  public boolean drawsFromInitializer() {
    return false;
  }

  @Override
  public List<Map.Entry<String, Object>> attributes() {
    List<Map.Entry<String, Object>> a =
        new ArrayList<>(List.of(Map.entry("momentum", momentum), Map.entry("epsilon", epsilon)));
    if (activation != Activation.IDENTITY) {
      a.add(Map.entry("activation", activation));
    }
    return a;
  }

  @Override
  public BatchNormSpec withName(String name) {
    return new BatchNormSpec(name, momentum, epsilon, activation);
  }

  @Override
  public <R> R accept(LayerSpec.Visitor<R> visitor) {
    return visitor.visitBatchNorm(this);
  }
}
