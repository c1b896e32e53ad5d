package chatbench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The server a scenario loads: N chat nodes (standalone, or one Hazelcast cluster sharing the
 * embedded store of a temporary directory), or the bare reference broadcast server.
 */
final class Target implements AutoCloseable {
  final List<Process> processes = new ArrayList<>();
  final List<Integer> ports = new ArrayList<>();
  final boolean bare;
  final String secret;

  private Target(boolean bare, String secret) {
    this.bare = bare;
    this.secret = secret;
  }

  static Target nodes(Options o, int count) {
    Path data = tempDir();
    String secret = Tokens.randomSecret();
    Target t = new Target(false, secret);
    String cluster = "bench-" + System.nanoTime();
    List<Integer> hz = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      hz.add(5801 + i + (int) (System.nanoTime() % 50) * 4);
    }
    String members = String.join(",", hz.stream().map(p -> "127.0.0.1:" + p).toList());
    for (int i = 0; i < count; i++) {
      int port = 18080 + i;
      List<String> args = new ArrayList<>(List.of("-jar", o.nodeJar.toString(), "--port", Integer.toString(port),
          "--data", data.toString(), "--jwt-secret", secret, "--admin-password", "bench-admin-password",
          "--rate-limit", "100000", "--rate-burst", "1000000", "--write-queue-bytes", Integer.toString(16 * 1024 * 1024)));
      if (count == 1) {
        args.add("--standalone");
      } else {
        args.addAll(List.of("--cluster-name", cluster, "--cluster-port", hz.get(i).toString(), "--cluster-members", members));
      }
      List<String> jvm = new ArrayList<>(Proc.JVM_OPENS);
      jvm.add("-Xmx" + o.nodeHeap);
      if (o.profile) {
        jvm.add("-XX:StartFlightRecording=settings=profile,filename=" + o.logDir.resolve("node-" + port + ".jfr").toAbsolutePath());
      }
      Path log = o.logDir.resolve("node-" + port + ".log");
      Process p = Proc.java(jvm, args, log);
      t.processes.add(p);
      t.ports.add(port);
      Proc.awaitHttp("http://127.0.0.1:" + port + "/ready", p, log);
    }
    return t;
  }

  static Target bare(Options o) {
    Target t = new Target(true, null);
    int port = 18090;
    Path log = o.logDir.resolve("bare-" + port + ".log");
    Process p = Proc.java(List.of("-Xmx" + o.nodeHeap), List.of("-cp", System.getProperty("java.class.path"), "chatbench.BareServer",
        Integer.toString(port)), log);
    t.processes.add(p);
    t.ports.add(port);
    Proc.awaitHttp("http://127.0.0.1:" + port + "/health", p, log);
    return t;
  }

  long pid(int i) {
    return processes.get(i).pid();
  }

  double cpuSeconds() {
    return processes.stream().mapToDouble(p -> Proc.cpuSeconds(p.pid())).sum();
  }

  /** CPU seconds by part, summed over the processes. */
  Map<String, Double> cpuByThread() {
    Map<String, Double> parts = new TreeMap<>();
    processes.forEach(p -> Proc.cpuByThread(p.pid()).forEach((part, s) -> parts.merge(part, s, Double::sum)));
    return parts;
  }

  /** CPU seconds by part used since {@code before} (a {@link #cpuByThread} of earlier). */
  Map<String, Double> cpuByThreadSince(Map<String, Double> before) {
    Map<String, Double> parts = cpuByThread();
    parts.replaceAll((part, used) -> used - before.getOrDefault(part, 0.0));
    return parts;
  }

  String label() {
    return bare ? "bare" : processes.size() == 1 ? "node" : processes.size() + " nodes";
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("chat-bench");
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    processes.forEach(Proc::stop);
  }
}
