package chatbench;

import chat.client.ChatConnection;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.concurrent.atomic.LongAdder;

/**
 * The idle-connections scenario: this process opens the first share of connections and starts
 * helper processes ({@code chat-bench hold}) for the rest, since one process's file limit is not
 * enough for them all.
 */
final class ConnectScenario {
  private static final int MAX_PER_PROCESS = 15_000;

  private ConnectScenario() {}

  /**
   * N authenticated idle connections on each of {@code --nodes} nodes (one by default), and, with
   * one node, the same number of plain connections on each peer of {@code --peers} in the same run:
   * time to open, failures, RSS per connection of each, and heap after GC per connection of the JVMs.
   */
  static JsonObject connect(Options o) throws Exception {
    JsonObject result = new JsonObject();
    List<Supplier<Target>> targets = new ArrayList<>();
    if (o.nodes == 1) {
      PeerServers.Available available = PeerServers.available(o);
      result.mergeIn(available.json());
      available.peers().forEach(p -> targets.add(() -> Target.peer(o, p)));
    }
    targets.add(() -> Target.nodes(o, o.nodes));
    for (Supplier<Target> start : targets) {
      try (Target target = start.get()) {
        JsonObject held = hold(o, target);
        result.put(target.label(), held);
        Bench.progress(target.label() + ": " + held.encode());
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
      heap0[n] = target.jvm ? Proc.heapAfterGc(target.pid(n)) : 0;
      rss0[n] = Proc.rssBytes(target.pid(n));
    }
    Proc.CpuTime cpu0 = target.cpuTime();
    try (LoadGen gen = new LoadGen(o.sources)) {
      long t0 = System.nanoTime();
      LongAdder failures = new LongAdder();
      List<Process> helpers = new ArrayList<>();
      List<Integer> helperCounts = new ArrayList<>();
      List<ChatConnection> held = new ArrayList<>();
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
          Bench.progress("a load helper failed:\n" + said);
        } else {
          String[] parts = line.split(" ");
          total += Long.parseLong(parts[1]);
          failures.add(Long.parseLong(parts[2]));
        }
      }
      double openS = (System.nanoTime() - t0) / 1e9;
      // What opening them cost the target: the upgrade, and for a node the token check, the registry and welcome.
      Proc.CpuTime opening = target.cpuTime().minus(cpu0);
      Proc.sleep(2000);
      long heapGrowth = 0;
      long rssGrowth = 0;
      long heapNow = 0;
      for (int n = 0; n < nodes; n++) {
        long heap = target.jvm ? Proc.heapAfterGc(target.pid(n)) : 0;
        heapNow += heap;
        heapGrowth += heap - heap0[n];
        rssGrowth += Proc.rssBytes(target.pid(n)) - rss0[n];
      }
      if (o.profile && target.jvm) {
        System.out.println(Proc.classHistogram(target.pid(0), 30));
      }
      helpers.forEach(Process::destroy);
      JsonObject measured = new JsonObject().put("nodes", nodes).put("asked", (long) o.connections * nodes).put("open", total)
          .put("failures", failures.sum()).put("openSeconds", Report.round(openS))
          .put("rssPerConnectionKiB", Report.round(rssGrowth / 1024.0 / Math.max(1, total)))
          .put("cpuMsPerOpen", Report.round(opening.total() * 1000 / Math.max(1, total)))
          .put("cpuUserMsPerOpen", Report.round(opening.user() * 1000 / Math.max(1, total)))
          .put("cpuKernelMsPerOpen", Report.round(opening.system() * 1000 / Math.max(1, total)));
      // jcmd reads only a JVM's heap; the JS peers' RSS is all there is of them.
      return target.jvm ? measured.put("heapAfterGcMiB", heapNow / (1024 * 1024))
          .put("heapPerConnectionKiB", Report.round(heapGrowth / 1024.0 / Math.max(1, total))) : measured;
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** A helper process of {@code connect}: holds its share of connections until it is stopped. */
  static void hold(Options o) {
    LongAdder failures = new LongAdder();
    try (LoadGen gen = new LoadGen(o.sources)) {
      List<ChatConnection> held = gen.open(o.port, o.offset, o.connections, o.secret, f -> failures.increment(), i -> text -> { });
      System.out.println("HELD " + held.size() + " " + failures.sum());
      System.out.flush();
      Proc.sleep(Long.MAX_VALUE);
    }
  }
}
