package chatnode.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A redis-server of the test's own on a free port, without persistence (a restart loses every
 * stream and group): killed and started again at will, never the machine's shared Redis.
 */
public final class RedisServer implements AutoCloseable {
  private final int port = TestNode.freePort();
  private Process process;

  private RedisServer() {}

  /** Starts one; the test is skipped, saying why, where no redis-server is installed. */
  public static RedisServer start() {
    Assumptions.assumeTrue(Stream.of(System.getenv("PATH").split(java.io.File.pathSeparator))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, "redis-server"))), "no redis-server on the PATH");
    RedisServer server = new RedisServer();
    server.startAgain();
    return server;
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  /** Starts it (again) on the same port, empty. */
  public void startAgain() {
    try {
      process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
          "--save", "", "--appendonly", "no").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    Await.until(() -> Stores.answers(port), "redis-server answers on port " + port);
  }

  /** Kills it (SIGKILL) and waits until it is gone. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      kill();
    }
  }
}
