package chatnode.delivery;

import chatnode.bus.Delivery;
import chatnode.bus.Stored;
import chatnode.chat.MessageLog;
import chatnode.store.Store;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts one conversation's frames back in seq order for this node: frames posted on different
 * nodes may cross on the bus. It holds everything until {@link #start} anchors it at a seq taken
 * from the store; from then on it forwards each seq once, in order, and fills a gap the bus does
 * not fill in time from the store. Owned by the delivery verticle's event loop.
 */
final class Sequencer {
  private static final Logger log = LoggerFactory.getLogger(Sequencer.class);
  /** Out-of-order frames held while waiting for a missing seq; the store has any dropped here. */
  private static final int MAX_EARLY = 10_000;
  static final int FILL_PAGE = 200;

  private final Vertx vertx;
  private final Store store;
  private final String conv;
  private final String room;
  private final long gapFillMs;
  private final Consumer<Delivery> forward;
  private final TreeMap<Long, Delivery> early = new TreeMap<>();
  private long last = -1;
  private boolean holding = true;
  private boolean filling;
  private boolean fillAgain;
  private long gapTimer = -1;

  /** {@code room} is null for a DM conversation. */
  Sequencer(Vertx vertx, Store store, String conv, String room, long gapFillMs, Consumer<Delivery> forward) {
    this.vertx = vertx;
    this.store = store;
    this.conv = conv;
    this.room = room;
    this.gapFillMs = gapFillMs;
    this.forward = forward;
  }

  String conversation() {
    return conv;
  }

  /** Starts the stream after {@code anchor}: what follows it is forwarded, what precedes it never. */
  void start(long anchor) {
    holding = false;
    last = anchor;
    early.headMap(anchor, true).clear();
    drain();
  }

  void offer(Delivery d) {
    if (!holding && d.seq() <= last) {
      return;
    }
    early.put(d.seq(), d);
    if (early.size() > MAX_EARLY) {
      early.pollLastEntry();
      log.warn("conversation {}: more than {} frames out of order, relying on the store", conv, MAX_EARLY);
    }
    if (!holding) {
      drain();
    }
  }

  /** Reads from the store everything after the last seq forwarded, page after page, and forwards it. */
  void fill() {
    if (holding) {
      return;
    }
    if (filling) {
      fillAgain = true;
      return;
    }
    filling = true;
    long from = last;
    store.read(c -> MessageLog.read(c, conv, room, null, from, FILL_PAGE))
        .onComplete(read -> {
          filling = false;
          boolean more = fillAgain;
          fillAgain = false;
          if (read.failed()) {
            log.warn("conversation {}: gap fill failed, retrying", conv, read.cause());
          } else {
            List<Stored> page = read.result().messages();
            page.forEach(m -> early.putIfAbsent(m.seq(), delivery(m, conv)));
            more |= page.size() == FILL_PAGE;
          }
          drain();
          if (more) {
            fill();
          }
        });
  }

  void cancel() {
    if (gapTimer >= 0) {
      vertx.cancelTimer(gapTimer);
      gapTimer = -1;
    }
  }

  private void drain() {
    early.headMap(last, true).clear();
    while (!early.isEmpty() && early.firstKey() == last + 1) {
      forward.accept(early.pollFirstEntry().getValue());
      last++;
    }
    if (early.isEmpty()) {
      cancel();
    } else if (gapTimer < 0 && !filling) {
      gapTimer = vertx.setTimer(gapFillMs, t -> {
        gapTimer = -1;
        fill();
      });
    }
  }

  /** A stored message as the frame the bus would have brought. */
  static Delivery delivery(Stored m, String conv) {
    String frame = m.toFrame().encode();
    return m.isRoom()
        ? Delivery.toRoom(m.seq(), conv, m.from(), false, "message", frame)
        : Delivery.direct(m.seq(), conv, m.from(), "dm", frame, List.of(m.to(), m.from()));
  }
}
