package chatbench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/** The table a run prints, the JSON line it appends to the results file, and the latency chart. */
final class Report {
  private Report() {}

  static JsonObject step(FanoutSession.Step s) {
    Histogram h = s.latencyMicros();
    return new JsonObject().put("target", s.target()).put("rate", s.rate()).put("members", s.members()).put("sent", s.sent())
        .put("sentPerS", Math.round(s.sentPerS())).put("deliveries", s.deliveries()).put("deliveriesPerS", Math.round(s.deliveriesPerS()))
        .put("p50ms", ms(h, 50)).put("p99ms", ms(h, 99)).put("p999ms", ms(h, 99.9)).put("maxMs", h.getMaxValue() / 1000.0)
        .put("ackP50ms", s.ackMicros().getTotalCount() == 0 ? null : ms(s.ackMicros(), 50))
        .put("ackP99ms", s.ackMicros().getTotalCount() == 0 ? null : ms(s.ackMicros(), 99))
        .put("cpuMicrosPerDelivery", round(s.cpuMicrosPerDelivery())).put("cpuUserMicrosPerDelivery", round(s.cpuUserMicrosPerDelivery()))
        .put("cpuKernelMicrosPerDelivery", round(s.cpuKernelMicrosPerDelivery())).put("cpuMicrosPerDeliveryByThread", byThread(s))
        .put("rssMiB", round(s.rssBytes() / (1024.0 * 1024)))
        .put("gaps", s.gaps()).put("duplicates", s.duplicates())
        .put("missing", s.missing()).put("refused", s.refused())
        .put("p50msEachSecond", new JsonArray(s.p50MsEachSecond().stream().map(v -> v.isNaN() ? null : round(v)).toList()))
        .put("held", Verdict.of(s).held());
  }

  private static JsonObject byThread(FanoutSession.Step s) {
    return microsEach(s.cpuByThread(), s.deliveries());
  }

  /** CPU µs per unit of work (a delivery, a DM) of each thread group. */
  static JsonObject microsEach(Map<String, Double> cpuByThread, long units) {
    JsonObject parts = new JsonObject();
    cpuByThread.forEach((part, seconds) -> parts.put(part, units == 0 ? Double.NaN : round(seconds * 1e6 / units)));
    return parts;
  }

  static double ms(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  /** A latency in ms as a reader takes it in: "1.27 ms", "13.2 s", "-" for none. */
  static String duration(double ms) {
    if (Double.isNaN(ms)) {
      return "-";
    }
    return ms < 1000 ? String.format(Locale.ROOT, "%.2f ms", ms) : String.format(Locale.ROOT, "%.1f s", ms / 1000);
  }

  static void printSteps(List<FanoutSession.Step> steps) {
    System.out.printf(Locale.ROOT, "%n%-13s %8s %12s %8s %8s %8s %8s %10s %8s %9s %7s %6s %6s %8s%n", "target", "rate", "deliveries/s",
        "p50 ms", "p99 ms", "p99.9 ms", "max ms", "cpu us/dlv", "user us", "kernel us", "RSS MiB", "gaps", "dups", "missing");
    for (FanoutSession.Step s : steps) {
      Histogram h = s.latencyMicros();
      System.out.printf(Locale.ROOT, "%-13s %8d %,12.0f %8.2f %8.2f %8.2f %8.2f %10.2f %8.2f %9.2f %7.0f %6d %6d %8d%n", s.target(),
          s.rate(), s.deliveriesPerS(), ms(h, 50), ms(h, 99), ms(h, 99.9), h.getMaxValue() / 1000.0, s.cpuMicrosPerDelivery(),
          s.cpuUserMicrosPerDelivery(), s.cpuKernelMicrosPerDelivery(), s.rssBytes() / (1024.0 * 1024), s.gaps(), s.duplicates(),
          s.missing());
    }
    System.out.println();
    steps.forEach(s -> System.out.println(Verdict.of(s).line()));
    System.out.println("\nCPU us per delivery by thread:");
    for (FanoutSession.Step s : steps) {
      System.out.printf(Locale.ROOT, "%-13s %s%n", s.target(), byThread(s).stream()
          .map(part -> String.format(Locale.ROOT, "%s %.2f", part.getKey(), (Double) part.getValue())).collect(Collectors.joining(" · ")));
    }
  }

  /** Appends one JSON line: the scenario, its options, the machine and what was measured. */
  static void append(Path results, String scenario, Options o, JsonObject measured) {
    JsonObject line = new JsonObject().put("at", Instant.now().toString()).put("scenario", scenario)
        .put("options", new JsonObject(new java.util.HashMap<>(o.raw)))
        .put("machine", new JsonObject().put("cores", Runtime.getRuntime().availableProcessors())
            .put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version")))
        .put("result", measured);
    try {
      if (results.getParent() != null) {
        Files.createDirectories(results.getParent());
      }
      Files.writeString(results, line.encode() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    System.out.println("\nappended to " + results);
  }

  /** An SVG of latency by percentile (log scale of 1/(1-p)) for each series: what the histograms say, drawn. */
  static void chart(Path file, String title, List<FanoutSession.Step> series) {
    double[] percentiles = {0, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99};
    int w = 640;
    int h = 360;
    int left = 60;
    int bottom = 40;
    double maxMs = series.stream().mapToDouble(s -> ms(s.latencyMicros(), 99.99)).max().orElse(1);
    maxMs = Math.max(1, Math.ceil(maxMs));
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">%n", w, h));
    svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/><text x=\"%d\" y=\"18\" font-size=\"13\">%s</text>%n", w, h, left, title));
    double maxX = Math.log10(1 / (1 - 0.9999));
    String[] colours = {"#2f6fde", "#c0392b", "#1e9e5a", "#8e44ad"};
    for (int i = 0; i < percentiles.length; i++) {
      double x = left + (w - left - 20) * Math.log10(1 / (1 - percentiles[i] / 100)) / maxX;
      svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"30\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/><text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">p%s</text>%n",
          x, x, h - bottom, x, h - bottom + 14, trim(percentiles[i])));
    }
    for (int t = 0; t <= 4; t++) {
      double y = h - bottom - (h - bottom - 30) * t / 4.0;
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/><text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.1f ms</text>%n",
          left, y, w - 20, y, left - 4, y + 4, maxMs * t / 4));
    }
    for (int si = 0; si < series.size(); si++) {
      FanoutSession.Step s = series.get(si);
      StringBuilder points = new StringBuilder();
      for (double p : percentiles) {
        double x = left + (w - left - 20) * Math.log10(1 / (1 - p / 100)) / maxX;
        double y = h - bottom - (h - bottom - 30) * Math.min(1, ms(s.latencyMicros(), p) / maxMs);
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      }
      String colour = colours[si % colours.length];
      svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n", colour, points.toString().trim()));
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s, %d msg/s</text>%n", left + 10, 44 + 14 * si, colour, s.target(), s.rate()));
    }
    svg.append("</svg>\n");
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.writeString(file, svg);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    System.out.println("latency chart: " + file);
  }

  private static String trim(double p) {
    return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
  }

  static JsonArray steps(List<FanoutSession.Step> steps) {
    JsonArray out = new JsonArray();
    steps.forEach(s -> out.add(step(s)));
    return out;
  }
}
