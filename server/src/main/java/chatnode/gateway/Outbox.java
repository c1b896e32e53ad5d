package chatnode.gateway;

import chatnode.ops.Metrics;
import chatnode.protocol.ErrorCode;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;

/**
 * Every frame a session sends, in one bounded queue: the bytes written to its socket are counted
 * until the socket has taken them. Past half of the budget, ephemeral frames (typing, presence,
 * member) are dropped and backlogs wait; a client that lets the other half fill too is too slow
 * and is handed to {@code onOverflow} (closed with 4008). Nothing goes out before the session's
 * first frame ({@code welcome}): what comes earlier waits for it. Runs on the session's event loop.
 */
final class Outbox {
  private static final Set<String> EPHEMERAL = Set.of("typing", "presence", "member");

  private final ServerWebSocket ws;
  private final Metrics metrics;
  private final long budget;
  private final Runnable onOverflow;
  /** What waits for the queue to go down (backlogs), in order; at most one entry per joined room. */
  private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
  private long queued;
  private boolean open = true;
  /** Frames that came before the session's first frame ({@code welcome}) was sent, in order; null once it was. */
  private ArrayDeque<String[]> early = new ArrayDeque<>();
  private long earlyBytes;

  Outbox(ServerWebSocket ws, Metrics metrics, long budget, Runnable onOverflow) {
    this.ws = ws;
    this.metrics = metrics;
    this.budget = budget;
    this.onOverflow = onOverflow;
  }

  /**
   * Queues a frame; false when it was not (dropped, or the session is closed or now closing). A
   * frame is always taken while the queue is under half, whatever its size (each is bounded).
   */
  boolean write(String frame, String type) {
    if (!open || ws.isClosed()) {
      return false;
    }
    int bytes = Utf8.length(frame);
    if (early != null) {
      // A DM may reach the session between its registration and its welcome: it waits, counted in the budget.
      if (earlyBytes + bytes > budget / 2) {
        metrics.slowConsumerClosed();
        onOverflow.run();
        return false;
      }
      early.add(new String[] {frame, type});
      earlyBytes += bytes;
      return true;
    }
    if (queued >= budget / 2) {
      if (EPHEMERAL.contains(type)) {
        metrics.ephemeralDropped();
        return false;
      }
      if (queued + bytes > budget) {
        metrics.slowConsumerClosed();
        onOverflow.run();
        return false;
      }
    }
    queued += bytes;
    metrics.outboundQueued(bytes);
    metrics.frameOut(type);
    // Completes, written or failed, once the socket took the frame or closed.
    ws.writeTextMessage(frame).onComplete(done -> taken(bytes));
    return true;
  }

  /** Sends the session's first frame, then what came for it meanwhile, in order; from now on frames go out as they come. */
  void first(JsonObject frame) {
    ArrayDeque<String[]> waited = early;
    early = null;
    earlyBytes = 0;
    send(frame);
    waited.forEach(f -> write(f[0], f[1]));
  }

  /** Queues a JSON frame (see {@link #write}). */
  boolean send(JsonObject frame) {
    return write(frame.encode(), frame.getString("type"));
  }

  /** Queues the answer to a frame: with the frame's {@code ref} when it had one. */
  boolean reply(JsonObject frame, String ref) {
    return send(ref == null ? frame : frame.put("ref", ref));
  }

  boolean error(ErrorCode code, String message, String ref) {
    metrics.error(code.wire());
    return reply(new JsonObject().put("type", "error").put("code", code.wire()).put("message", message), ref);
  }

  /** True while a backlog may write on: the queue is under half, which leaves the rest to live frames. */
  boolean hasRoom() {
    return open && queued < budget / 2;
  }

  /** Runs {@code next} once the queue is down to a quarter (or at once if it already is). */
  void whenRoom(Runnable next) {
    if (open && queued <= budget / 4) {
      next.run();
    } else if (open) {
      waiting.add(next);
    }
  }

  /** Forgets a waiting continuation whose room was left or joined again. */
  void forget(Runnable next) {
    waiting.remove(next);
  }

  /** The session is closing: nothing more is queued, nothing waiting runs. */
  void close() {
    open = false;
    waiting.clear();
    if (early != null) {
      early.clear();
    }
  }

  private void taken(int bytes) {
    queued -= bytes;
    metrics.outboundQueued(-bytes);
    if (open && queued <= budget / 4 && !waiting.isEmpty()) {
      // Each runs in turn; one that fills the queue again waits again, behind the others.
      List<Runnable> ready = List.copyOf(waiting);
      waiting.clear();
      ready.forEach(Runnable::run);
    }
  }
}
