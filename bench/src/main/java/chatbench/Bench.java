package chatbench;

import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * {@code java -jar chat-bench.jar SCENARIO [--option value ...]}: starts what the scenario needs
 * (nodes, the bare server) as processes of their own, loads them from this process (and helper
 * processes when one process's file limit is not enough), prints a progress line and a table, and
 * appends one JSON line per run to the results file.
 */
public final class Bench {
  private static final int MAX_PER_PROCESS = 15_000;

  private Bench() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: chat-bench (fanout|ramp|dm|cluster|soak|connect|smoke) [--option value ...]");
      System.exit(2);
    }
    Options o = Options.parse(args, 1);
    switch (args[0]) {
      case "fanout" -> fanout(o);
      case "ramp" -> ramp(o);
      case "dm" -> dm(o);
      case "cluster" -> cluster(o);
      case "soak" -> soak(o);
      case "connect" -> connect(o);
      case "hold" -> hold(o);
      case "smoke" -> System.exit(Smoke.run(o).getBoolean("passed") ? 0 : 1);
      default -> throw new IllegalArgumentException("unknown scenario " + args[0]);
    }
    System.exit(0);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  static void progress(String line) {
    System.out.println(line);
  }

  /**
   * The room fan-out, on the bare server and on our node, with the same load in the same run;
   * {@code --repeat N} alternates them N times and reports the median of the N ratios, since one
   * pair on a shared machine can be off by a sixth either way. Only pairs where both targets kept
   * up are compared: a target that falls behind measures its backlog, not its cost per delivery.
   */
  static JsonObject fanout(Options o) {
    List<FanoutSession.Step> steps = new ArrayList<>();
    List<Double> rateRatios = new ArrayList<>();
    List<Double> cpuRatios = new ArrayList<>();
    for (int pair = 0; pair < o.repeat; pair++) {
      for (boolean bare : new boolean[] {true, false}) {
        try (Target target = bare ? Target.bare(o) : Target.nodes(o, 1); LoadGen gen = new LoadGen(o.sources)) {
          progress(String.format(Locale.ROOT, "%s: %d members, %d posters, %d msg/s of %d bytes", target.label(), o.members,
              o.posters, o.rate, o.size));
          steps.add(new FanoutSession(target, gen, o.members, o.posters, o.size).run(o.rate, o.warmupS, o.durationS, Bench::progress));
        }
      }
      FanoutSession.Step bare = steps.get(steps.size() - 2);
      FanoutSession.Step node = steps.get(steps.size() - 1);
      if (Verdict.of(bare).held() && Verdict.of(node).held()) {
        rateRatios.add(node.deliveriesPerS() / bare.deliveriesPerS());
        cpuRatios.add(node.cpuMicrosPerDelivery() / bare.cpuMicrosPerDelivery());
      }
    }
    Report.printSteps(steps);
    JsonObject result = new JsonObject().put("steps", Report.steps(steps)).put("comparablePairs", rateRatios.size());
    if (rateRatios.isEmpty()) {
      System.out.printf(Locale.ROOT, "%nno node/bare ratios: a target fell behind%s, and a target that falls behind measures its"
          + " backlog, not its cost per delivery. Lower --rate or --members until both hold.%n", o.repeat == 1 ? "" : " in every pair");
    } else {
      double rateRatio = median(rateRatios);
      double cpuRatio = median(cpuRatios);
      String skipped = rateRatios.size() == o.repeat ? ""
          : "   (" + (o.repeat - rateRatios.size()) + " of " + o.repeat + " pairs left out: a target fell behind)";
      System.out.printf(Locale.ROOT, "%nnode/bare deliveries per second: %.3f   node/bare CPU per delivery: %.2f%s%s%n", rateRatio, cpuRatio,
          rateRatios.size() == 1 ? "" : "   (medians of " + rateRatios.size() + " pairs; CPU ratios " + cpuRatios.stream()
              .map(r -> String.format(Locale.ROOT, "%.2f", r)).collect(Collectors.joining(", ")) + ")", skipped);
      result.put("rateRatio", Report.round(rateRatio)).put("cpuRatio", Report.round(cpuRatio))
          .put("cpuRatios", new JsonArray(cpuRatios.stream().map(Report::round).toList()));
    }
    Report.chart(o.chart, "say to delivery latency, " + o.members + " members, " + o.rate + " msg/s", steps.subList(steps.size() - 2, steps.size()));
    Report.append(o.results, "fanout", o, result);
    return result;
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

  /** Pairs of users exchanging DMs: latency to the other side, and each session's conversation stream gapless. */
  static JsonObject dm(Options o) {
    Recorder recorder = new Recorder(3);
    LongAdder received = new LongAdder();
    LongAdder gaps = new LongAdder();
    AtomicLong sent = new AtomicLong();
    JsonObject result;
    try (Target target = Target.nodes(o, 1); LoadGen gen = new LoadGen(o.sources)) {
      int sessions = o.pairs * 2;
      long[] last = new long[sessions];
      List<WebSocket> sockets = gen.open(target.ports.get(0), 0, sessions, target.secret, f -> { }, i -> text -> {
        if (!text.startsWith("{\"type\":\"dm\"")) {
          return;
        }
        long seq = Long.parseLong(text.replaceAll(".*\"seq\":(\\d+).*", "$1"));
        synchronized (last) {
          if (last[i] != 0 && seq != last[i] + 1) {
            gaps.increment();
          }
          last[i] = Math.max(last[i], seq);
        }
        if (!text.contains("\"from\":\"b_" + i + "\"")) {
          int t = text.indexOf("\"text\":\"") + 8;
          recorder.recordValue(Math.max(0, (System.nanoTime() - Long.parseLong(text, t, text.indexOf(' ', t), 10)) / 1000));
          received.increment();
        }
      });
      String padding = "x".repeat(Math.max(0, o.size - 30));
      long t0 = System.nanoTime();
      long timer = gen.vertx.setPeriodic(5, id -> {
        long due = (long) ((System.nanoTime() - t0) / 1e9 * o.rate);
        while (sent.get() < due) {
          long n = sent.incrementAndGet();
          int from = (int) (n % sessions);
          int to = from % 2 == 0 ? from + 1 : from - 1;
          sockets.get(from).writeTextMessage("{\"type\":\"dm\",\"to\":\"b_" + to + "\",\"text\":\"" + System.nanoTime() + " " + padding + "\"}");
        }
      });
      Proc.sleep(o.warmupS * 1000L);
      recorder.reset();
      received.reset();
      Target.CpuSample cpu0 = target.cpuSample();
      for (int s = 1; s <= o.durationS; s++) {
        Proc.sleep(1000);
        progress(String.format(Locale.ROOT, "  dm %d msg/s: %d s, %,d received", o.rate, s, received.sum()));
      }
      Target.CpuSample cpu1 = target.cpuSample();
      double cpu = cpu1.total() - cpu0.total();
      Map<String, Double> parts = cpu1.byPartSince(cpu0);
      Histogram h = recorder.getIntervalHistogram();
      long got = received.sum();
      gen.vertx.cancelTimer(timer);
      Proc.sleep(1000);
      result = new JsonObject().put("pairs", o.pairs).put("rate", o.rate).put("receivedPerS", got / o.durationS)
          .put("p50ms", Report.ms(h, 50)).put("p99ms", Report.ms(h, 99)).put("p999ms", Report.ms(h, 99.9))
          .put("maxMs", h.getMaxValue() / 1000.0).put("cpuMicrosPerDm", Report.round(cpu * 1e6 / Math.max(1, got)))
          .put("cpuMicrosPerDmByThread", Report.microsEach(parts, got))
          .put("gaps", gaps.sum());
    }
    System.out.println("\n" + result.encodePrettily());
    Report.append(o.results, "dm", o, result);
    return result;
  }

  /** The fan-out across 2 and 3 nodes: members and posters spread over all of them. */
  static JsonObject cluster(Options o) {
    List<FanoutSession.Step> steps = new ArrayList<>();
    for (int nodes = 2; nodes <= 3; nodes++) {
      try (Target target = Target.nodes(o, nodes); LoadGen gen = new LoadGen(o.sources)) {
        progress(target.label() + ": " + o.members + " members spread over them");
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
        progress("  soak " + sample.encode());
      }
    }
    Report.printSteps(steps);
    JsonObject result = new JsonObject().put("samples", samples)
        .put("lost", steps.stream().mapToLong(s -> s.gaps() + s.duplicates() + s.missing()).sum());
    Report.append(o.results, "soak", o, result);
    return result;
  }

  /**
   * N authenticated idle connections on each of {@code --nodes} nodes (one by default), and the
   * same number of plain connections on the bare server in the same run: time to open,
   * failures, heap after GC and RSS per connection of each.
   */
  static JsonObject connect(Options o) throws Exception {
    JsonObject result = new JsonObject();
    for (boolean bare : new boolean[] {true, false}) {
      if (bare && o.nodes > 1) {
        continue;
      }
      try (Target target = bare ? Target.bare(o) : Target.nodes(o, o.nodes)) {
        JsonObject held = hold(o, target);
        result.put(target.label(), held);
        progress(target.label() + ": " + held.encode());
      }
    }
    System.out.println("\n" + result.encodePrettily());
    Report.append(o.results, "connect", o, result);
    return result;
  }

  /** Opens {@code connections} on every process of the target (this process and helpers share the work) and measures. */
  private static JsonObject hold(Options o, Target target) throws Exception {
    int nodes = target.processes.size();
    long[] heap0 = new long[nodes];
    long[] rss0 = new long[nodes];
    for (int n = 0; n < nodes; n++) {
      heap0[n] = Proc.heapAfterGc(target.pid(n));
      rss0[n] = Proc.rssBytes(target.pid(n));
    }
    try (LoadGen gen = new LoadGen(o.sources)) {
      long t0 = System.nanoTime();
      LongAdder failures = new LongAdder();
      List<Process> helpers = new ArrayList<>();
      List<Integer> helperCounts = new ArrayList<>();
      List<WebSocket> held = new ArrayList<>();
      // This process holds the first share of the first node; helper processes (each within the
      // file limit) hold the rest, node by node.
      for (int n = 0; n < nodes; n++) {
        for (int offset = 0; offset < o.connections; offset += MAX_PER_PROCESS) {
          int count = Math.min(MAX_PER_PROCESS, o.connections - offset);
          int first = n * o.connections + offset;
          if (n == 0 && offset == 0) {
            continue;
          }
          List<String> command = new ArrayList<>(List.of(java(), "-cp", System.getProperty("java.class.path"), "chatbench.Bench",
              "hold", "--connections", Integer.toString(count), "--offset", Integer.toString(first),
              "--sources", Integer.toString(o.sources), "--port", Integer.toString(target.ports.get(n))));
          if (target.secret != null) {
            command.addAll(List.of("--secret", target.secret));
          }
          helpers.add(new ProcessBuilder(command).redirectErrorStream(true).start());
          helperCounts.add(count);
        }
      }
      held.addAll(gen.open(target.ports.get(0), 0, Math.min(MAX_PER_PROCESS, o.connections), target.secret,
          f -> failures.increment(), i -> text -> { }));
      long total = held.size();
      for (int h = 0; h < helpers.size(); h++) {
        BufferedReader out = new BufferedReader(new InputStreamReader(helpers.get(h).getInputStream()));
        String line;
        StringBuilder said = new StringBuilder();
        while ((line = out.readLine()) != null && !line.startsWith("HELD")) {
          said.append(line).append('\n');
        }
        if (line == null) {
          // A helper that ended without reporting held nothing: all its connections failed.
          failures.add(helperCounts.get(h));
          progress("a load helper failed:\n" + said);
        } else {
          String[] parts = line.split(" ");
          total += Long.parseLong(parts[1]);
          failures.add(Long.parseLong(parts[2]));
        }
      }
      double openS = (System.nanoTime() - t0) / 1e9;
      Proc.sleep(2000);
      long heapGrowth = 0;
      long rssGrowth = 0;
      long heapNow = 0;
      for (int n = 0; n < nodes; n++) {
        long heap = Proc.heapAfterGc(target.pid(n));
        heapNow += heap;
        heapGrowth += heap - heap0[n];
        rssGrowth += Proc.rssBytes(target.pid(n)) - rss0[n];
      }
      if (o.profile) {
        System.out.println(Proc.classHistogram(target.pid(0), 30));
      }
      helpers.forEach(Process::destroy);
      return new JsonObject().put("nodes", nodes).put("asked", (long) o.connections * nodes).put("open", total)
          .put("failures", failures.sum()).put("openSeconds", Report.round(openS)).put("heapAfterGcMiB", heapNow / (1024 * 1024))
          .put("heapPerConnectionKiB", Report.round(heapGrowth / 1024.0 / Math.max(1, total)))
          .put("rssPerConnectionKiB", Report.round(rssGrowth / 1024.0 / Math.max(1, total)));
    }
  }

  private static String java() {
    return java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** A helper process of {@code connect}: holds its share of connections until it is stopped. */
  static void hold(Options o) {
    LongAdder failures = new LongAdder();
    try (LoadGen gen = new LoadGen(o.sources)) {
      List<WebSocket> held = gen.open(o.port, o.offset, o.connections, o.secret, f -> failures.increment(), i -> text -> { });
      System.out.println("HELD " + held.size() + " " + failures.sum());
      System.out.flush();
      Proc.sleep(Long.MAX_VALUE);
    }
  }
}
