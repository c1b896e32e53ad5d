package chatbench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The server a scenario loads: N chat nodes (standalone, or one Hazelcast cluster sharing the
 * embedded store of a temporary directory), or one of the peer broadcast servers ({@link PeerServers}).
 */
final class Target implements AutoCloseable {
  /** The first peer's port; each peer has its own after it. */
  private static final int PEER_PORT = 18090;
  final List<Process> processes = new ArrayList<>();
  final List<Integer> ports = new ArrayList<>();
  /** A peer: no auth, no JSON, every text sent as it is to every connection. */
  final boolean plain;
  /** JVMs, whose heap jcmd reads. */
  final boolean jvm;
  final String secret;
  private final String name;
  /** How its sessions join rooms: {@code members} of the join frame (nodes only). */
  private String memberFrames;
  /** The nodes' data directory (deleted on close), and their PostgreSQL schema if they use one (dropped on close). */
  private Path data;
  private String schema;

  private Target(boolean plain, boolean jvm, String secret, String name) {
    this.plain = plain;
    this.jvm = jvm;
    this.secret = secret;
    this.name = name;
  }

  static Target nodes(Options o, int count) {
    return nodes(o, count, o.nodeJar, null);
  }

  /**
   * {@code count} nodes of {@code jar} (another build of the node, for comparing two commits),
   * on the store {@code --store} says: the embedded one in a temporary directory, or a fresh
   * PostgreSQL schema on 127.0.0.1:5432 (database test, trust auth, as the tests use). Steps on
   * them are called {@code name} (null: node, or N nodes).
   */
  static Target nodes(Options o, int count, Path jar, String name) {
    Path data = tempDir();
    String secret = Tokens.randomSecret();
    Target t = new Target(false, true, secret, name);
    t.data = data;
    t.memberFrames = o.memberFrames;
    List<String> store = new ArrayList<>();
    if (o.store.equals("postgresql")) {
      t.schema = "bench_" + Long.toUnsignedString(System.nanoTime(), 36);
      store.addAll(List.of("--store-url", Postgres.URL + "&currentSchema=" + t.schema));
    }
    String cluster = "bench-" + System.nanoTime();
    List<Integer> hz = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      hz.add(5801 + i + (int) (System.nanoTime() % 50) * 4);
    }
    String members = String.join(",", hz.stream().map(p -> "127.0.0.1:" + p).toList());
    for (int i = 0; i < count; i++) {
      int port = 18080 + i;
      List<String> args = new ArrayList<>(List.of("-jar", jar.toString(), "--port", Integer.toString(port),
          "--data", data.toString(), "--jwt-secret", secret, "--admin-password", "bench-admin-password",
          "--rate-limit", "100000", "--rate-burst", "1000000", "--write-queue-bytes", Integer.toString(16 * 1024 * 1024)));
      args.addAll(store);
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

  /** The text of a session's join of {@code room}, from {@code since} when not null. */
  String join(String room, Long since) {
    return "{\"type\":\"join\",\"room\":\"" + room + "\",\"members\":\"" + memberFrames + "\""
        + (since == null ? "" : ",\"since\":" + since) + "}";
  }

  /** The peer server {@code peer} (one of {@link PeerServers#ALL}), ready. */
  static Target peer(Options o, String peer) {
    boolean bare = peer.equals("bare");
    Target t = new Target(true, bare, null, peer);
    int port = PEER_PORT + PeerServers.ALL.indexOf(peer);
    Path log = o.logDir.resolve(peer + "-" + port + ".log");
    Process p = bare ? Proc.java(List.of("-Xmx" + o.nodeHeap), List.of("-cp", System.getProperty("java.class.path"),
        "chatbench.BareServer", Integer.toString(port)), log) : PeerServers.start(o, peer, port, log);
    t.processes.add(p);
    t.ports.add(port);
    try {
      Proc.awaitHttp("http://127.0.0.1:" + port + "/health", p, log);
    } catch (RuntimeException e) {
      t.close();
      throw e;
    }
    return t;
  }

  /** The PostgreSQL schema of the nodes' store, or null on the embedded store. */
  String schema() {
    return schema;
  }

  long pid(int i) {
    return processes.get(i).pid();
  }

  /** The processes' CPU time so far, user and kernel apart. */
  Proc.CpuTime cpuTime() {
    return processes.stream().map(p -> Proc.cpuTime(p.pid())).reduce(new Proc.CpuTime(0, 0), Proc.CpuTime::plus);
  }

  /** The processes' RSS now, in bytes. */
  long rssBytes() {
    return processes.stream().mapToLong(p -> Proc.rssBytes(p.pid())).sum();
  }

  /** The processes' CPU time now: their total (user and system apart), and each live thread's. */
  record CpuSample(Proc.CpuTime time, Map<String, Proc.ThreadTime> threads, double postgres) {
    double total() {
      return time.total();
    }

    /**
     * CPU seconds used since {@code before} by part (event loops, store, JIT, GC), thread by
     * thread; "other" is the rest of the total, threads that ended in between included. On
     * PostgreSQL, also {@link Postgres#PART}: the CPU of the server's processes, not in the total.
     */
    Map<String, Double> byPartSince(CpuSample before) {
      Map<String, Double> parts = new TreeMap<>();
      threads.forEach((id, now) -> {
        if (now.group() != null) {
          Proc.ThreadTime then = before.threads.get(id);
          parts.merge(now.group(), now.seconds() - (then == null ? 0 : then.seconds()), Double::sum);
        }
      });
      double own = parts.values().stream().mapToDouble(Double::doubleValue).sum();
      if (postgres >= 0) {
        parts.put(Postgres.PART, postgres - before.postgres);
      }
      parts.put("other", total() - before.total() - own);
      return parts;
    }
  }

  CpuSample cpuSample() {
    Map<String, Proc.ThreadTime> threads = new HashMap<>();
    processes.forEach(p -> threads.putAll(Proc.threadTimes(p.pid())));
    return new CpuSample(cpuTime(), threads, schema == null ? -1 : Postgres.serverCpuSeconds());
  }

  String label() {
    return name != null ? name : processes.size() == 1 ? "node" : processes.size() + " nodes";
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
    if (schema != null) {
      Postgres.dropSchema(schema);
    }
    if (data != null) {
      try (var files = Files.walk(data)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      } catch (java.io.IOException e) {
        // left in the temporary directory
      }
    }
  }
}
