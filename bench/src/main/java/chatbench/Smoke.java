package chatbench;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The check to run after a deployment: against a node's URL (or a node it starts), two fresh
 * accounts sign up, connect, join a room, chat, send a DM and read history, step by step, each
 * step timed. Any failure names the step; the result is one JSON object.
 */
final class Smoke {
  private static final long WAIT_MS = 10_000;

  private final URI base;
  private final Vertx vertx = Vertx.vertx();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<JsonObject> steps = new ArrayList<>();
  /** Held for the whole check: Vert.x closes a client nothing refers to, handshakes in flight included. */
  private final WebSocketClient ws;

  private Smoke(URI base) {
    this.base = base;
    this.ws = vertx.createWebSocketClient(new WebSocketClientOptions().setSsl(base.getScheme().equals("https")));
  }

  /** Runs the steps against {@code --url}, or against a standalone node started for it. */
  static JsonObject run(Options o) {
    if (o.url != null) {
      return new Smoke(URI.create(o.url)).check();
    }
    try (Target target = Target.nodes(o, 1)) {
      return new Smoke(URI.create("http://127.0.0.1:" + target.ports.get(0))).check();
    }
  }

  private JsonObject check() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String room = "smoke-" + tag;
    String text = "smoke test " + tag;
    String failed = null;
    try {
      step("ready", () -> expectStatus(get("/ready", null), 200));
      String alice = step("register alice", () -> register("smoke_a_" + tag));
      String bob = step("register bob", () -> register("smoke_b_" + tag));
      Session a = step("alice connects", () -> connect(alice));
      Session b = step("bob connects", () -> connect(bob));
      step("both join " + room, () -> {
        a.send(new JsonObject().put("type", "join").put("room", room));
        b.send(new JsonObject().put("type", "join").put("room", room));
        return List.of(a.expect("joined"), b.expect("joined"));
      });
      step("alice says, bob receives", () -> {
        a.send(new JsonObject().put("type", "say").put("room", room).put("text", text).put("ref", "s1"));
        long seq = a.expect("ack").getLong("seq");
        return expectEqual(text, b.expect("message").getString("text")) + " as seq " + seq;
      });
      step("alice DMs bob", () -> {
        a.send(new JsonObject().put("type", "dm").put("to", "smoke_b_" + tag).put("text", text).put("ref", "d1"));
        a.expect("ack");
        return expectEqual(text, b.expect("dm").getString("text"));
      });
      step("bob reads the room's history", () -> {
        b.send(new JsonObject().put("type", "history").put("room", room).put("ref", "h1"));
        return expectEqual(text, b.expect("history").getJsonArray("messages").getJsonObject(0).getString("text"));
      });
      step("alice sees bob online", () -> {
        HttpResponse<String> r = get("/api/profiles/smoke_b_" + tag, alice);
        expectStatus(r, 200);
        return expectEqual("true", String.valueOf(new JsonObject(r.body()).getBoolean("online")));
      });
      a.close();
      b.close();
    } catch (StepFailed e) {
      failed = e.getMessage();
    } finally {
      LoadGen.await(vertx.close());
    }
    JsonObject result = new JsonObject().put("url", base.toString()).put("passed", failed == null).put("steps", steps);
    System.out.println(failed == null ? "\nsmoke test passed" : "\nsmoke test FAILED at: " + failed);
    return failed == null ? result : result.put("failed", failed);
  }

  private interface Action<T> {
    T run() throws Exception;
  }

  private static final class StepFailed extends RuntimeException {
    StepFailed(String message) {
      super(message);
    }
  }

  private <T> T step(String name, Action<T> action) {
    long started = System.nanoTime();
    try {
      T outcome = action.run();
      double ms = (System.nanoTime() - started) / 1e6;
      steps.add(new JsonObject().put("step", name).put("ok", true).put("ms", Report.round(ms)));
      System.out.printf("  ok    %-32s %8.1f ms%n", name, ms);
      return outcome;
    } catch (Exception e) {
      steps.add(new JsonObject().put("step", name).put("ok", false).put("error", String.valueOf(e.getMessage())));
      System.out.printf("  FAIL  %-32s %s%n", name, e.getMessage());
      throw new StepFailed(name + ": " + e.getMessage());
    }
  }

  private String register(String user) throws Exception {
    String body = new JsonObject().put("username", user).put("password", UUID.randomUUID().toString()).encode();
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/api/auth/register"))
        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    expectStatus(r, 201);
    return new JsonObject(r.body()).getString("token");
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String expectStatus(HttpResponse<String> r, int status) {
    if (r.statusCode() != status) {
      throw new IllegalStateException("HTTP " + r.statusCode() + " (expected " + status + "): " + r.body());
    }
    return "HTTP " + status;
  }

  private static String expectEqual(String expected, String actual) {
    if (!expected.equals(actual)) {
      throw new IllegalStateException("expected \"" + expected + "\", got \"" + actual + "\"");
    }
    return actual;
  }

  private Session connect(String token) throws InterruptedException {
    boolean tls = base.getScheme().equals("https");
    int port = base.getPort() > 0 ? base.getPort() : tls ? 443 : 80;
    Session s = new Session(LoadGen.await(ws.connect(new WebSocketConnectOptions().setHost(base.getHost()).setPort(port)
        .setURI("/ws").setSsl(tls))));
    s.send(new JsonObject().put("type", "auth").put("token", token));
    s.expect("welcome");
    return s;
  }

  /** One WebSocket: every frame it receives, to be taken in order by type. */
  private static final class Session {
    final WebSocket ws;
    final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>(10_000);

    Session(WebSocket ws) {
      this.ws = ws;
      ws.textMessageHandler(text -> frames.offer(new JsonObject(text)));
    }

    void send(JsonObject frame) {
      LoadGen.await(ws.writeTextMessage(frame.encode()));
    }

    /** The next frame of this type (others are skipped); an error frame fails the step. */
    JsonObject expect(String type) throws InterruptedException {
      long deadline = System.currentTimeMillis() + WAIT_MS;
      for (long left = WAIT_MS; left > 0; left = deadline - System.currentTimeMillis()) {
        JsonObject f = frames.poll(left, TimeUnit.MILLISECONDS);
        if (f == null) {
          break;
        }
        if (type.equals(f.getString("type"))) {
          return f;
        }
        if ("error".equals(f.getString("type"))) {
          throw new IllegalStateException("error frame " + f.encode());
        }
      }
      throw new IllegalStateException("no " + type + " frame within " + WAIT_MS + " ms" + (ws.isClosed() ? " (closed " + ws.closeStatusCode() + ")" : ""));
    }

    void close() {
      LoadGen.await(ws.close());
    }
  }
}
