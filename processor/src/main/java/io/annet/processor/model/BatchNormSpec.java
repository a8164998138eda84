package io.annet.processor.model;

/** A parsed {@code @BatchNorm}. */
public record BatchNormSpec(String name, double momentum, double epsilon) implements LayerSpec {
  @Override
  public String kind() {
    return "BatchNorm";
  }

  @Override
  public String canonical() {
    return "@BatchNorm(momentum=" + momentum + ", epsilon=" + epsilon + ")";
  }
}
