package io.annet.examples.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendPosition;

/** Draws the training curves of several runs: loss (left) and test accuracy (right) per epoch. */
public final class CurvesChart {
  /** Width of the whole picture in pixels. */
  public static final int WIDTH = 1200;

  /** Height of the whole picture in pixels. */
  public static final int HEIGHT = 450;

  private static final Color[] COLORS = {
    new Color(31, 119, 180),
    new Color(214, 39, 40),
    new Color(44, 160, 44),
    new Color(148, 103, 189)
  };
  private static final BasicStroke SOLID = new BasicStroke(2f);
  private static final BasicStroke DASHED =
      new BasicStroke(
          2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);

  private CurvesChart() {}

  /** Renders both charts side by side into one image. */
  public static BufferedImage render(List<Curve> curves) {
    if (curves.isEmpty() || curves.stream().anyMatch(c -> c.size() == 0)) {
      throw new IllegalArgumentException("curves: expected at least one epoch per run, found none");
    }
    XYChart loss = chart("Loss per epoch", "cross-entropy", LegendPosition.InsideNE);
    XYChart accuracy = chart("Test accuracy per epoch", "accuracy (%)", LegendPosition.InsideSE);
    for (int i = 0; i < curves.size(); i++) {
      Curve c = curves.get(i);
      Color color = COLORS[i % COLORS.length];
      style(loss.addSeries(c.model() + " train", c.epochNumbers(), c.trainLoss()), color, SOLID);
      style(loss.addSeries(c.model() + " test", c.epochNumbers(), c.testLoss()), color, DASHED);
      double[] percent = c.testAccuracy().clone();
      for (int e = 0; e < percent.length; e++) {
        percent[e] *= 100;
      }
      style(accuracy.addSeries(c.model(), c.epochNumbers(), percent), color, SOLID);
    }
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.drawImage(BitmapEncoder.getBufferedImage(loss), 0, 0, null);
      g.drawImage(BitmapEncoder.getBufferedImage(accuracy), WIDTH / 2, 0, null);
    } finally {
      g.dispose();
    }
    return image;
  }

  /** Renders the curves and writes them as a PNG file, creating parent directories. */
  public static void write(List<Curve> curves, Path file) throws IOException {
    BufferedImage image = render(curves);
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (!ImageIO.write(image, "png", file.toFile())) {
      throw new IOException("no PNG writer available for " + file);
    }
  }

  private static XYChart chart(String title, String yTitle, LegendPosition legend) {
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH / 2)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle("epoch")
            .yAxisTitle(yTitle)
            .build();
    chart.getStyler().setLegendPosition(legend);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotBackgroundColor(Color.WHITE);
    chart.getStyler().setMarkerSize(6);
    chart.getStyler().setXAxisDecimalPattern("0");
    chart.getStyler().setAntiAlias(true);
    return chart;
  }

  private static void style(XYSeries series, Color color, BasicStroke stroke) {
    series.setLineColor(color);
    series.setMarkerColor(color);
    series.setLineStyle(stroke);
  }
}
