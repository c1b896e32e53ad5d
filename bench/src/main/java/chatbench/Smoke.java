package chatbench;

import chat.client.ChatApi;
import chat.client.ChatSession;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The check to run after a deployment: against a node's URL (or a node it starts), two fresh
 * accounts sign up, connect, join a room, chat, send a DM and read history, step by step, each
 * step timed, through the Java client as an application would. Any failure names the step; the
 * result is one JSON object.
 */
final class Smoke {
  private static final long WAIT_MS = 10_000;

  private final URI base;
  private final Vertx vertx = Vertx.vertx();
  private final ChatApi api;
  private final List<JsonObject> steps = new ArrayList<>();

  private Smoke(URI base) {
    this.base = base;
    this.api = ChatApi.of(vertx, base);
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
      step("ready", () -> expectEqual("200", String.valueOf(LoadGen.await(api.call(HttpMethod.GET, "/ready", null)).status())));
      String alice = step("register alice", () -> register("smoke_a_" + tag));
      String bob = step("register bob", () -> register("smoke_b_" + tag));
      Session a = step("alice connects", () -> connect(alice));
      Session b = step("bob connects", () -> connect(bob));
      step("both join " + room, () -> List.of(LoadGen.await(a.chat.join(room)), LoadGen.await(b.chat.join(room))));
      step("alice says, bob receives", () -> {
        long seq = LoadGen.await(a.chat.say(room, text)).getLong("seq");
        return expectEqual(text, b.next(b.messages, "message").getString("text")) + " as seq " + seq;
      });
      step("alice DMs bob", () -> {
        LoadGen.await(a.chat.dm("smoke_b_" + tag, text));
        return expectEqual(text, b.next(b.dms, "dm").getString("text"));
      });
      step("bob reads the room's history", () -> expectEqual(text,
          LoadGen.await(b.chat.history(new JsonObject().put("room", room))).getJsonArray("messages").getJsonObject(0).getString("text")));
      step("alice sees bob online", () -> expectEqual("true",
          String.valueOf(LoadGen.await(api.as(alice).profile("smoke_b_" + tag)).getBoolean("online"))));
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

  private String register(String user) {
    return LoadGen.await(api.register(user, UUID.randomUUID().toString())).getString("token");
  }

  private static String expectEqual(String expected, String actual) {
    if (!expected.equals(actual)) {
      throw new IllegalStateException("expected \"" + expected + "\", got \"" + actual + "\"");
    }
    return actual;
  }

  private Session connect(String token) {
    boolean tls = base.getScheme().equals("https");
    int port = base.getPort() > 0 ? base.getPort() : tls ? 443 : 80;
    WebSocketConnectOptions node = new WebSocketConnectOptions().setHost(base.getHost()).setPort(port).setURI("/ws").setSsl(tls);
    Session s = new Session(new ChatSession(vertx, new ChatSession.Options(List.of(node), () -> Future.succeededFuture(token), null, WAIT_MS)));
    LoadGen.await(s.chat.connect());
    return s;
  }

  /** One user's session: the room messages and DMs it hands over, to be taken in order. */
  private static final class Session {
    final ChatSession chat;
    final BlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>(10_000);
    final BlockingQueue<JsonObject> dms = new LinkedBlockingQueue<>(10_000);

    Session(ChatSession chat) {
      this.chat = chat;
      chat.on("message", messages::offer).on("dm", dms::offer);
    }

    JsonObject next(BlockingQueue<JsonObject> queue, String what) throws InterruptedException {
      JsonObject f = queue.poll(WAIT_MS, TimeUnit.MILLISECONDS);
      if (f == null) {
        throw new IllegalStateException("no " + what + " within " + WAIT_MS + " ms");
      }
      return f;
    }

    void close() {
      LoadGen.await(chat.close());
    }
  }
}
