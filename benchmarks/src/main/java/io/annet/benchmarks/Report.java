package io.annet.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/** Writes a run's {@link Results} as a markdown report and a bar chart. */
final class Report {
  private Report() {}

  /** The markdown text: context, throughput, latency, ratios and hardware use. */
  static String markdown(Results r) {
    StringBuilder md = new StringBuilder("# Annet benchmark\n\n");
    for (Map.Entry<String, String> e : r.context.entrySet()) {
      md.append("- ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
    }
    for (Framework f : r.frameworks) {
      md.append("- ")
          .append(f.label())
          .append(": ")
          .append(r.environments.getOrDefault(f, "not started"))
          .append('\n');
    }
    if (!Double.isNaN(r.peakGflops)) {
      md.append("- fp32 peak, measured: ")
          .append(number(r.peakGflops))
          .append(" GFLOP/s (")
          .append(r.peakProbe.isEmpty() ? "large SGEMM" : r.peakProbe)
          .append(")\n");
    }
    md.append("\n## Throughput, images/s (median)\n\n");
    List<String> header = new ArrayList<>(List.of("workload"));
    r.frameworks.forEach(f -> header.add(f.label()));
    header.add("SGEMM bound");
    row(md, header);
    separator(md, header.size());
    for (Workload w : r.workloads) {
      List<String> cells = new ArrayList<>(List.of(w.label()));
      for (Framework f : r.frameworks) {
        Stats s = r.stats(w, f);
        cells.add(
            !f.runs(w) ? NOT_RUN : s == null ? "n/a" : number(s.imagesPerSecond(w.batch())));
      }
      cells.add(number(r.boundImagesPerSecond(w)));
      row(md, cells);
    }
    md.append("\n## Latency per call, ms: median [min, max] (n calls)\n\n");
    header.remove(header.size() - 1);
    header.add("SGEMM bound");
    row(md, header);
    separator(md, header.size());
    for (Workload w : r.workloads) {
      List<String> cells = new ArrayList<>(List.of(w.label()));
      for (Framework f : r.frameworks) {
        Stats s = r.stats(w, f);
        cells.add(
            !f.runs(w)
                ? NOT_RUN
                : s == null
                ? "n/a"
                : String.format(
                    Locale.ROOT,
                    "%s [%s, %s] (%d)",
                    ms(s.medianNanos()),
                    ms(s.minNanos()),
                    ms(s.maxNanos()),
                    s.count()));
      }
      Long bound = r.boundNanos.get(w);
      cells.add(bound == null ? "n/a" : ms(bound));
      row(md, cells);
    }
    ratios(md, r);
    buffers(md, r);
    failures(md, r);
    return md.toString();
  }

  private static void ratios(StringBuilder md, Results r) {
    md.append("\n## Ratios and use of the hardware\n\n");
    md.append(
        "Ratios are Annet's speed over the other's (same run). GFLOP/s count 2 FLOPs per "
            + "MAC of the convolutions, 3x the forward pass for a training step. \"of bound\" is "
            + "images/s over the SGEMM bound's images/s (chain networks only). \"of peak\" is "
            + "GFLOP/s over the machine's measured fp32 peak (header). " + NOT_RUN + " marks a "
            + "row a framework has no version of (ONNX Runtime: inference only; DL4J: chains"
            + " only).\n\n");
    List<String> header = new ArrayList<>(List.of("workload"));
    List<Framework> others = new ArrayList<>(r.frameworks);
    others.remove(Framework.ANNET);
    for (Framework f : others) {
      header.add("Annet / " + f.label());
    }
    for (Framework f : r.frameworks) {
      header.add(f.label() + " GFLOP/s");
    }
    for (Framework f : r.frameworks) {
      header.add(f.label() + " of bound");
    }
    for (Framework f : r.frameworks) {
      header.add(f.label() + " of peak");
    }
    header.add("targets (inference >= 1x ORT, training >= 1.3x PyTorch)");
    row(md, header);
    separator(md, header.size());
    for (Workload w : r.workloads) {
      List<String> cells = new ArrayList<>(List.of(w.label()));
      for (Framework f : others) {
        cells.add(f.runs(w) ? times(r.ratio(w, Framework.ANNET, f)) : NOT_RUN);
      }
      for (Framework f : r.frameworks) {
        cells.add(f.runs(w) ? number(r.gflops(w, f)) : NOT_RUN);
      }
      for (Framework f : r.frameworks) {
        Stats s = r.stats(w, f);
        double bound = r.boundImagesPerSecond(w);
        cells.add(
            !f.runs(w)
                ? NOT_RUN
                : s == null || Double.isNaN(bound)
                ? "n/a"
                : percent(s.imagesPerSecond(w.batch()) / bound));
      }
      for (Framework f : r.frameworks) {
        cells.add(f.runs(w) ? percent(r.shareOfPeak(w, f)) : NOT_RUN);
      }
      cells.add(targets(r, w));
      row(md, cells);
    }
  }

  /**
   * "met" when Annet reaches the row's target of issue 17: inference at least as fast as ONNX
   * Runtime, a training step at least 1.3x PyTorch's speed; "not met"; n/a when that comparison
   * was not measured.
   */
  static String targets(Results r, Workload w) {
    Framework peer = w.train() ? Framework.PYTORCH : Framework.ORT;
    double minimum = w.train() ? TRAINING_OVER_PYTORCH : 1.0;
    double ratio = r.ratio(w, Framework.ANNET, peer);
    return Double.isNaN(ratio) ? "n/a" : ratio >= minimum ? "met" : "not met";
  }

  /** The training target: Annet's training step at least this many times PyTorch's speed. */
  static final double TRAINING_OVER_PYTORCH = 1.3;

  private static void buffers(StringBuilder md, Results r) {
    List<Framework> nd4j = new ArrayList<>(r.frameworks);
    nd4j.remove(Framework.PYTORCH);
    nd4j.remove(Framework.ORT);
    if (nd4j.isEmpty()) {
      return;
    }
    md.append("\n## ND4J buffers created per call, after warm-up\n\n");
    md.append("ND4J objects with native state (data buffers, views, op contexts) created per "
        + "call, counted with ND4J's deallocator ids over 2 calls (Annet's inference rows: "
        + BenchmarkMain.COUNTED_PREDICT_CALLS + ", its predict making the arrays it returns"
        + " up to 32 at a time); 0 means no allocation. "
        + "Issue 7 asks for 0 per training step in Annet.\n\n");
    List<String> header = new ArrayList<>(List.of("workload"));
    nd4j.forEach(f -> header.add(f.label()));
    row(md, header);
    separator(md, header.size());
    for (Workload w : r.workloads) {
      List<String> cells = new ArrayList<>(List.of(w.label()));
      for (Framework f : nd4j) {
        Double n = r.buffersPerCall.get(w).get(f);
        cells.add(
            !f.runs(w) ? NOT_RUN : n == null ? "n/a" : String.format(Locale.ROOT, "%.0f", n));
      }
      row(md, cells);
    }
  }

  private static void failures(StringBuilder md, Results r) {
    StringBuilder list = new StringBuilder();
    for (Workload w : r.workloads) {
      for (Map.Entry<Framework, String> e : r.failures.get(w).entrySet()) {
        list.append("- ")
            .append(w.label())
            .append(", ")
            .append(e.getKey().label())
            .append(": ")
            .append(e.getValue().replace('|', '/'))
            .append('\n');
      }
    }
    if (list.length() > 0) {
      md.append("\n## Not measured\n\n").append(list);
    }
  }

  /** Writes {@code latest.md} and {@code latest.png} into {@code directory}. */
  static void write(Results r, Path directory) throws IOException {
    Files.createDirectories(directory);
    Files.writeString(directory.resolve("latest.md"), markdown(r));
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(1400)
            .height(700)
            .title(
                "Images per second (median; log scale)"
                    + (r.quick ? " - QUICK smoke run, not for quoting" : ""))
            .xAxisTitle("workload")
            .yAxisTitle("images/s")
            .build();
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    chart.getStyler().setXAxisLabelRotation(20);
    List<String> labels = r.workloads.stream().map(Workload::label).toList();
    double smallest = Double.POSITIVE_INFINITY;
    for (Framework f : r.frameworks) {
      List<Double> values = new ArrayList<>();
      for (Workload w : r.workloads) {
        Stats s = r.stats(w, f);
        values.add(s == null ? null : s.imagesPerSecond(w.batch())); // null: no bar
      }
      smallest = addSeries(chart, f.label(), labels, values, smallest);
    }
    List<Double> bound = new ArrayList<>();
    for (Workload w : r.workloads) {
      double b = r.boundImagesPerSecond(w);
      bound.add(Double.isNaN(b) ? null : b);
    }
    smallest = addSeries(chart, "SGEMM bound", labels, bound, smallest);
    if (smallest == Double.POSITIVE_INFINITY) {
      return; // nothing measured, no chart
    }
    // A log axis needs a positive floor for the bars to start from.
    chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(smallest))));
    BitmapEncoder.saveBitmap(
        chart, directory.resolve("latest.png").toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  /** Adds a series unless it is empty; returns the smallest value seen so far. */
  private static double addSeries(
      CategoryChart chart, String name, List<String> labels, List<Double> values, double min) {
    double smallest = min;
    boolean any = false;
    for (Double v : values) {
      if (v != null) {
        smallest = Math.min(smallest, v);
        any = true;
      }
    }
    if (any) {
      chart.addSeries(name, labels, values);
    }
    return smallest;
  }

  private static void row(StringBuilder md, List<String> cells) {
    md.append("| ").append(String.join(" | ", cells)).append(" |\n");
  }

  private static void separator(StringBuilder md, int columns) {
    md.append("|").append(" --- |".repeat(columns)).append('\n');
  }

  /** Three significant figures, thousands separated: 0.253, 12.9, 2,854. */
  static String number(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    if (v >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (v >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return v >= 1 ? String.format(Locale.ROOT, "%.2f", v) : String.format(Locale.ROOT, "%.3g", v);
  }

  /** The cell of a row a framework has no version of. */
  static final String NOT_RUN = "-";

  private static String percent(double share) {
    return Double.isNaN(share) ? "n/a" : String.format(Locale.ROOT, "%.0f %%", 100 * share);
  }

  private static String ms(double nanos) {
    return number(nanos / 1e6);
  }

  private static String times(double ratio) {
    return Double.isNaN(ratio) ? "n/a" : String.format(Locale.ROOT, "%.2fx", ratio);
  }
}
