package chatbench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The scenarios built on a room's fan-out ({@link FanoutSession}): fanout, builds, private, ramp, cluster and soak. */
final class FanoutScenarios {

  private FanoutScenarios() {}

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /**
   * The room fan-out, on the bare server and on our node, with the same load in the same run;
   * {@code --repeat N} alternates them N times and reports the median of the N ratios, since one
   * pair on a shared machine can be off by a sixth either way. Only pairs where both targets kept
   * up are compared: a target that falls behind measures its backlog, not its cost per delivery.
   */
  static JsonObject fanout(Options o) {
    return pairs(o, "fanout", () -> Target.bare(o), () -> Target.nodes(o, 1));
  }

  /**
   * The same fan-out on two builds of the node, {@code --base-jar} then {@code --node-jar}, in
   * turn ({@code --repeat N} pairs, medians of the ratios), on the store {@code --store} names: what
   * a change to the node costs per delivery, per stored message (the store threads, and on
   * PostgreSQL the server's processes) and in latency (say to delivery, say to ack).
   */
  static JsonObject builds(Options o) {
    if (o.baseJar == null) {
      throw new IllegalArgumentException("builds needs --base-jar (and --node-jar) to compare");
    }
    return pairs(o, "builds", () -> Target.nodes(o, 1, o.baseJar, o.baseLabel), () -> Target.nodes(o, 1, o.nodeJar, o.label));
  }

  /** Fan-out on {@code first} then {@code second}, a fresh process of each per pair, and the medians of second/first. */
  private static JsonObject pairs(Options o, String scenario, Supplier<Target> first, Supplier<Target> second) {
    List<FanoutSession.Step> steps = new ArrayList<>();
    Map<String, List<Double>> ratios = new LinkedHashMap<>();
    for (int pair = 0; pair < o.repeat; pair++) {
      for (Supplier<Target> contender : List.of(first, second)) {
        try (Target target = contender.get(); LoadGen gen = new LoadGen(o.sources)) {
          Bench.progress(String.format(Locale.ROOT, "%s: %d members, %d posters, %d msg/s of %d bytes", target.label(), o.members,
              o.posters, o.rate, o.size));
          steps.add(new FanoutSession(target, gen, o.members, o.posters, o.size).run(o.rate, o.warmupS, o.durationS, Bench::progress));
        }
      }
      FanoutSession.Step a = steps.get(steps.size() - 2);
      FanoutSession.Step b = steps.get(steps.size() - 1);
      if (Verdict.of(a).held() && Verdict.of(b).held()) {
        ratios.computeIfAbsent("deliveriesPerS", k -> new ArrayList<>()).add(b.deliveriesPerS() / a.deliveriesPerS());
        ratios.computeIfAbsent("cpuPerDelivery", k -> new ArrayList<>()).add(b.cpuMicrosPerDelivery() / a.cpuMicrosPerDelivery());
        ratios.computeIfAbsent("p50", k -> new ArrayList<>()).add(Report.ms(b.latencyMicros(), 50) / Report.ms(a.latencyMicros(), 50));
        ratios.computeIfAbsent("p99", k -> new ArrayList<>()).add(Report.ms(b.latencyMicros(), 99) / Report.ms(a.latencyMicros(), 99));
        if (!a.target().equals("bare")) {
          ratios.computeIfAbsent("storeCpuPerDelivery", k -> new ArrayList<>()).add(storeMicros(b) / storeMicros(a));
          ratios.computeIfAbsent("ackP50", k -> new ArrayList<>()).add(Report.ms(b.ackMicros(), 50) / Report.ms(a.ackMicros(), 50));
          ratios.computeIfAbsent("ackP99", k -> new ArrayList<>()).add(Report.ms(b.ackMicros(), 99) / Report.ms(a.ackMicros(), 99));
          if (a.cpuByThread().containsKey(Postgres.PART)) {
            ratios.computeIfAbsent("postgresCpuPerDelivery", k -> new ArrayList<>())
                .add(b.cpuByThread().get(Postgres.PART) / a.cpuByThread().get(Postgres.PART));
          }
        }
      }
    }
    Report.printSteps(steps);
    String names = steps.get(1).target() + "/" + steps.get(0).target();
    List<Double> rateRatios = ratios.getOrDefault("deliveriesPerS", List.of());
    List<Double> cpuRatios = ratios.getOrDefault("cpuPerDelivery", List.of());
    JsonObject result = new JsonObject().put("steps", Report.steps(steps)).put("comparablePairs", rateRatios.size());
    if (rateRatios.isEmpty()) {
      System.out.printf(Locale.ROOT, "%nno %s ratios: a target fell behind%s, and a target that falls behind measures its"
          + " backlog, not its cost per delivery. Lower --rate or --members until both hold.%n", names, o.repeat == 1 ? "" : " in every pair");
    } else {
      double rateRatio = median(rateRatios);
      double cpuRatio = median(cpuRatios);
      String skipped = rateRatios.size() == o.repeat ? ""
          : "   (" + (o.repeat - rateRatios.size()) + " of " + o.repeat + " pairs left out: a target fell behind)";
      System.out.printf(Locale.ROOT, "%n%s deliveries per second: %.3f   %s CPU per delivery: %.2f%s%s%n", names, rateRatio, names, cpuRatio,
          rateRatios.size() == 1 ? "" : "   (medians of " + rateRatios.size() + " pairs; CPU ratios " + cpuRatios.stream()
              .map(r -> String.format(Locale.ROOT, "%.2f", r)).collect(Collectors.joining(", ")) + ")", skipped);
      JsonObject medians = new JsonObject();
      ratios.forEach((what, values) -> medians.put(what, Report.round(median(values))));
      System.out.printf(Locale.ROOT, "%s, medians: %s%n", names, medians.stream()
          .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
      result.put("rateRatio", Report.round(rateRatio)).put("cpuRatio", Report.round(cpuRatio))
          .put("cpuRatios", new JsonArray(cpuRatios.stream().map(Report::round).toList())).put("ratios", medians);
    }
    if (!steps.get(0).target().equals("bare")) {
      for (FanoutSession.Step s : steps) {
        System.out.printf(Locale.ROOT, "%-13s store CPU per message %.1f µs%s, say to ack p50 %s p99 %s%n", s.target(),
            storeMicros(s) * s.members(), s.cpuByThread().containsKey(Postgres.PART) ? String.format(Locale.ROOT,
                ", PostgreSQL server CPU per message %.1f µs", s.cpuByThread().get(Postgres.PART) * 1e6 / Math.max(1, s.deliveries())
                * s.members()) : "", Report.duration(Report.ms(s.ackMicros(), 50)), Report.duration(Report.ms(s.ackMicros(), 99)));
      }
    }
    Report.chart(o.chart, "say to delivery latency, " + o.members + " members, " + o.rate + " msg/s", steps.subList(steps.size() - 2, steps.size()));
    Report.append(o.results, scenario, o, result);
    return result;
  }

  /**
   * A private room next to a public room of the same size, on one node in one run: the same users
   * are members of both (each has a session in each room), and the two are loaded in turn at the
   * same rate, {@code --repeat N} turns each. The private room's says cost the membership check the
   * node makes in the transaction that stores each one; the ratios private/public (medians over
   * the turns in which both held) show what it costs per delivery and in latency.
   */
  static JsonObject privateRoom(Options o) {
    List<FanoutSession.Step> steps = new ArrayList<>();
    Map<String, List<Double>> ratios = new LinkedHashMap<>();
    try (Target target = Target.nodes(o, 1); LoadGen gen = new LoadGen(o.sources)) {
      Bench.progress(String.format(Locale.ROOT, "node: a public and a private room, each %d members and %d posters, %d msg/s of %d bytes in turn",
          o.members, o.posters, o.rate, o.size));
      FanoutSession open = new FanoutSession(target, gen, new FanoutSession.Room("bench-public", false), o.members, o.posters, o.size);
      FanoutSession closed = new FanoutSession(target, gen, new FanoutSession.Room("bench-private", true), o.members, o.posters, o.size);
      for (int turn = 0; turn < o.repeat; turn++) {
        FanoutSession.Step pub = open.run(o.rate, o.warmupS, o.durationS, Bench::progress);
        FanoutSession.Step priv = closed.run(o.rate, o.warmupS, o.durationS, Bench::progress);
        steps.add(pub);
        steps.add(priv);
        if (Verdict.of(pub).held() && Verdict.of(priv).held()) {
          ratios.computeIfAbsent("cpuPerDelivery", k -> new ArrayList<>()).add(priv.cpuMicrosPerDelivery() / pub.cpuMicrosPerDelivery());
          ratios.computeIfAbsent("storeCpuPerDelivery", k -> new ArrayList<>()).add(storeMicros(priv) / storeMicros(pub));
          ratios.computeIfAbsent("p50", k -> new ArrayList<>()).add(Report.ms(priv.latencyMicros(), 50) / Report.ms(pub.latencyMicros(), 50));
          ratios.computeIfAbsent("p99", k -> new ArrayList<>()).add(Report.ms(priv.latencyMicros(), 99) / Report.ms(pub.latencyMicros(), 99));
        }
      }
    }
    Report.printSteps(steps);
    JsonObject result = new JsonObject().put("steps", Report.steps(steps)).put("comparableTurns", ratios.isEmpty() ? 0
        : ratios.get("p50").size());
    if (ratios.isEmpty()) {
      System.out.printf(Locale.ROOT, "%nno private/public ratios: a room fell behind in every turn. Lower --rate or --members.%n");
    } else {
      JsonObject medians = new JsonObject();
      ratios.forEach((what, values) -> medians.put(what, Report.round(median(values))));
      result.put("privateOverPublic", medians);
      System.out.printf(Locale.ROOT, "%nprivate/public (median of %d turns): CPU per delivery %.2f, store CPU per delivery %.2f,"
          + " p50 %.2f, p99 %.2f%n", ratios.get("p50").size(), medians.getDouble("cpuPerDelivery"),
          medians.getDouble("storeCpuPerDelivery"), medians.getDouble("p50"), medians.getDouble("p99"));
    }
    // The check runs once per message, not per delivery: its cost per message is what the store threads spent more per say.
    for (FanoutSession.Step s : steps) {
      System.out.printf(Locale.ROOT, "%-13s store CPU per message %.1f µs%n", s.target(), storeMicros(s) * s.members());
    }
    Report.append(o.results, "private", o, result);
    return result;
  }

  /** The store threads' CPU µs per delivery of a step (they commit each message once, whatever the room's size). */
  private static double storeMicros(FanoutSession.Step s) {
    return s.cpuByThread().getOrDefault("store", 0.0) * 1e6 / Math.max(1, s.deliveries());
  }

  /** Raises the rate by half each step until p99 passes 50 ms or the node no longer keeps up ({@link Verdict}). */
  static JsonObject ramp(Options o) {
    List<FanoutSession.Step> steps = new ArrayList<>();
    int held = 0;
    try (Target target = Target.nodes(o, 1); LoadGen gen = new LoadGen(o.sources)) {
      FanoutSession session = new FanoutSession(target, gen, o.members, o.posters, o.size);
      for (int rate = o.rate; rate <= o.maxRate; rate = rate * 3 / 2) {
        FanoutSession.Step s = session.run(rate, o.warmupS, o.durationS, Bench::progress);
        steps.add(s);
        boolean kept = Report.ms(s.latencyMicros(), 99) <= 50 && Verdict.of(s).held();
        if (!kept) {
          break;
        }
        held = rate;
      }
    }
    Report.printSteps(steps);
    System.out.printf(Locale.ROOT, "%nhighest rate that held: %d msg/s (%,d deliveries/s)%n", held, (long) held * o.members);
    JsonObject result = new JsonObject().put("steps", Report.steps(steps)).put("heldRate", held)
        .put("heldDeliveriesPerS", (long) held * o.members);
    Report.append(o.results, "ramp", o, result);
    return result;
  }

  /** The fan-out across 2 and 3 nodes: members and posters spread over all of them. */
  static JsonObject cluster(Options o) {
    List<FanoutSession.Step> steps = new ArrayList<>();
    for (int nodes = 2; nodes <= 3; nodes++) {
      try (Target target = Target.nodes(o, nodes); LoadGen gen = new LoadGen(o.sources)) {
        Bench.progress(target.label() + ": " + o.members + " members spread over them");
        steps.add(new FanoutSession(target, gen, o.members, o.posters, o.size).run(o.rate, o.warmupS, o.durationS, Bench::progress));
      }
    }
    Report.printSteps(steps);
    JsonObject result = new JsonObject().put("steps", Report.steps(steps));
    Report.append(o.results, "cluster", o, result);
    return result;
  }

  /** Steady fan-out for the duration; every 10 s the node's heap after a full GC, RSS and connections. */
  static JsonObject soak(Options o) {
    JsonArray samples = new JsonArray();
    List<FanoutSession.Step> steps = new ArrayList<>();
    try (Target target = Target.nodes(o, 1); LoadGen gen = new LoadGen(o.sources)) {
      FanoutSession session = new FanoutSession(target, gen, o.members, o.posters, o.size);
      long pid = target.pid(0);
      for (int elapsed = 0; elapsed < o.durationS; elapsed += 10) {
        FanoutSession.Step s = session.run(o.rate, 0, Math.min(10, o.durationS - elapsed), line -> { });
        steps.add(s);
        JsonObject sample = new JsonObject().put("s", elapsed + 10).put("heapAfterGcMiB", Proc.heapAfterGc(pid) / (1024 * 1024))
            .put("rssMiB", Proc.rssBytes(pid) / (1024 * 1024)).put("connections", o.members + o.posters)
            .put("deliveriesPerS", Math.round(s.deliveriesPerS())).put("p99ms", Report.ms(s.latencyMicros(), 99));
        samples.add(sample);
        Bench.progress("  soak " + sample.encode());
      }
    }
    Report.printSteps(steps);
    JsonObject result = new JsonObject().put("samples", samples)
        .put("lost", steps.stream().mapToLong(s -> s.gaps() + s.duplicates() + s.missing()).sum());
    Report.append(o.results, "soak", o, result);
    return result;
  }
}
