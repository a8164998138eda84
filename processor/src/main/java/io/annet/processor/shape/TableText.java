package io.annet.processor.shape;

import io.annet.dsl.Window;
import io.annet.processor.model.LayerSpec;
import io.annet.processor.model.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Renders layers and the shape table of a model for diagnostics, the way a user would write them.
 */
public final class TableText {

  private TableText() {}

  /**
   * The settings that do not change a layer's output shape, left out of {@link #describe}: what
   * follows the shape arithmetic (the activation, the bias) or the training (batch statistics).
   */
  private static final Set<String> SHAPE_NEUTRAL = Set.of("activation", "bias", "momentum",
      "epsilon");

  /**
   * A layer as short annotation text, e.g. {@code @MaxPool(kernel = 3, stride = 2)}: the settings
   * of {@link LayerSpec#attributes()} that decide the shape, written as a user writes them (a
   * window as its {@code kernel}, {@code stride} and {@code padding}). Derived, like {@link
   * LayerSpec#canonical()}, from the attributes: a kind writes its rendering once.
   */
  public static String describe(LayerSpec layer) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, Object> a : layer.attributes()) {
      Object value = a.getValue();
      if (SHAPE_NEUTRAL.contains(a.getKey())) {
        continue;
      }
      if (value instanceof Window w) {
        parts.add(window(w));
      } else if (value instanceof List<?> list) {
        String text = list.toString();
        parts.add(a.getKey() + " = {" + text.substring(1, text.length() - 1) + "}");
      } else {
        parts.add(a.getKey() + " = " + value);
      }
    }
    return "@" + layer.kind() + (parts.isEmpty() ? "" : "(" + String.join(", ", parts) + ")");
  }

  /** Kernel, stride and padding as annotation attributes, e.g. {@code kernel = 3, stride = 2}. */
  public static String window(Window w) {
    StringBuilder b =
        new StringBuilder("kernel = ").append(pair(w.kernelHeight(), w.kernelWidth()));
    if (w.strideHeight() != 1 || w.strideWidth() != 1) {
      b.append(", stride = ").append(pair(w.strideHeight(), w.strideWidth()));
    }
    if (w.same()) {
      b.append(", same = true");
    } else if (w.paddingHeight() != 0 || w.paddingWidth() != 0) {
      b.append(", padding = ").append(pair(w.paddingHeight(), w.paddingWidth()));
    }
    return b.toString();
  }

  /** {@code 3} for a square value, {@code {1, 7}} otherwise. */
  public static String pair(int height, int width) {
    return height == width ? Integer.toString(height) : "{" + height + ", " + width + "}";
  }

  /**
   * The shape table up to a layer: one line for the input, one per inferred row, and, when {@code
   * failing} is set, a last line for the failing layer marked {@code <- here}.
   *
   * @param input the model input
   * @param rows the rows inferred so far
   * @param failing the layer that failed, or null when every row is complete
   * @param markIndex index into {@code rows} to mark with {@code <- here}, or -1
   */
  public static String table(Shape input, List<LayerRow> rows, LayerSpec failing, int markIndex) {
    int nameWidth = "input".length();
    int descWidth = 1; // "%-0s" is not a valid format: no rows and no failing layer leave it at 1
    for (LayerRow r : rows) {
      nameWidth = Math.max(nameWidth, r.layer().name().length());
      descWidth = Math.max(descWidth, describe(r.layer()).length());
    }
    if (failing != null) {
      nameWidth = Math.max(nameWidth, failing.name().length());
      descWidth = Math.max(descWidth, describe(failing).length());
    }
    StringBuilder b = new StringBuilder();
    String format = "%n  %-" + nameWidth + "s  %-" + descWidth + "s";
    b.append(String.format(Locale.ROOT, format, "input", "")).append("   ").append(input);
    for (int i = 0; i < rows.size(); i++) {
      LayerRow r = rows.get(i);
      b.append(String.format(Locale.ROOT, format, r.layer().name(), describe(r.layer())))
          .append(" -> ")
          .append(r.output())
          .append(String.format(Locale.ROOT, "  %,d params", r.parameters()));
      if (i == markIndex) {
        b.append("  <- here");
      }
    }
    if (failing != null) {
      b.append(String.format(Locale.ROOT, format, failing.name(), describe(failing)))
          .append(" <- here");
    }
    return b.toString().replace("\r", "").replace(System.lineSeparator(), "\n");
  }
}
