package chatbench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/** The scenarios built on a room's fan-out ({@link FanoutSession}): fanout, builds, private, ramp, cluster, hotroom and soak. */
final class FanoutScenarios {

  private FanoutScenarios() {}

  /**
   * The room fan-out on each peer of {@code --peers} ({@link PeerServers}) and on our node, with
   * the same load in the same run, interleaved: peers then node, {@code --repeat N} rounds, and
   * the medians of node/peer for each peer ({@link Comparison}). A peer that cannot run here is
   * left out, and the result says why.
   */
  static JsonObject fanout(Options o) {
    PeerServers.Available available = PeerServers.available(o);
    List<Supplier<Target>> peers = available.peers().stream().<Supplier<Target>>map(p -> () -> Target.peer(o, p)).toList();
    return Comparison.run(o, "fanout", peers, () -> Target.nodes(o, 1), available.json());
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
    return Comparison.run(o, "builds", List.of(() -> Target.nodes(o, 1, o.baseJar, o.baseLabel)),
        () -> Target.nodes(o, 1, o.nodeJar, o.label), new JsonObject());
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
          ratios.computeIfAbsent("storeCpuPerDelivery", k -> new ArrayList<>())
              .add(priv.storeMicrosPerDelivery() / pub.storeMicrosPerDelivery());
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
      ratios.forEach((what, values) -> medians.put(what, Report.round(Report.median(values))));
      result.put("privateOverPublic", medians);
      System.out.printf(Locale.ROOT, "%nprivate/public (median of %d turns): CPU per delivery %.2f, store CPU per delivery %.2f,"
          + " p50 %.2f, p99 %.2f%n", ratios.get("p50").size(), medians.getDouble("cpuPerDelivery"),
          medians.getDouble("storeCpuPerDelivery"), medians.getDouble("p50"), medians.getDouble("p99"));
    }
    // The check runs once per message, not per delivery: its cost per message is what the store threads spent more per say.
    for (FanoutSession.Step s : steps) {
      System.out.printf(Locale.ROOT, "%-13s store CPU per message %.1f µs%n", s.target(), s.storeMicrosPerDelivery() * s.members());
    }
    Report.append(o.results, "private", o, result);
    return result;
  }

  /**
   * Raises the rate by half each step until p99 passes 50 ms or the node no longer keeps up
   * ({@link Verdict}); on {@code --nodes} nodes of one cluster, members and posters spread over them.
   */
  static JsonObject ramp(Options o) {
    List<FanoutSession.Step> steps = new ArrayList<>();
    int held = 0;
    try (Target target = Target.nodes(o, o.nodes); LoadGen gen = new LoadGen(o.sources)) {
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

  /**
   * One hot room on one node, then on three nodes of one cluster, at the same load on the store
   * {@code --store} names (members and posters spread over the nodes), {@code --repeat N} rounds
   * interleaved: what adding nodes does to say-to-ack and delivery latency and to throughput. The
   * ratios three/one (medians over the rounds) are what the scale-out promises to keep small.
   */
  static JsonObject hotRoom(Options o) {
    List<FanoutSession.Step> steps = new ArrayList<>();
    Map<String, List<Double>> ratios = new LinkedHashMap<>();
    for (int round = 0; round < o.repeat; round++) {
      FanoutSession.Step one = hotRoomStep(o, 1);
      FanoutSession.Step three = hotRoomStep(o, 3);
      steps.add(one);
      steps.add(three);
      ratios.computeIfAbsent("ackP50", k -> new ArrayList<>()).add(Report.ms(three.ackMicros(), 50) / Report.ms(one.ackMicros(), 50));
      ratios.computeIfAbsent("ackP99", k -> new ArrayList<>()).add(Report.ms(three.ackMicros(), 99) / Report.ms(one.ackMicros(), 99));
      ratios.computeIfAbsent("deliveryP99", k -> new ArrayList<>())
          .add(Report.ms(three.latencyMicros(), 99) / Report.ms(one.latencyMicros(), 99));
      ratios.computeIfAbsent("sentPerS", k -> new ArrayList<>()).add(three.sentPerS() / one.sentPerS());
    }
    Report.printSteps(steps);
    JsonObject medians = new JsonObject();
    ratios.forEach((what, values) -> medians.put(what, Report.round(Report.median(values))));
    for (FanoutSession.Step s : steps) {
      System.out.printf(Locale.ROOT, "%-8s ack p50 %.2f ms, p99 %.2f ms, max %.2f ms; delivery p99 %.2f ms; sent %.0f/s%n", s.target(),
          Report.ms(s.ackMicros(), 50), Report.ms(s.ackMicros(), 99), s.ackMicros().getMaxValue() / 1000.0,
          Report.ms(s.latencyMicros(), 99), s.sentPerS());
    }
    System.out.printf(Locale.ROOT, "%nthree nodes / one (median of %d rounds, %s store): ack p50 %.2f, ack p99 %.2f, delivery p99 %.2f, sent %.2f%n",
        o.repeat, o.store, medians.getDouble("ackP50"), medians.getDouble("ackP99"), medians.getDouble("deliveryP99"),
        medians.getDouble("sentPerS"));
    JsonObject result = new JsonObject().put("steps", Report.steps(steps)).put("threeOverOne", medians);
    Report.append(o.results, "hotroom", o, result);
    return result;
  }

  private static FanoutSession.Step hotRoomStep(Options o, int nodes) {
    try (Target target = Target.nodes(o, nodes); LoadGen gen = new LoadGen(o.sources)) {
      Bench.progress(String.format(Locale.ROOT, "%s (%s store): one room, %d members and %d posters spread over them, %d msg/s",
          target.label(), o.store, o.members, o.posters, o.rate));
      return new FanoutSession(target, gen, o.members, o.posters, o.size).run(o.rate, o.warmupS, o.durationS, Bench::progress);
    }
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
