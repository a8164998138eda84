package io.annet.processor.shape;

import io.annet.dsl.Window;
import io.annet.processor.diag.Message;
import io.annet.processor.model.LayerSpec;
import io.annet.processor.model.ModelSpec;
import io.annet.processor.model.Shape;
import io.annet.processor.model.WindowedSpec;
import io.annet.processor.shape.ShapeProblem.Anchor;
import java.util.List;

/** The output shape of a window slid over a map, reporting a window that misfits or drops input. */
final class WindowedOutput {
  private final ModelSpec model;
  private final List<LayerRow> rows;
  private final List<ShapeProblem> problems;

  WindowedOutput(ModelSpec model, List<LayerRow> rows, List<ShapeProblem> problems) {
    this.model = model;
    this.rows = rows;
    this.problems = problems;
  }

  /** Whether {@code in} is a map, reporting {@code [annet.needs-map]} when it is not. */
  boolean needsMap(int i, LayerSpec layer, Shape in) {
    if (in.isMap()) {
      return true;
    }
    String what = layer.name() + " " + TableText.describe(layer);
    problems.add(
        new ShapeProblem(
            Message.NEEDS_MAP,
            Message.NEEDS_MAP.format(what, in) + table(layer),
            Anchor.layer(i, null)));
    return false;
  }

  /**
   * The {@code channels x oh x ow} output of a window slid over {@code in}, or null (reported)
   * when the input is no map or the window does not fit.
   */
  Shape windowed(int i, WindowedSpec layer, Shape in, int channels) {
    if (!needsMap(i, layer, in)) {
      return null;
    }
    Window w = layer.window();
    if (!w.same()
        && ((long) in.height() + 2L * w.paddingHeight() > Integer.MAX_VALUE
            || (long) in.width() + 2L * w.paddingWidth() > Integer.MAX_VALUE)) {
      String what = layer.name() + " " + TableText.describe(layer);
      long padded =
          Costs.mul(
              Costs.mul(in.channels(), (long) in.height() + 2L * w.paddingHeight()),
              (long) in.width() + 2L * w.paddingWidth());
      String text =
          Message.TOO_LARGE.format(
              what,
              Costs.text(padded),
              0,
              "a padded map has at most 2,147,483,647 rows and columns, as ND4J indexes them"
                  + " with ints");
      problems.add(
          new ShapeProblem(Message.TOO_LARGE, text + table(layer), Anchor.layer(i, "padding")));
      return null;
    }
    int oh = w.outputHeight(in.height());
    int ow = w.outputWidth(in.width());
    if (w.same() && oh >= 1 && ow >= 1 && !sameExpressible(i, layer, in, w)) {
      return null;
    }
    if (oh < 1 || ow < 1) {
      boolean rows = oh < 1;
      String what = layer.name() + " " + TableText.describe(layer);
      int size = rows ? in.height() : in.width();
      int k = rows ? w.kernelHeight() : w.kernelWidth();
      int p = rows ? w.paddingHeight() : w.paddingWidth();
      int s = rows ? w.strideHeight() : w.strideWidth();
      String text =
          Message.KERNEL_TOO_LARGE.format(
              what, in, rows ? "height" : "width", k, size + 2L * p, size, p, s, rows ? oh : ow);
      problems.add(
          new ShapeProblem(
              Message.KERNEL_TOO_LARGE, text + table(layer), Anchor.layer(i, "kernel")));
      return null;
    }
    dropWarning(
        i,
        layer,
        in,
        in.height(),
        w.kernelHeight(),
        w.strideHeight(),
        w.paddingHeight(),
        w.same(),
        "row");
    boolean square =
        in.height() == in.width()
            && w.kernelHeight() == w.kernelWidth()
            && w.strideHeight() == w.strideWidth()
            && w.paddingHeight() == w.paddingWidth();
    if (!square) {
      dropWarning(
          i,
          layer,
          in,
          in.width(),
          w.kernelWidth(),
          w.strideWidth(),
          w.paddingWidth(),
          w.same(),
          "column");
    }
    return Shape.map(channels, oh, ow);
  }

  /**
   * The runtime backend expresses SAME as explicit padding when both padding totals are even,
   * else by its own SAME mode, which shifts the windows when a kernel is 2 or more smaller than
   * its stride: that one combination is rejected here rather than at run time.
   */
  private boolean sameExpressible(int i, LayerSpec layer, Shape in, Window w) {
    int th = Window.samePaddingTotal(in.height(), w.kernelHeight(), w.strideHeight());
    int tw = Window.samePaddingTotal(in.width(), w.kernelWidth(), w.strideWidth());
    long rawH =
        (w.outputHeight(in.height()) - 1L) * w.strideHeight() + w.kernelHeight() - in.height();
    long rawW =
        (w.outputWidth(in.width()) - 1L) * w.strideWidth() + w.kernelWidth() - in.width();
    if ((th % 2 == 0 && tw % 2 == 0) || (rawH >= -1 && rawW >= -1)) {
      return true;
    }
    String odd = th % 2 != 0 ? "height " + th : "width " + tw;
    String small =
        rawH < -1
            ? "height: kernel " + w.kernelHeight() + ", stride " + w.strideHeight()
            : "width: kernel " + w.kernelWidth() + ", stride " + w.strideWidth();
    String what = layer.name() + " " + TableText.describe(layer);
    String text =
        Message.SAME_PADDING.format(what, in, odd, small);
    problems.add(
        new ShapeProblem(Message.SAME_PADDING, text + table(layer), Anchor.layer(i, "same")));
    return false;
  }

  private void dropWarning(
      int i,
      LayerSpec layer,
      Shape in,
      int size,
      int k,
      int s,
      int p,
      boolean same,
      String unit) {
    int leftover = Window.droppedInput(size, k, s, p, same);
    if (leftover - p <= 0) {
      return;
    }
    String fix = "same = true";
    // q = s - 1 always leaves only padding over, so the smallest fix is at most that.
    int last = (int) Math.min(Math.min(k - 1L, s - 1L), p + 64L);
    for (int q = p + 1; q <= last; q++) {
      if (Window.droppedInput(size, k, s, q, false) - q <= 0) {
        fix = "Padding " + q + " or same = true";
        break;
      }
    }
    String what = layer.name() + " " + TableText.describe(layer);
    int dropped = leftover - p;
    String text =
        Message.STRIDE_DROPS_INPUT.format(
            what,
            in,
            dropped,
            dropped == 1 ? unit : unit + "s",
            size,
            p,
            k,
            s,
            leftover,
            fix,
            unit);
    problems.add(
        new ShapeProblem(
            Message.STRIDE_DROPS_INPUT, text + table(layer), Anchor.layer(i, "stride")));
  }

  private String table(LayerSpec failing) {
    return TableText.table(model.input(), rows, failing, -1);
  }
}
