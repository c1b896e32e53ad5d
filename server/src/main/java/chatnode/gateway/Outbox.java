package chatnode.gateway;

import chatnode.bus.Delivery;
import chatnode.ops.Metrics;
import chatnode.protocol.ErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;

/**
 * Every frame a session sends, as wire bytes written straight to its socket's channel (a room's
 * frame is encoded once per node and the same bytes go to every member) and flushed once per
 * event-loop turn by the gateway's {@link Flusher}. The bytes the socket has not taken yet are
 * the channel's own count. Past half of the budget, ephemeral frames (typing, presence, member)
 * are dropped and backlogs wait; a client that lets the other half fill too is too slow and is
 * handed to {@code onOverflow} (closed with 4008). Nothing goes out before the session's first
 * frame ({@code welcome}): what comes earlier waits for it. Runs on the session's event loop.
 */
final class Outbox {
  private static final Set<String> EPHEMERAL = Set.of("typing", "presence", "member");
  /** Written and not flushed past this, a socket is flushed at once: the kernel gets work while the turn goes on. */
  private static final int MAX_UNFLUSHED_BYTES = 32 * 1024;

  private final ServerWebSocket ws;
  private final ChannelHandlerContext channel;
  private final Flusher flusher;
  private final Metrics metrics;
  private final long budget;
  private final int maxFrame;
  private final Runnable onOverflow;
  /** What waits for the queue to go down (backlogs), in order; at most one entry per joined room. */
  private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
  /** Whether a write waits for this turn's flush, and whether a marker write watches the queue for {@link #waiting}. */
  private boolean unflushed;
  private int unflushedBytes;
  private boolean watching;
  /** The queued bytes the node's count holds for this session. */
  private long reported;
  private boolean open = true;
  /** Frames that came before the session's first frame ({@code welcome}) was sent, in order; null once it was. */
  private ArrayDeque<String[]> early = new ArrayDeque<>();
  private long earlyBytes;

  Outbox(ServerWebSocket ws, Flusher flusher, Metrics metrics, long budget, int maxFrame, Runnable onOverflow) {
    this.ws = ws;
    this.channel = ((WebSocketInternal) ws).channelHandlerContext();
    this.flusher = flusher;
    this.metrics = metrics;
    this.budget = budget;
    this.maxFrame = maxFrame;
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
    if (early != null) {
      // A DM may reach the session between its registration and its welcome: it waits, counted in the budget.
      int bytes = Utf8.length(frame);
      if (earlyBytes + bytes > budget / 2) {
        metrics.slowConsumerClosed();
        onOverflow.run();
        return false;
      }
      early.add(new String[] {frame, type});
      earlyBytes += bytes;
      return true;
    }
    ByteBuf wire = WireFrames.text(channel.alloc(), frame, maxFrame);
    try {
      return writeWire(wire, type);
    } finally {
      wire.release();
      flusher.delivered();
    }
  }

  /**
   * Queues a delivery whose frame is encoded already, as {@code wire} (see {@link #write(String,
   * String)}); the caller keeps its reference to the bytes.
   */
  boolean write(Delivery d, ByteBuf wire) {
    return early != null ? write(d.frame(), d.type()) : writeWire(wire, d.type());
  }

  private boolean writeWire(ByteBuf wire, String type) {
    if (!open || ws.isClosed()) {
      return false;
    }
    long queued = queued();
    if (queued >= budget / 2) {
      if (EPHEMERAL.contains(type)) {
        metrics.ephemeralDropped();
        return false;
      }
      if (queued + wire.readableBytes() > budget) {
        metrics.slowConsumerClosed();
        onOverflow.run();
        return false;
      }
    }
    channel.write(wire.retainedDuplicate(), channel.voidPromise());
    metrics.frameOut(type);
    unflushedBytes += wire.readableBytes();
    if (unflushedBytes >= MAX_UNFLUSHED_BYTES) {
      unflushedBytes = 0;
      channel.flush(); // it stays in the flusher's list, for what this turn writes after
    }
    if (!unflushed) {
      unflushed = true;
      flusher.add(this);
    }
    return true;
  }

  /** The turn is over: what was written goes to the socket. */
  void flush() {
    unflushed = false;
    unflushedBytes = 0;
    channel.flush();
  }

  /** How much the queued bytes changed since the node's count last heard of them; none once closed. */
  long report() {
    long now = open ? queued() : 0;
    long change = now - reported;
    reported = now;
    return change;
  }

  /** Bytes written to this session that its socket has not taken yet. */
  long queued() {
    ChannelOutboundBuffer buffer = channel.channel().unsafe().outboundBuffer();
    return buffer == null ? 0 : buffer.totalPendingWriteBytes();
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
    return open && queued() < budget / 2;
  }

  /** Runs {@code next} once the queue is down to a quarter (or at once if it already is). */
  void whenRoom(Runnable next) {
    if (open && queued() <= budget / 4) {
      next.run();
    } else if (open) {
      waiting.add(next);
      watch();
    }
  }

  /**
   * An empty write behind what is queued completes once the socket has taken all of that: then the
   * queue is looked at again. One at a time, and only while something waits.
   */
  private void watch() {
    if (watching) {
      return;
    }
    watching = true;
    channel.writeAndFlush(channel.alloc().buffer(0)).addListener(done -> {
      watching = false;
      taken();
    });
  }

  /** Forgets a waiting continuation whose room was left or joined again. */
  void forget(Runnable next) {
    waiting.remove(next);
  }

  /** The session is closing: nothing more is queued, nothing waiting runs. */
  void close() {
    open = false;
    metrics.outboundQueued(-reported);
    reported = 0;
    waiting.clear();
    if (early != null) {
      early.clear();
    }
  }

  private void taken() {
    if (!open || waiting.isEmpty()) {
      return;
    }
    if (queued() > budget / 4) {
      watch();
      return;
    }
    // Each runs in turn; one that fills the queue again waits again, behind the others.
    List<Runnable> ready = List.copyOf(waiting);
    waiting.clear();
    ready.forEach(Runnable::run);
  }
}
