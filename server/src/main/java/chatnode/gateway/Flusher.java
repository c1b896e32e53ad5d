package chatnode.gateway;

import chatnode.ops.Metrics;
import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The sessions of one gateway written to in the current event-loop turn, flushed together once it
 * is over: a socket gets one flush (one system call) for all the frames of a turn, not one per
 * frame. A turn can be long (the event bus hands a consumer every message it has in one go), so
 * what was written is also flushed once it has waited {@link #MAX_HOLD_NANOS}, checked after each
 * delivery. It also keeps the node's count of queued bytes up to date, once per flush, not per
 * frame. Confined to the gateway's event loop; each session is in it at most once, so it is
 * bounded by the gateway's sessions.
 */
final class Flusher {
  private final Context context;
  private final Metrics metrics;
  /** Longest a written frame waits for its flush: well under the latency the node aims at. */
  static final long MAX_HOLD_NANOS = 500_000;

  private List<Outbox> written = new ArrayList<>();
  /** When the first of {@link #written} was written (System.nanoTime). */
  private long since;

  Flusher(Context context, Metrics metrics) {
    this.context = context;
    this.metrics = metrics;
  }

  /** {@code out} has frames to flush at the end of this turn. */
  void add(Outbox out) {
    if (written.isEmpty()) {
      since = System.nanoTime();
      context.runOnContext(v -> flush());
    }
    written.add(out);
  }

  /** A delivery was written: what has waited long enough goes out now, not at the end of the turn. */
  void delivered() {
    if (!written.isEmpty() && System.nanoTime() - since > MAX_HOLD_NANOS) {
      flush();
    }
  }

  private void flush() {
    // A flush can run code that writes again (a backlog let go as its socket drains): that goes in the next turn.
    List<Outbox> now = written;
    written = new ArrayList<>();
    long change = 0;
    for (Outbox out : now) {
      out.flush();
      change += out.report();
    }
    metrics.outboundQueued(change);
  }

  /** Brings the count of queued bytes up to date for sessions whose sockets took bytes since their last write. */
  void report(Collection<ChatConnection> sessions) {
    long change = 0;
    for (ChatConnection c : sessions) {
      change += c.reportQueued();
    }
    metrics.outboundQueued(change);
  }
}
