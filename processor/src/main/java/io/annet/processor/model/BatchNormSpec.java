package io.annet.processor.model;

import io.annet.dsl.Activation;

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

  /** The canonical text; the activation only when set, so older checkpoints still match. */
  @Override
  public String canonical() {
    return "@BatchNorm(momentum=" + momentum + ", epsilon=" + epsilon
        + (activation == Activation.IDENTITY ? "" : ", activation=" + activation) + ")";
  }

  @Override
  public BatchNormSpec withName(String name) {
    return new BatchNormSpec(name, momentum, epsilon, activation);
  }

  @Override
  public <R> R accept(LayerSpecVisitor<R> visitor) {
    return visitor.visitBatchNorm(this);
  }
}
