package chatnode.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;

/**
 * A JavaScript program run by Node (20+, its WebSocket switched on), as an application of the
 * JavaScript client would run: the test reads what it prints, line by line, and may write to its
 * input. Where Node is missing the tests that need it are skipped, naming the package.
 */
public final class NodeScript implements AutoCloseable {
  /** The client library, as the node serves it. */
  public static final Path LIBRARY = Path.of("..", "client-web", "src", "main", "webroot", "js", "chat-client.js");

  private final Process process;
  private final Writer input;
  private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> printed = new ArrayList<>();
  private final Path errors;

  private NodeScript(Process process, Path errors) {
    this.process = process;
    this.errors = errors;
    this.input = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        out.lines().forEach(lines::add);
      } catch (IOException e) {
        // the process ended
      }
    }, "node-script-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Runs {@code script} with {@code env} added to the environment and {@code args}; what it writes to stderr goes to a file beside it. */
  public static NodeScript run(Path script, Map<String, String> env, String... args) {
    Assumptions.assumeTrue(onPath(), "the JavaScript client tests need Node 20+: apt-get install nodejs");
    List<String> command = new ArrayList<>(List.of("node", "--experimental-websocket", "--no-warnings", script.toString()));
    command.addAll(List.of(args));
    Path errors = Path.of("target", "node-scripts", script.getFileName() + ".stderr");
    try {
      Files.createDirectories(errors.getParent());
      ProcessBuilder builder = new ProcessBuilder(command).redirectError(errors.toFile());
      builder.environment().putAll(env);
      return new NodeScript(builder.start(), errors);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A copy of the library and of {@code program} side by side in {@code dir}, as a user of the library would lay them out; returns the program's path. */
  public static Path besideLibrary(Path dir, String name, String program) {
    try {
      Files.createDirectories(dir);
      Files.copy(LIBRARY, dir.resolve("chat-client.js"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Files.writeString(dir.resolve("package.json"), "{\"type\":\"module\"}");
      return Files.writeString(dir.resolve(name), program);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean onPath() {
    try {
      return new ProcessBuilder("node", "--version").start().waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The first line from now on that matches, waiting up to {@code ms}; the lines before it are passed over. */
  public String await(Predicate<String> match, long ms) {
    long deadline = System.currentTimeMillis() + ms;
    while (true) {
      String line;
      try {
        line = lines.poll(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      if (line == null) {
        throw new AssertionError("no matching line within " + ms + " ms; printed: " + printed + "; stderr: " + stderr()
            + (process.isAlive() ? "" : "; exited with " + process.exitValue()));
      }
      printed.add(line);
      if (match.test(line)) {
        return line;
      }
    }
  }

  public String await(String prefix) {
    return await(line -> line.startsWith(prefix), TestClient.WAIT_MS);
  }

  /** Writes a line to the program's input. */
  public void tell(String line) {
    try {
      input.write(line + "\n");
      input.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String stderr() {
    try {
      return Files.exists(errors) ? Files.readString(errors) : "";
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
