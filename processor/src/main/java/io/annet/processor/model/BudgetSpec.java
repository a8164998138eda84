package io.annet.processor.model;

/** A parsed {@code @Budget}; {@code Long.MAX_VALUE} means no limit. */
public record BudgetSpec(long maxParameters, long maxMacs, long maxActivationBytes) {
  /** No limits at all. */
  public static final BudgetSpec NONE =
      new BudgetSpec(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);
}
