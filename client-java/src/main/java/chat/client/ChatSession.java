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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * A session with the chat cluster that stays up, as the JavaScript client's (client-web/README.md):
 * it reconnects with backoff and jitter (at once after 1012, to the next node), joins every room
 * again from its last seq and rev and reads every DM conversation again from its own, and hands the
 * application each room message, DM and change once, in order ({@link Streams}). Requests complete
 * with their answer or fail with a {@link ChatException}, and frames leave paced ({@link Outbox}); a
 * connection from which nothing came between two pings is given up. Everything runs on one Vert.x
 * context; the methods may be called from any thread.
 */
public final class ChatSession {
  /** Closes after which the session stops by itself: a bad or revoked token, a ban, a kick. */
  private static final Set<Integer> FINAL = Set.of(4401, 4403, 4001);
  private static final int MAX_POLICY_RETRIES = 3;
  /** How long a connection must have lasted for the next drop to start the backoff again from its shortest wait. */
  private static final long STABLE_MS = 10_000;
  private static final Set<String> CHANGES = Set.of("edited", "deleted", "reaction");

  /**
   * What the session needs: the nodes to try in turn, a token each time it connects, the node's
   * limits (GET /api/config; null: the defaults), and how long a request waits once sent (longer
   * than the node's store-wait-ms, 10 s by default).
   */
  public record Options(List<WebSocketConnectOptions> nodes, Supplier<Future<String>> token, JsonObject limits, long timeoutMs) {
    public Options {
      nodes = List.copyOf(nodes);
      limits = new JsonObject().put("rateLimit", 20).put("rateBurst", 40).put("maxPage", 200).put("maxFrameBytes", 65536)
          .put("heartbeatIntervalMs", 30_000).mergeIn(limits == null ? new JsonObject() : limits);
    }
  }

  private final Vertx vertx;
  private final Context context;
  private final Options options;
  private final WebSocketClient client;
  private final Map<String, Handler<JsonObject>> handlers = new ConcurrentHashMap<>();
  private final Streams streams;
  private final Outbox outbox;
  /** The application's joins waiting for their {@code joined}, per room. */
  private final Map<String, List<Promise<JsonObject>>> joining = new LinkedHashMap<>();
  private final CatchUp catchUp;
  private final Promise<JsonObject> firstWelcome = Promise.promise();
  private ChatConnection connection;
  private String me;
  private long nextRef;
  private int nodeIndex;
  private int attempt;
  private int policyCloses;
  private boolean stopped;
  private boolean tokenRetried;
  private long upSince;
  private long heartbeat = -1;
  private long heard;
  private long pingedAt = -1;

  public ChatSession(Vertx vertx, Options options) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.options = options;
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxMessageSize(16 * 1024 * 1024));
    this.streams = new Streams(options.limits().getInteger("maxPage") * 10);
    this.outbox = new Outbox(vertx, options.limits(), options.timeoutMs());
    this.catchUp = new CatchUp(vertx, outbox, streams, options.limits().getInteger("maxPage"), () -> connection != null, this::tell);
  }

  /** Listens to one frame type ({@code message}, {@code dm}, {@code edited}, {@code presence}, …), or to {@code state}: {state, code?, delay?}. One listener per type. */
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
    return join(room, -1, null);
  }

  /** Joins from {@code since} (-1: the newest messages), with {@code members} ("batched", or null for member frames) . */
  public Future<JsonObject> join(String room, long since, String members) {
    return onContext(p -> {
      if (stopped) {
        p.fail(new ChatException("closed", "the session has ended"));
        return;
      }
      Streams.Room r = streams.track(room, "~j" + (++nextRef), since, members);
      List<Promise<JsonObject>> waiting = joining.computeIfAbsent(room, k -> new ArrayList<>());
      if (r.joined != null && waiting.isEmpty()) {
        p.complete(r.joined);
        return;
      }
      waiting.add(p);
      if (waiting.size() == 1) {
        outbox.send(streams.joinFrame(room), false);
      }
    });
  }

  /** Leaves a room: no more of its stream, and not joined again on reconnecting. */
  public void leave(String room) {
    context.runOnContext(v -> {
      forget(room, new ChatException("closed", "left " + room + " before it was joined"));
      outbox.send(new JsonObject().put("type", "leave").put("room", room), false);
    });
  }

  /** Sends a frame that has no answer (typing, watch, read, part), paced; dropped while offline, as it would be by a dropped connection. */
  public void send(JsonObject frame) {
    context.runOnContext(v -> outbox.send(frame.copy(), false));
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
   * Sends a frame the node answers by {@code ref} (say, dm, edit, delete, react, history, changes)
   * and completes with the answer. Waits for a connection while offline; after a drain (1012)
   * what has no answer is sent again (the node took none of it); after any other drop a write
   * without its answer fails with {@code unknown}.
   */
  public Future<JsonObject> request(JsonObject frame) {
    return onContext(p -> {
      if (stopped) {
        p.fail(new ChatException("closed", "the session has ended"));
      } else {
        outbox.request(frame).onComplete(p);
      }
    });
  }

  /** Ends the session: requests and joins still waiting fail with {@code closed}. */
  public Future<Void> close() {
    return onContext(p -> {
      end("the session was closed");
      if (connection != null) {
        connection.close();
        connection = null;
      }
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
    Promise<String> token = Promise.promise();
    options.token().get().onComplete(got -> context.runOnContext(v -> token.handle(got))); // back on the session's context
    token.future().onFailure(e -> closedFor(4401, "no token: " + e.getMessage(), false))
        .compose(t -> ChatConnection.login(client, new WebSocketConnectOptions(node.toJson()), t))
        .onSuccess(this::welcome)
        .onFailure(e -> {
          if (token.future().succeeded()) {
            closedFor(e instanceof ChatException c && c.frame() != null ? c.frame().getInteger("code") : 1006, e.getMessage(), true);
          }
        });
  }

  private void welcome(ChatConnection c) {
    if (stopped) {
      c.close();
      return;
    }
    connection = c;
    me = c.welcome().getString("user");
    tokenRetried = false;
    upSince = System.currentTimeMillis();
    c.frameHandler(this::received).closeHandler(code -> {
      if (connection == c) {
        closed(code, "");
      }
    });
    tell("state", new JsonObject().put("state", "online"));
    outbox.online(c, streams.rooms().keySet().stream().map(streams::joinFrame).toList());
    startHeartbeat(c);
    catchUp.resume(new ArrayList<>(streams.conversations().keySet()), newest(c.welcome().getJsonArray("dms")), () -> connection == c);
    firstWelcome.tryComplete(c.welcome());
  }

  /** The newest seq of each DM conversation, as the welcome lists them. */
  private static Map<String, Long> newest(JsonArray dms) {
    Map<String, Long> newest = new LinkedHashMap<>();
    if (dms != null) {
      dms.forEach(d -> newest.put(((JsonObject) d).getString("with"), ((JsonObject) d).getLong("lastSeq")));
    }
    return newest;
  }

  /** Every half heartbeat a ping goes first in line; a connection from which nothing came since the last one is dead. */
  private void startHeartbeat(ChatConnection c) {
    heard = System.nanoTime();
    pingedAt = -1;
    heartbeat = vertx.setPeriodic(Math.max(1000, options.limits().getLong("heartbeatIntervalMs") / 2), t -> {
      if (connection != c) {
        return;
      }
      if (pingedAt >= 0 && heard < pingedAt) {
        c.close();
        closed(1006, "no pong");
        return;
      }
      pingedAt = System.nanoTime();
      outbox.send(new JsonObject().put("type", "ping"), true);
    });
  }

  private void closed(int code, String reason) {
    boolean wasOnline = connection != null;
    if (wasOnline && System.currentTimeMillis() - upSince >= STABLE_MS) {
      attempt = 0;
    }
    connection = null;
    vertx.cancelTimer(heartbeat);
    outbox.offline(code);
    closedFor(code, reason, wasOnline);
  }

  private void closedFor(int code, String reason, boolean wasOnline) {
    if (stopped) {
      return;
    }
    if (code == 4401 && wasOnline && !tokenRetried) {
      tokenRetried = true; // the token may have expired during the session: one more try with a fresh one
    } else if (FINAL.contains(code) || (code == 4008 && ++policyCloses > MAX_POLICY_RETRIES)) {
      end("the session ended: " + code + " " + reason);
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

  private void end(String why) {
    stopped = true;
    vertx.cancelTimer(heartbeat);
    outbox.close(why);
    List.copyOf(joining.keySet()).forEach(room -> forget(room, new ChatException("closed", why)));
    firstWelcome.tryFail(new ChatException("closed", why));
  }

  /** Doubling from half a second up to 30 s, jittered in its upper half. */
  static long retryDelay(int attempt) {
    long ceiling = Math.min(30_000, 500L << Math.min(attempt, 10));
    return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
  }

  // ---- what the node sends

  private void received(JsonObject f) {
    heard = System.nanoTime();
    String type = f.getString("type");
    String ref = f.getString("ref");
    if ("history".equals(type) && f.containsKey("with")) {
      streams.follow(f.getString("with"), f.getJsonArray("messages"));
    }
    if (outbox.answered(f)) {
      return;
    }
    String refusedJoin = "error".equals(type) && ref != null ? streams.roomOfRef(ref) : null;
    if (refusedJoin != null) {
      forget(refusedJoin, new ChatException(f.getString("code"), f.getString("message"), f));
    } else if ("joined".equals(type)) {
      joined(f);
    } else if ("message".equals(type)) {
      if (streams.message(f)) {
        tell(type, f);
      }
    } else if ("dm".equals(type)) {
      streams.dm(peer(f), f).forEach(m -> tell("dm", m));
      if (streams.gap(peer(f))) {
        catchUp.fill(peer(f));
      }
    } else if (CHANGES.contains(type)) {
      catchUp.changed(f, f.containsKey("room") ? null : peer(f));
    } else if ("membership".equals(type) && me.equals(f.getString("user")) && Set.of("removed", "parted").contains(f.getString("event"))) {
      forget(f.getString("room"), new ChatException("closed", "no longer a member of " + f.getString("room")));
      tell(type, f);
    } else if (!("pong".equals(type) && ref == null) && !("error".equals(type) && ref == null && "rate_limited".equals(f.getString("code")))) {
      tell(type, f); // not a heartbeat's answer, nor a frame without a ref refused for the rate
    }
  }

  private String peer(JsonObject f) {
    return f.getString("from").equals(me) ? f.getString("to") : f.getString("from");
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

  /** A room no longer followed (refused, left, parted, removed): its joins waiting for their {@code joined} fail with {@code why}. */
  private void forget(String room, ChatException why) {
    streams.untrack(room);
    List<Promise<JsonObject>> waiting = joining.remove(room);
    if (waiting != null) {
      waiting.forEach(p -> p.tryFail(why));
    }
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
