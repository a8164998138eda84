package io.annet.examples.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendPosition;

/** Draws {@code annet transfer}'s result: test accuracy against labelled examples per class. */
final class TransferChart {
  private TransferChart() {}

  /**
   * Writes the chart of {@code rows} (examples per class on a log axis) as a PNG file; {@code
   * transferLabel} names the transfer curve.
   */
  static void write(List<TransferJob.Row> rows, String transferLabel, Path file)
      throws IOException {
    XYChart chart = new XYChartBuilder().width(800).height(500)
        .title("Digits 5-9: a new head on a backbone trained on digits 0-4")
        .xAxisTitle("labelled examples per class (log scale)").yAxisTitle("test accuracy (%)")
        .build();
    chart.getStyler().setLegendPosition(LegendPosition.InsideSE);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotBackgroundColor(Color.WHITE);
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setMarkerSize(8);
    chart.getStyler().setAntiAlias(true);
    double[] x = new double[rows.size()];
    double[] transfer = new double[rows.size()];
    double[] scratch = new double[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      TransferJob.Row r = rows.get(i);
      x[i] = r.perClass() > 0 ? r.perClass() : r.examples() / 5.0;
      transfer[i] = 100 * r.transfer();
      scratch[i] = 100 * r.scratch();
    }
    style(chart.addSeries(transferLabel, x, transfer), new Color(31, 119, 180));
    style(chart.addSeries("same network from scratch", x, scratch), new Color(214, 39, 40));
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  private static void style(XYSeries series, Color color) {
    series.setLineColor(color);
    series.setMarkerColor(color);
    series.setLineStyle(new BasicStroke(2f));
  }
}
