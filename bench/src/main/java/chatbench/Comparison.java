package chatbench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The same fan-out on several targets in interleaved rounds: each round loads every other target
 * and then the subject, a fresh process of each, and compares the subject to each of the others
 * (subject/other). Over {@code --repeat N} rounds the medians of the ratios are reported, since one
 * pair on a shared machine can be off by a sixth either way; a pair counts only if both targets
 * kept up, since a target that falls behind measures its backlog, not its cost per delivery.
 */
final class Comparison {
  private Comparison() {}

  /** Runs the rounds, prints the table and the ratios, draws the last round, appends the result (with {@code extra}). */
  static JsonObject run(Options o, String scenario, List<Supplier<Target>> others, Supplier<Target> subject, JsonObject extra) {
    List<FanoutSession.Step> steps = new ArrayList<>();
    // other's label -> ratio's name -> one value per comparable round
    Map<String, Map<String, List<Double>>> ratios = new LinkedHashMap<>();
    List<Supplier<Target>> round = new ArrayList<>(others);
    round.add(subject);
    for (int r = 0; r < o.repeat; r++) {
      List<FanoutSession.Step> measured = new ArrayList<>();
      for (Supplier<Target> contender : round) {
        measured.add(measure(o, contender));
      }
      steps.addAll(measured);
      FanoutSession.Step s = measured.get(measured.size() - 1);
      for (FanoutSession.Step other : measured.subList(0, measured.size() - 1)) {
        Map<String, List<Double>> versus = ratios.computeIfAbsent(other.target(), k -> new LinkedHashMap<>());
        if (Verdict.of(other).held() && Verdict.of(s).held()) {
          ratios(s, other).forEach((what, value) -> versus.computeIfAbsent(what, k -> new ArrayList<>()).add(value));
        }
      }
    }
    Report.printSteps(steps);
    String subjectLabel = steps.get(steps.size() - 1).target();
    JsonObject versus = new JsonObject();
    ratios.forEach((other, values) -> versus.put(other, report(o, subjectLabel + "/" + other, values)));
    if (steps.stream().allMatch(s -> s.cpuByThread().containsKey("store"))) {
      steps.forEach(Comparison::printStore);
    }
    Report.chart(o.chart, "say to delivery latency, " + o.members + " members, " + o.rate + " msg/s",
        steps.subList(steps.size() - round.size(), steps.size()));
    JsonObject result = new JsonObject().put("steps", Report.steps(steps)).put("versus", versus).mergeIn(extra);
    Report.append(o.results, scenario, o, result);
    return result;
  }

  private static FanoutSession.Step measure(Options o, Supplier<Target> contender) {
    try (Target target = contender.get(); LoadGen gen = new LoadGen(o.sources)) {
      Bench.progress(String.format(Locale.ROOT, "%s: %d members, %d posters, %d msg/s of %d bytes", target.label(), o.members,
          o.posters, o.rate, o.size));
      return new FanoutSession(target, gen, o.members, o.posters, o.size).run(o.rate, o.warmupS, o.durationS, Bench::progress);
    }
  }

  /** The subject's figures over the other's, of one round; the store's and the acks' only where both are nodes. */
  private static Map<String, Double> ratios(FanoutSession.Step s, FanoutSession.Step other) {
    Map<String, Double> r = new LinkedHashMap<>();
    r.put("deliveriesPerS", s.deliveriesPerS() / other.deliveriesPerS());
    r.put("cpuPerDelivery", s.cpuMicrosPerDelivery() / other.cpuMicrosPerDelivery());
    r.put("cpuUserPerDelivery", s.cpuUserMicrosPerDelivery() / other.cpuUserMicrosPerDelivery());
    r.put("cpuKernelPerDelivery", s.cpuKernelMicrosPerDelivery() / other.cpuKernelMicrosPerDelivery());
    r.put("p50", Report.ms(s.latencyMicros(), 50) / Report.ms(other.latencyMicros(), 50));
    r.put("p99", Report.ms(s.latencyMicros(), 99) / Report.ms(other.latencyMicros(), 99));
    r.put("p999", Report.ms(s.latencyMicros(), 99.9) / Report.ms(other.latencyMicros(), 99.9));
    r.put("rss", (double) s.rssBytes() / other.rssBytes());
    if (other.cpuByThread().containsKey("store")) {
      r.put("storeCpuPerDelivery", s.storeMicrosPerDelivery() / other.storeMicrosPerDelivery());
      r.put("ackP50", Report.ms(s.ackMicros(), 50) / Report.ms(other.ackMicros(), 50));
      r.put("ackP99", Report.ms(s.ackMicros(), 99) / Report.ms(other.ackMicros(), 99));
      if (other.cpuByThread().containsKey(Postgres.PART)) {
        r.put("postgresCpuPerDelivery", s.cpuByThread().get(Postgres.PART) / other.cpuByThread().get(Postgres.PART));
      }
    }
    return r;
  }

  /** Prints the medians of one comparison ({@code names}: "subject/other") and returns them as JSON. */
  private static JsonObject report(Options o, String names, Map<String, List<Double>> values) {
    List<Double> rateRatios = values.getOrDefault("deliveriesPerS", List.of());
    JsonObject json = new JsonObject().put("comparablePairs", rateRatios.size());
    if (rateRatios.isEmpty()) {
      System.out.printf(Locale.ROOT, "%nno %s ratios: a target fell behind%s, and a target that falls behind measures its"
          + " backlog, not its cost per delivery. Lower --rate or --members until both hold.%n", names, o.repeat == 1 ? "" : " in every pair");
      return json;
    }
    List<Double> cpuRatios = values.get("cpuPerDelivery");
    String skipped = rateRatios.size() == o.repeat ? ""
        : "   (" + (o.repeat - rateRatios.size()) + " of " + o.repeat + " pairs left out: a target fell behind)";
    System.out.printf(Locale.ROOT, "%n%s deliveries per second: %.3f   %s CPU per delivery: %.2f%s%s%n", names,
        Report.median(rateRatios), names, Report.median(cpuRatios), rateRatios.size() == 1 ? "" : "   (medians of "
            + rateRatios.size() + " pairs; CPU ratios " + cpuRatios.stream().map(r -> String.format(Locale.ROOT, "%.2f", r))
            .collect(Collectors.joining(", ")) + ")", skipped);
    JsonObject medians = new JsonObject();
    values.forEach((what, each) -> medians.put(what, Report.round(Report.median(each))));
    System.out.printf(Locale.ROOT, "%s, medians: %s%n", names, medians.stream()
        .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
    return json.put("rateRatio", Report.round(Report.median(rateRatios))).put("cpuRatio", Report.round(Report.median(cpuRatios)))
        .put("cpuRatios", new JsonArray(cpuRatios.stream().map(Report::round).toList())).put("ratios", medians);
  }

  private static void printStore(FanoutSession.Step s) {
    System.out.printf(Locale.ROOT, "%-13s store CPU per message %.1f µs%s, say to ack p50 %s p99 %s%n", s.target(),
        s.storeMicrosPerDelivery() * s.members(), s.cpuByThread().containsKey(Postgres.PART) ? String.format(Locale.ROOT,
            ", PostgreSQL server CPU per message %.1f µs", s.cpuByThread().get(Postgres.PART) * 1e6 / Math.max(1, s.deliveries())
            * s.members()) : "", Report.duration(Report.ms(s.ackMicros(), 50)), Report.duration(Report.ms(s.ackMicros(), 99)));
  }
}
