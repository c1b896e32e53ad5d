package chatnode.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A chat node in a JVM of its own, started as an operator would: {@code java chatnode.Main --flags}. */
public final class NodeProcess implements AutoCloseable {
  private static final List<String> JVM_FLAGS = List.of("-Xmx512m",
      "--add-modules", "java.se", "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens", "java.management/sun.management=ALL-UNNAMED",
      "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
      "-Dhazelcast.logging.type=slf4j", "-Dhazelcast.phone.home.enabled=false");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final int port;
  private final Path log;
  private final List<String> flags;

  private NodeProcess(Process process, int port, Path log, List<String> flags) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.flags = flags;
  }

  /**
   * Starts the node and waits until its {@code /ready} answers 200. A port picked free can be taken
   * before the node binds it (by another node's ephemeral event-bus port, or a Hazelcast port moving
   * up): the node is then started again on another port, a few times.
   */
  public static NodeProcess start(int port, Path log, List<String> flags) {
    for (int attempt = 1; ; attempt++) {
      NodeProcess node = launch(port, log, flags);
      try {
        node.awaitReady();
        return node;
      } catch (AssertionError e) {
        if (attempt == 3 || node.process.isAlive() || !node.log().contains("java.net.BindException")) {
          throw e;
        }
        port = TestNode.freePort();
      }
    }
  }

  /** Starts the node without waiting for it: for a node that is expected to refuse to start. */
  public static NodeProcess launch(int port, Path log, List<String> flags) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_FLAGS);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "chatnode.Main", "--port", Integer.toString(port)));
    command.addAll(flags);
    try {
      Files.createDirectories(log.getParent());
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      return new NodeProcess(p, port, log, flags);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private void awaitReady() {
    long deadline = System.currentTimeMillis() + 90_000;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("node on port " + port + " exited: " + tail());
      }
      if (ready()) {
        return;
      }
      sleep(200);
    }
    throw new AssertionError("node on port " + port + " not ready in 90 s: " + tail());
  }

  /** The same node started again, on its port, once this process has ended (a restart after a kill or a drain); it logs beside the first log. */
  public NodeProcess startAgain() {
    if (process.isAlive()) {
      throw new IllegalStateException("node on port " + port + " is still running");
    }
    NodeProcess again = launch(port, log.resolveSibling(log.getFileName() + ".again"), flags);
    again.awaitReady();
    return again;
  }

  public boolean ready() {
    try {
      HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready")).timeout(Duration.ofSeconds(2)).build();
      return HTTP.send(r, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public int port() {
    return port;
  }

  /** The exit code of a node that stops by itself; fails if it is still running after 90 s. */
  public int awaitExit() {
    try {
      if (!process.waitFor(90, TimeUnit.SECONDS)) {
        throw new AssertionError("node on port " + port + " still running after 90 s: " + tail());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Everything the node logged so far. */
  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** SIGSTOP: the node hangs as a whole (a long GC pause, a suspended VM), its sockets stay open. */
  public void freeze() {
    signal("-STOP");
  }

  /** SIGCONT: a frozen node runs on as if nothing happened. */
  public void thaw() {
    signal("-CONT");
  }

  private void signal(String signal) {
    try {
      int code = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start().waitFor();
      if (code != 0) {
        throw new IllegalStateException("kill " + signal + " " + process.pid() + " exited with " + code);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** kill -9: no goodbye to clients or to the cluster. */
  public void kill() {
    process.destroyForcibly();
    waitFor();
  }

  /** SIGTERM: the node's graceful shutdown. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      waitFor();
    }
  }

  private void waitFor() {
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log)";
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
