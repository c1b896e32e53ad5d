package chat.client;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * A session with the chat cluster that stays up, as the JavaScript client's (client-web/README.md):
 * it reconnects with backoff and jitter (at once after 1012, to the next node), joins every room
 * again from its last seq and rev and reads every DM conversation again from its own, and hands the
 * application each room message, DM and change once, in order. Requests complete with their answer
 * or fail with a {@link ChatException}; frames leave paced under the node's rate limit; a ping every
 * half heartbeat gives up a connection that stopped answering. Everything runs on one Vert.x context;
 * its methods may be called from any thread.
 */
public final class ChatSession {
  /** Closes after which the session stops by itself: a bad or revoked token, a ban, a kick. */
  private static final Set<Integer> FINAL = Set.of(4401, 4403, 4001);
  private static final int MAX_POLICY_RETRIES = 3;
  /** Requests waiting for their answer (sent, paced, or waiting for a connection): past it, no more are taken. */
  private static final int MAX_WAITING = 1000;
  /** Frames without an answer waiting to leave (paced): past it, more are dropped. */
  private static final int MAX_OUTBOX = 1000;
  private static final Set<String> ANSWERS = Set.of("ack", "error", "history", "changes", "pong");
  private static final Set<String> CHANGES = Set.of("edited", "deleted", "reaction");

  /** What the session needs: the nodes to try, a token each time it connects, the node's limits (GET /api/config). */
  public record Options(List<WebSocketConnectOptions> nodes, Supplier<Future<String>> token, JsonObject limits, long timeoutMs) {
    public Options {
      nodes = List.copyOf(nodes);
      limits = new JsonObject().put("rateLimit", 20).put("rateBurst", 40).put("maxPage", 200).put("heartbeatIntervalMs", 30_000)
          .mergeIn(limits == null ? new JsonObject() : limits);
    }
  }

  private final Vertx vertx;
  private final Context context;
  private final Options options;
  private final WebSocketClient client;
  private final Map<String, Handler<JsonObject>> handlers = new LinkedHashMap<>();
  private final Streams streams;
  /** The app's joins waiting for their {@code joined}, per room. */
  private final Map<String, List<Promise<JsonObject>>> joining = new LinkedHashMap<>();
  /** The DM conversations whose history is being read to fill a gap. */
  private final Set<String> filling = new HashSet<>();
  private final Map<String, Request> requests = new LinkedHashMap<>();
  private final ArrayDeque<Request> outbox = new ArrayDeque<>();
  private final Promise<JsonObject> firstWelcome = Promise.promise();
  private ChatConnection connection;
  private String me;
  private long nextRef;
  private int nodeIndex;
  private int attempt;
  private int policyCloses;
  private boolean stopped;
  private boolean tokenRetried;
  private double tokens;
  private long refilledAt;
  private long pumpTimer = -1;
  private long heartbeat = -1;

  private record Request(String ref, JsonObject frame, Promise<JsonObject> answer, long timer, boolean[] sent) {}

  public ChatSession(Vertx vertx, Options options) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.options = options;
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxMessageSize(16 * 1024 * 1024));
    this.streams = new Streams(options.limits().getInteger("maxPage") * 10);
  }

  /** Listens to one frame type ({@code message}, {@code dm}, {@code edited}, {@code presence}, …), or to {@code state}: {state, code?}. One listener per type. */
  public ChatSession on(String type, Handler<JsonObject> handler) {
    handlers.put(type, handler);
    return this;
  }

  /** Connects; completes with the first {@code welcome}, fails if the session ends before. */
  public Future<JsonObject> connect() {
    context.runOnContext(v -> open());
    return firstWelcome.future();
  }

  public String user() {
    return me;
  }

  /** Joins a room and keeps it joined across reconnects; completes with its {@code joined}. */
  public Future<JsonObject> join(String room) {
    return onContext(p -> {
      Streams.Room r = streams.track(room, "~j" + (++nextRef), -1);
      List<Promise<JsonObject>> waiting = joining.computeIfAbsent(room, k -> new ArrayList<>());
      if (r.joined != null && waiting.isEmpty()) {
        p.complete(r.joined);
        return;
      }
      waiting.add(p);
      if (waiting.size() == 1 && connection != null) {
        write(streams.joinFrame(room));
      }
    });
  }

  /** Leaves a room: no more of its stream, and not joined again on reconnecting. */
  public void leave(String room) {
    context.runOnContext(v -> {
      streams.untrack(room);
      joining.remove(room);
      send(new JsonObject().put("type", "leave").put("room", room));
    });
  }

  /** Sends a frame that has no answer (typing, watch, read, part), paced; dropped while offline, as it would be by a dropped connection. */
  public void send(JsonObject frame) {
    context.runOnContext(v -> {
      if (connection != null && outbox.size() < MAX_OUTBOX) {
        write(frame.copy());
      }
    });
  }

  public Future<JsonObject> say(String room, String text) {
    return request(new JsonObject().put("type", "say").put("room", room).put("text", text));
  }

  public Future<JsonObject> dm(String to, String text) {
    return request(new JsonObject().put("type", "dm").put("to", to).put("text", text));
  }

  /** A page: {@code query} has {@code room} or {@code with}, and {@code before}, {@code after} or {@code around}, {@code limit}. */
  public Future<JsonObject> history(JsonObject query) {
    return request(query.copy().put("type", "history"));
  }

  /**
   * Sends a frame the node answers by {@code ref} (say, dm, edit, delete, react, history,
   * changes, ping) and completes with the answer. Waits while offline; after a drain (1012) what
   * has no answer is sent again (the node took none of it); after any other drop a {@code say} or
   * {@code dm} without its answer fails with {@code unknown}.
   */
  public Future<JsonObject> request(JsonObject frame) {
    return onContext(p -> {
      if (requests.size() >= MAX_WAITING) {
        p.fail(new ChatException("busy", MAX_WAITING + " requests are waiting for their answer"));
        return;
      }
      String ref = "~" + (++nextRef);
      long timer = vertx.setTimer(options.timeoutMs(), t -> settle(ref, new ChatException("timeout", "no answer within " + options.timeoutMs() + " ms"), null));
      Request r = new Request(ref, frame.copy().put("ref", ref), p, timer, new boolean[1]);
      requests.put(ref, r);
      if (connection != null) {
        enqueue(r);
      }
    });
  }

  /** Ends the session: requests still waiting fail with {@code closed}. */
  public Future<Void> close() {
    return onContext(p -> {
      stopped = true;
      if (connection != null) {
        connection.close();
        connection = null;
      }
      failRequests(r -> true, "closed", "the session was closed");
      client.close();
      p.complete();
    });
  }

  private <T> Future<T> onContext(Handler<Promise<T>> action) {
    Promise<T> p = Promise.promise();
    context.runOnContext(v -> action.handle(p));
    return p.future();
  }

  // ---- the connection

  private void open() {
    if (stopped) {
      return;
    }
    tell("state", new JsonObject().put("state", "connecting"));
    WebSocketConnectOptions node = options.nodes().get(nodeIndex % options.nodes().size());
    options.token().get()
        .compose(token -> ChatConnection.login(client, new WebSocketConnectOptions(node.toJson()), token))
        .onSuccess(this::welcome)
        .onFailure(e -> closed(e instanceof ChatException c && c.frame() != null ? c.frame().getInteger("code") : 1006, e.getMessage()));
  }

  private void welcome(ChatConnection c) {
    if (stopped) {
      c.close();
      return;
    }
    connection = c;
    me = c.welcome().getString("user");
    tokenRetried = false;
    c.frameHandler(this::received).closeHandler(code -> {
      if (connection == c) {
        closed(code, "");
      }
    });
    attempt = 0;
    List<Request> waiting = List.copyOf(requests.values());
    tell("state", new JsonObject().put("state", "online"));
    streams.rooms().keySet().forEach(room -> write(streams.joinFrame(room)));
    streams.conversations().forEach((peer, seq) -> {
      if (seq >= 0) {
        fill(peer);
      }
      readChanges(peer, streams.rev(peer));
    });
    waiting.forEach(this::enqueue);
    heartbeat = vertx.setPeriodic(Math.max(1000, options.limits().getLong("heartbeatIntervalMs") / 2), t -> ping(c));
    firstWelcome.tryComplete(c.welcome());
  }

  private void ping(ChatConnection c) {
    request(new JsonObject().put("type", "ping")).onFailure(e -> {
      if (connection == c && e instanceof ChatException x && "timeout".equals(x.code())) {
        c.close();
        closed(1006, "no pong");
      }
    });
  }

  private void closed(int code, String reason) {
    boolean wasOnline = connection != null;
    connection = null;
    vertx.cancelTimer(heartbeat);
    // 1012: the node drained: it answered everything it took, so what has no answer was never taken.
    failRequests(r -> r.sent()[0] && code != 1012 && List.of("say", "dm").contains(r.frame().getString("type")), "unknown",
        "the connection closed (" + code + ") before the node answered: the message may or may not have been stored");
    requests.values().forEach(r -> r.sent()[0] = false);
    outbox.clear();
    if (stopped) {
      return;
    }
    if (code == 4401 && wasOnline && !tokenRetried) {
      tokenRetried = true; // the token may have expired during the session: one more try with a fresh one
    } else if (FINAL.contains(code) || (code == 4008 && ++policyCloses > MAX_POLICY_RETRIES)) {
      stopped = true;
      failRequests(r -> true, "closed", "the session ended: " + code + " " + reason);
      firstWelcome.tryFail(new ChatException("closed", "the session ended: " + code + " " + reason));
      tell("state", new JsonObject().put("state", "ended").put("code", code).put("reason", reason));
      return;
    }
    nodeIndex++;
    long delay = code == 1012 ? 0 : retryDelay(attempt++);
    tell("state", new JsonObject().put("state", "offline").put("code", code).put("delay", delay));
    if (delay == 0) {
      context.runOnContext(v -> open());
    } else {
      vertx.setTimer(delay, t -> open());
    }
  }

  /** Doubling from half a second up to 30 s, jittered in its upper half. */
  static long retryDelay(int attempt) {
    long ceiling = Math.min(30_000, 500L << Math.min(attempt, 10));
    return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
  }

  // ---- pacing: a token bucket a little under the node's

  private void write(JsonObject frame) {
    enqueue(new Request(null, frame, null, -1, new boolean[1]));
  }

  private void enqueue(Request r) {
    outbox.add(r);
    pump();
  }

  private void pump() {
    vertx.cancelTimer(pumpTimer);
    if (connection == null) {
      return;
    }
    double rate = options.limits().getInteger("rateLimit") * 0.9;
    double burst = Math.max(1, options.limits().getInteger("rateBurst") / 2);
    long now = System.nanoTime();
    tokens = refilledAt == 0 ? burst : Math.min(burst, tokens + (now - refilledAt) / 1e9 * rate);
    refilledAt = now;
    while (!outbox.isEmpty() && tokens >= 1) {
      Request r = outbox.poll();
      if (r.ref() != null && requests.get(r.ref()) != r) {
        continue; // settled meanwhile
      }
      tokens--;
      connection.send(r.frame());
      r.sent()[0] = true;
    }
    if (!outbox.isEmpty()) {
      pumpTimer = vertx.setTimer((long) Math.ceil(1000 / rate), t -> pump());
    }
  }

  // ---- what the node sends

  private void received(JsonObject f) {
    String type = f.getString("type");
    String ref = f.getString("ref");
    if ("history".equals(type) && f.containsKey("with")) {
      streams.follow(f.getString("with"), f.getJsonArray("messages"));
    }
    if (ANSWERS.contains(type) && ref != null && ref.matches("~\\d+")) {
      Request r = requests.get(ref);
      if (r != null) { // else it came after its timeout: the request has failed already
        answered(r, f);
      }
    } else if ("error".equals(type) && ref != null && streams.roomOfRef(ref) != null) {
      String room = streams.roomOfRef(ref);
      streams.untrack(room); // refused: not joined again
      joining.getOrDefault(room, List.of()).forEach(p -> p.tryFail(new ChatException(f.getString("code"), f.getString("message"), f)));
      joining.remove(room);
    } else if ("joined".equals(type)) {
      joined(f);
    } else if ("message".equals(type)) {
      if (streams.message(f)) {
        tell(type, f);
      }
    } else if ("dm".equals(type)) {
      streams.dm(peer(f), f).forEach(m -> tell("dm", m));
      if (streams.gap(peer(f))) {
        fill(peer(f));
      }
    } else if (CHANGES.contains(type)) {
      if (streams.change(f, f.containsKey("room") ? null : peer(f))) {
        tell(type, f);
      }
    } else {
      tell(type, f);
    }
  }

  private String peer(JsonObject f) {
    return f.getString("from").equals(me) ? f.getString("to") : f.getString("from");
  }

  private void answered(Request r, JsonObject f) {
    if ("error".equals(f.getString("type")) && "rate_limited".equals(f.getString("code"))) {
      r.sent()[0] = false; // not taken: again in a moment
      vertx.setTimer(500 + ThreadLocalRandom.current().nextLong(500), t -> {
        if (requests.get(r.ref()) == r && connection != null && !r.sent()[0] && !outbox.contains(r)) {
          enqueue(r);
        }
      });
      return;
    }
    settle(r.ref(), "error".equals(f.getString("type")) ? new ChatException(f.getString("code"), f.getString("message"), f) : null, f);
  }

  private void settle(String ref, ChatException error, JsonObject answer) {
    Request r = requests.remove(ref);
    if (r == null) {
      return;
    }
    vertx.cancelTimer(r.timer());
    if (error != null) {
      r.answer().tryFail(error);
    } else {
      r.answer().tryComplete(answer);
    }
  }

  private void failRequests(java.util.function.Predicate<Request> which, String code, String message) {
    List.copyOf(requests.values()).stream().filter(which).forEach(r -> settle(r.ref(), new ChatException(code, message), null));
  }

  private void joined(JsonObject f) {
    if (streams.joined(f) == null) {
      return;
    }
    List<Promise<JsonObject>> waiting = joining.remove(f.getString("room"));
    if (waiting != null) {
      waiting.forEach(p -> p.tryComplete(f));
    }
    tell("joined", f);
  }

  // ---- DM conversations: a jump in seqs is filled from history before the rest goes on

  private void fill(String peer) {
    if (connection == null || !filling.add(peer)) {
      return;
    }
    page(peer, streams.seq(peer)).onComplete(done -> {
      filling.remove(peer);
      if (streams.gap(peer) && connection != null) {
        fill(peer); // live ones came past what history had
      }
    });
  }

  private Future<Void> page(String peer, long after) {
    int limit = options.limits().getInteger("maxPage");
    return request(new JsonObject().put("type", "history").put("with", peer).put("after", after).put("limit", limit)).compose(h -> {
      JsonArray messages = h.getJsonArray("messages");
      streams.filled(peer, messages).forEach(m -> tell("dm", m));
      return messages.size() == limit ? page(peer, messages.getJsonObject(limit - 1).getLong("seq")) : Future.succeededFuture();
    });
  }

  private void readChanges(String peer, long after) {
    int limit = options.limits().getInteger("maxPage");
    request(new JsonObject().put("type", "changes").put("with", peer).put("after", after).put("limit", limit)).onSuccess(page -> {
      JsonArray changes = page.getJsonArray("changes");
      changes.stream().map(JsonObject.class::cast).filter(change -> streams.change(change, peer))
          .forEach(change -> tell(change.getString("type"), change));
      if (changes.size() == limit) {
        readChanges(peer, changes.getJsonObject(limit - 1).getLong("rev"));
      }
    });
  }

  private void tell(String type, JsonObject f) {
    if ("state".equals(type) && "online".equals(f.getString("state"))) {
      f.put("user", me);
    }
    Handler<JsonObject> h = handlers.get(type);
    if (h != null) {
      h.handle(f);
    }
  }
}
