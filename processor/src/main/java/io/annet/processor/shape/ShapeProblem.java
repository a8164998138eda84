package io.annet.processor.shape;

import io.annet.processor.diag.Message;
import io.annet.processor.diag.Severity;

/**
 * A problem found by the shape phase, in pure Java: the catalogue entry, the full text (without the
 * tag) and where it belongs, so the processor can anchor it on the narrowest source span.
 *
 * @param message the catalogue entry: tag and severity
 * @param text the message text, possibly followed by the shape table
 * @param anchor what the problem is about
 */
public record ShapeProblem(Message message, String text, Anchor anchor) {

  /** The part of a model a problem is reported on. */
  public enum Target {
    /** The {@code @Model} annotation; attributes {@code classes}, {@code input.channels}, ... */
    MODEL,
    /** The {@code @Budget} annotation; attributes {@code maxParameters}, ... */
    BUDGET,
    /** One layer annotation; attributes such as {@code kernel}. */
    LAYER,
    /** One block use ({@code @Use} method, or the model's backbone/head): index of the use. */
    USE
  }

  /**
   * Where a problem points.
   *
   * @param target the annotation
   * @param layer the layer index for {@link Target#LAYER}, otherwise -1
   * @param attribute the annotation attribute, or null for the whole annotation
   */
  public record Anchor(Target target, int layer, String attribute) {

    /** An attribute (or, with null, the whole annotation) of layer {@code index}. */
    public static Anchor layer(int index, String attribute) {
      return new Anchor(Target.LAYER, index, attribute);
    }

    /**
     * Block use {@code index}; {@code attribute} names the {@code @Model} attribute ({@code
     * backbone}, {@code head}) when the block is the model's.
     */
    public static Anchor use(int index, String attribute) {
      return new Anchor(Target.USE, index, attribute);
    }

    /** An attribute of {@code @Model}, such as {@code classes} or {@code input.height}. */
    public static Anchor model(String attribute) {
      return new Anchor(Target.MODEL, -1, attribute);
    }

    /** An attribute of {@code @Budget}. */
    public static Anchor budget(String attribute) {
      return new Anchor(Target.BUDGET, -1, attribute);
    }
  }

  /** Whether this problem stops code generation. */
  public boolean isError() {
    return message.severity() == Severity.ERROR;
  }

  /** The tag followed by the text, as the user reads it. */
  public String render() {
    return message.tagged(text);
  }
}
