package io.annet.processor.diag;

import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * Collects every problem of one model, each anchored on the narrowest span javac can point at
 * (element, annotation, annotation value), and prints them all at once: collect, don't throw.
 */
public final class DiagnosticReport {

  /**
   * One collected problem.
   *
   * @param message the catalogue entry (tag and severity)
   * @param text the message text without the tag
   * @param element the element it is reported on
   * @param annotation the annotation on {@code element}, or null
   * @param value the annotation value inside {@code annotation}, or null
   */
  public record Item(
      Message message,
      String text,
      Element element,
      AnnotationMirror annotation,
      AnnotationValue value) {

    /** What the user reads: the tag followed by the text. */
    public String render() {
      return message.tagged(text);
    }
  }

  private final List<Item> items = new ArrayList<>();

  /** Adds a problem reported on the whole element. */
  public void add(Message message, String text, Element element) {
    add(message, text, element, null, null);
  }

  /**
   * Adds a problem reported on an annotation, or on one of its values when {@code value} is set.
   */
  public void add(
      Message message,
      String text,
      Element element,
      AnnotationMirror annotation,
      AnnotationValue value) {
    items.add(new Item(message, text, element, annotation, annotation == null ? null : value));
  }

  /** The problems collected so far, in order. */
  public List<Item> items() {
    return List.copyOf(items);
  }

  /** Whether any collected problem is an error. */
  public boolean hasErrors() {
    return items.stream().anyMatch(i -> i.message().severity() == Severity.ERROR);
  }

  /**
   * Prints every collected problem with the five-argument {@link Messager#printMessage}, except
   * the warnings suppressed where they are reported (see {@link Suppressions}).
   */
  public void printTo(Messager messager) {
    for (Item item : items) {
      if (item.message().severity() == Severity.WARNING
          && item.element() != null
          && Suppressions.suppressed(item.element(), item.message())) {
        continue;
      }
      Diagnostic.Kind kind =
          item.message().severity() == Severity.ERROR
              ? Diagnostic.Kind.ERROR
              : Diagnostic.Kind.WARNING;
      messager.printMessage(kind, item.render(), item.element(), item.annotation(), item.value());
    }
  }
}
