package io.annet.processor.shape;

import io.annet.dsl.Activation;
import io.annet.dsl.Window;
import io.annet.processor.model.AddSpec;
import io.annet.processor.model.AvgPoolSpec;
import io.annet.processor.model.BatchNormSpec;
import io.annet.processor.model.ConcatSpec;
import io.annet.processor.model.ConvSpec;
import io.annet.processor.model.DenseSpec;
import io.annet.processor.model.DepthwiseConvSpec;
import io.annet.processor.model.DropoutSpec;
import io.annet.processor.model.FlattenSpec;
import io.annet.processor.model.GlobalAvgPoolSpec;
import io.annet.processor.model.GlobalMaxPoolSpec;
import io.annet.processor.model.LayerSpec;
import io.annet.processor.model.LayerSpecVisitor;
import io.annet.processor.model.MaxPoolSpec;
import io.annet.processor.model.MlpConvSpec;
import io.annet.processor.model.Shape;
import io.annet.processor.model.SoftmaxSpec;
import java.util.List;
import java.util.Locale;

/**
 * Renders layers and the shape table of a model for diagnostics, the way a user would write them.
 */
public final class TableText {

  private TableText() {}

  /** A layer as short annotation text, e.g. {@code @MaxPool(kernel = 3, stride = 2)}. */
  public static String describe(LayerSpec layer) {
    return layer.accept(DESCRIBE);
  }

  private static final LayerSpecVisitor<String> DESCRIBE =
      new LayerSpecVisitor<>() {
        @Override
        public String visitConv(ConvSpec c) {
          return "@Conv(filters = " + c.filters() + ", " + window(c.window()) + ")";
        }

        @Override
        public String visitMlpConv(MlpConvSpec m) {
          return "@MlpConv(filters = " + braces(m.filters()) + ", " + window(m.window()) + ")";
        }

        @Override
        public String visitMaxPool(MaxPoolSpec p) {
          return "@MaxPool(" + window(p.window()) + ")";
        }

        @Override
        public String visitAvgPool(AvgPoolSpec p) {
          return "@AvgPool(" + window(p.window()) + ")";
        }

        @Override
        public String visitGlobalAvgPool(GlobalAvgPoolSpec g) {
          return "@GlobalAvgPool";
        }

        @Override
        public String visitGlobalMaxPool(GlobalMaxPoolSpec g) {
          return "@GlobalMaxPool";
        }

        @Override
        public String visitFlatten(FlattenSpec f) {
          return "@Flatten";
        }

        @Override
        public String visitDense(DenseSpec d) {
          return "@Dense(units = " + d.units() + ")";
        }

        @Override
        public String visitDropout(DropoutSpec d) {
          return "@Dropout(rate = " + d.rate() + ")";
        }

        @Override
        public String visitBatchNorm(BatchNormSpec b) {
          return b.activation() == Activation.IDENTITY
              ? "@BatchNorm"
              : "@BatchNorm(activation = " + b.activation() + ")";
        }

        @Override
        public String visitSoftmax(SoftmaxSpec s) {
          return "@Softmax";
        }

        @Override
        public String visitConcat(ConcatSpec c) {
          return "@Concat";
        }

        @Override
        public String visitAdd(AddSpec a) {
          return a.activation() == Activation.IDENTITY
              ? "@Add"
              : "@Add(activation = " + a.activation() + ")";
        }

        @Override
        public String visitDepthwiseConv(DepthwiseConvSpec d) {
          return "@DepthwiseConv(multiplier = " + d.multiplier() + ", " + window(d.window()) + ")";
        }
      };

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

  private static String braces(List<Integer> values) {
    String s = values.toString();
    return "{" + s.substring(1, s.length() - 1) + "}";
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
