package chatbench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Processes of a run (nodes, the peer servers, extra load generators) and what /proc and jcmd say of them. */
final class Proc {
  static final List<String> JVM_OPENS = List.of("--add-modules", "java.se",
      "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens", "java.management/sun.management=ALL-UNNAMED",
      "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
      "-Dhazelcast.logging.type=slf4j", "-Dhazelcast.phone.home.enabled=false");
  private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux
  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

  private Proc() {}

  static Process java(List<String> jvm, List<String> args, Path log) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvm);
    command.addAll(args);
    return start(command, log);
  }

  /** Starts {@code command} with its output (both streams) going to {@code log}. */
  static Process start(List<String> command, Path log) {
    try {
      Files.createDirectories(log.getParent());
      return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The sum over {@code ports} of a counter the nodes export at /metrics (the first sample of
   * {@code name} whose labels hold {@code label}); 0 where a node has none yet.
   */
  static double counter(List<Integer> ports, String name, String label) {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    java.util.regex.Pattern sample = java.util.regex.Pattern.compile("(?m)^" + java.util.regex.Pattern.quote(name) + "\\{([^}]*)\\} ([0-9.eE+-]+)$");
    double sum = 0;
    for (int port : ports) {
      try {
        String text = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher m = sample.matcher(text);
        while (m.find()) {
          if (m.group(1).contains(label)) {
            sum += Double.parseDouble(m.group(2));
            break;
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException("no metrics from port " + port, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return sum;
  }

  static void awaitHttp(String url, Process p, Path log) {
    // HTTP/1.1: an HTTP/2 upgrade request is refused by a WebSocket server's upgrade handler (ws answers 400).
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.currentTimeMillis() + 120_000;
    while (System.currentTimeMillis() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException("process exited; see " + log);
      }
      try {
        if (http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      sleep(200);
    }
    throw new IllegalStateException(url + " not ready in 120 s; see " + log);
  }

  /** Thread name prefixes (Linux cuts names at 15 characters) and the part of a node each is. */
  private static final Map<String, String> THREAD_GROUPS = Map.of(
      "vert.x-eventloo", "event loops", "chat-store", "store", "C1 CompilerThre", "JIT", "C2 CompilerThre", "JIT",
      "GC Thread", "GC", "G1 ", "GC");

  /** A thread's CPU seconds so far and the part of the process it belongs to (null: none of them). */
  record ThreadTime(String group, double seconds) {}

  /** The CPU time of each live thread of a process, by "pid/tid"; a thread that ends while read is left out. */
  static Map<String, ThreadTime> threadTimes(long pid) {
    Map<String, ThreadTime> threads = new HashMap<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks) {
        try {
          String name = Files.readString(task.resolve("comm")).strip();
          String group = THREAD_GROUPS.entrySet().stream().filter(g -> name.startsWith(g.getKey())).map(Map.Entry::getValue)
              .findFirst().orElse(null);
          threads.put(pid + "/" + task.getFileName(), new ThreadTime(group, cpuTimeOf(Files.readString(task.resolve("stat"))).total()));
        } catch (IOException e) {
          // the thread ended: the process total keeps its time
        }
      }
    } catch (IOException e) {
      // the process ended
    }
    return threads;
  }

  /** CPU seconds spent in user space and in the kernel (system time: syscalls, here mostly loopback TCP). */
  record CpuTime(double user, double system) {
    static final CpuTime NONE = new CpuTime(Double.NaN, Double.NaN);

    double total() {
      return user + system;
    }

    CpuTime plus(CpuTime other) {
      return new CpuTime(user + other.user, system + other.system);
    }

    CpuTime minus(CpuTime other) {
      return new CpuTime(user - other.user, system - other.system);
    }
  }

  /** CPU time (user + system) the process has used so far, in seconds. */
  static double cpuSeconds(long pid) {
    return cpuTime(pid).total();
  }

  /** The process's CPU time so far, user and system apart ({@link CpuTime#NONE} once it has ended). */
  static CpuTime cpuTime(long pid) {
    try {
      return cpuTimeOf(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    } catch (IOException e) {
      return CpuTime.NONE;
    }
  }

  /** utime and stime of a /proc stat line (process or thread). */
  private static CpuTime cpuTimeOf(String stat) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return new CpuTime(Long.parseLong(f[11]) / (double) TICKS_PER_SECOND, Long.parseLong(f[12]) / (double) TICKS_PER_SECOND);
  }

  static long rssBytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
        }
      }
    } catch (IOException e) {
      // gone
    }
    return -1;
  }

  /** Heap in use right after a full GC, in bytes (jcmd GC.run, then GC.heap_info). */
  static long heapAfterGc(long pid) {
    run("jcmd", Long.toString(pid), "GC.run");
    Matcher m = HEAP_USED.matcher(run("jcmd", Long.toString(pid), "GC.heap_info"));
    return m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
  }

  /** The classes taking most of the heap (jcmd GC.class_histogram), to see what a connection costs. */
  static String classHistogram(long pid, int lines) {
    return String.join("\n", run("jcmd", Long.toString(pid), "GC.class_histogram").lines().limit(lines + 3).toList());
  }

  /** Runs {@code command} to its end and returns what it printed (both streams); empty if it cannot start. */
  static String run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      p.waitFor();
      return out;
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  static void stop(Process p) {
    if (p != null && p.isAlive()) {
      p.destroy();
      try {
        if (!p.waitFor(java.time.Duration.ofSeconds(20).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
          p.destroyForcibly().waitFor();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
