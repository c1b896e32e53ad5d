package chat.client;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * What a session sends: frames leave paced a little under the node's rate limit, so that the node
 * never refuses one for the rate; requests among them are settled by their answer, a refusal or
 * their timeout, counted from when they were sent. Runs on the session's context only.
 */
final class Outbox {
  /** Requests waiting for their answer (sent, paced, or waiting for a connection): past it, no more are taken. */
  static final int MAX_WAITING = 1000;
  /** Frames without an answer waiting to leave: past it, more are dropped. */
  static final int MAX_QUEUED = 1000;
  /** Writes that a lost connection leaves undecided (taken or not): repeating one could store it twice, or fail for having been done. */
  private static final Set<String> WRITES = Set.of("say", "dm", "edit", "delete", "react");

  private static final class Request {
    final String ref;
    final JsonObject frame;
    final Promise<JsonObject> answer;
    long timer = -1;
    long retry = -1;
    boolean sent;

    Request(String ref, JsonObject frame, Promise<JsonObject> answer) {
      this.ref = ref;
      this.frame = frame;
      this.answer = answer;
    }
  }

  private record Queued(JsonObject frame, Request request) {}

  private final Vertx vertx;
  private final JsonObject limits;
  private final long timeoutMs;
  private final Map<String, Request> requests = new LinkedHashMap<>();
  private final ArrayDeque<Queued> queue = new ArrayDeque<>();
  private ChatConnection connection;
  private long nextRef;
  private double tokens;
  private long refilledAt;
  private long pumpTimer = -1;

  Outbox(Vertx vertx, JsonObject limits, long timeoutMs) {
    this.vertx = vertx;
    this.limits = limits;
    this.timeoutMs = timeoutMs;
  }

  /** A frame the node answers by {@code ref}: its answer, or a {@link ChatException}. Waits for a connection if there is none. */
  Future<JsonObject> request(JsonObject frame) {
    if (requests.size() >= MAX_WAITING) {
      return Future.failedFuture(new ChatException("busy", MAX_WAITING + " requests are waiting for their answer"));
    }
    String ref = "~" + (++nextRef);
    JsonObject framed = frame.copy().put("ref", ref);
    int size = framed.encode().getBytes(StandardCharsets.UTF_8).length;
    if (size > limits.getInteger("maxFrameBytes")) {
      return Future.failedFuture(new ChatException("too_large", "the frame takes " + size + " bytes, over the node's " + limits.getInteger("maxFrameBytes")));
    }
    Request r = new Request(ref, framed, Promise.promise());
    requests.put(ref, r);
    if (connection != null) {
      enqueue(new Queued(framed, r), false);
    }
    return r.answer.future();
  }

  /** A frame without an answer, paced; false when offline or too many wait. {@code first}: ahead of the others (a heartbeat). */
  boolean send(JsonObject frame, boolean first) {
    if (connection == null || queue.size() >= MAX_QUEUED) {
      return false;
    }
    enqueue(new Queued(frame, null), first);
    return true;
  }

  /** A connection is up: {@code resume} goes first (the joins the requests may need), then every request still waiting, in the order made. */
  void online(ChatConnection c, List<JsonObject> resume) {
    connection = c;
    resume.forEach(frame -> queue.add(new Queued(frame, null)));
    requests.values().forEach(r -> {
      vertx.cancelTimer(r.retry);
      queue.add(new Queued(r.frame, r));
    });
    pump();
  }

  /**
   * The connection closed with {@code code}. After a drain (1012) the node has answered all it
   * took, so what has no answer goes again on the next connection; after any other close a write
   * without its answer fails with {@code unknown}, and the rest goes again.
   */
  void offline(int code) {
    connection = null;
    vertx.cancelTimer(pumpTimer);
    queue.clear();
    fail(r -> r.sent && code != 1012 && WRITES.contains(r.frame.getString("type")), "unknown",
        "the connection closed (" + code + ") before the node answered: it may or may not have been done");
    requests.values().forEach(r -> {
      r.sent = false;
      vertx.cancelTimer(r.retry);
    });
  }

  /** A frame of the node that answers one of these requests: settles it and returns true; false for any other frame. */
  boolean answered(JsonObject f) {
    String ref = f.getString("ref");
    if (ref == null || !ref.matches("~\\d+")) {
      return false;
    }
    Request r = requests.get(ref);
    if (r == null) {
      return true; // it came after its timeout: the request has failed already
    }
    if ("error".equals(f.getString("type")) && "rate_limited".equals(f.getString("code"))) {
      r.sent = false; // not taken (the node's store queue is full): again in a moment
      r.retry = vertx.setTimer(500 + ThreadLocalRandom.current().nextLong(500), t -> {
        if (requests.get(ref) == r && connection != null) {
          enqueue(new Queued(r.frame, r), false);
        }
      });
      return true;
    }
    settle(r, "error".equals(f.getString("type")) ? new ChatException(f.getString("code"), f.getString("message"), f) : null, f);
    return true;
  }

  /** Every request fails with {@code closed}: the session ended. */
  void close(String why) {
    connection = null;
    vertx.cancelTimer(pumpTimer);
    queue.clear();
    fail(r -> true, "closed", why);
  }

  private void fail(Predicate<Request> which, String code, String message) {
    List.copyOf(requests.values()).stream().filter(which).forEach(r -> settle(r, new ChatException(code, message), null));
  }

  private void settle(Request r, ChatException error, JsonObject answer) {
    if (requests.remove(r.ref) == null) {
      return;
    }
    vertx.cancelTimer(r.timer);
    vertx.cancelTimer(r.retry);
    if (error != null) {
      r.answer.tryFail(error);
    } else {
      r.answer.tryComplete(answer);
    }
  }

  private void enqueue(Queued q, boolean first) {
    if (first) {
      queue.addFirst(q);
    } else {
      queue.add(q);
    }
    pump();
  }

  /** A token bucket at nine tenths of the node's rate, with half its burst. */
  private void pump() {
    vertx.cancelTimer(pumpTimer);
    if (connection == null) {
      return;
    }
    double rate = limits.getInteger("rateLimit") * 0.9;
    double burst = Math.max(1, limits.getInteger("rateBurst") / 2);
    long now = System.nanoTime();
    tokens = refilledAt == 0 ? burst : Math.min(burst, tokens + (now - refilledAt) / 1e9 * rate);
    refilledAt = now;
    while (!queue.isEmpty() && tokens >= 1) {
      Queued q = queue.poll();
      Request r = q.request();
      if (r != null && requests.get(r.ref) != r) {
        continue; // settled meanwhile
      }
      tokens--;
      connection.send(q.frame());
      if (r != null) {
        r.sent = true;
        if (r.timer < 0) { // the time runs from sending: waiting for a turn, or for a connection, is no failure
          r.timer = vertx.setTimer(timeoutMs, t -> settle(r, new ChatException("timeout", "no answer within " + timeoutMs + " ms"), null));
        }
      }
    }
    if (!queue.isEmpty()) {
      pumpTimer = vertx.setTimer((long) Math.ceil(1000 / rate), t -> pump());
    }
  }
}
