package chatnode.delivery;

import chatnode.bus.Delivery;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts one stream of a conversation (its messages by seq, or its changes by rev) back in order for
 * this node: frames posted on different nodes may cross on the bus. It holds everything until
 * {@link #start} anchors it at a position taken from the store; from then on it forwards each
 * position once, in order, and fills a gap the bus does not fill in time from the store. A frame
 * may also wait for {@code ready} (a change for the message it changes to have been forwarded).
 * Owned by the delivery verticle's event loop.
 */
final class Sequencer {
  private static final Logger log = LoggerFactory.getLogger(Sequencer.class);
  /** Out-of-order frames held while waiting for a missing position; the store has any dropped here. */
  private static final int MAX_EARLY = 10_000;
  static final int FILL_PAGE = 200;

  private final Vertx vertx;
  private final StreamSource source;
  private final long gapFillMs;
  private final Predicate<Delivery> ready;
  private final Consumer<Delivery> forward;
  private final TreeMap<Long, Delivery> early = new TreeMap<>();
  private long last = -1;
  private boolean holding = true;
  private boolean anchoring;
  private boolean filling;
  private boolean fillAgain;
  private long gapTimer = -1;

  Sequencer(Vertx vertx, StreamSource source, long gapFillMs, Predicate<Delivery> ready, Consumer<Delivery> forward) {
    this.vertx = vertx;
    this.source = source;
    this.gapFillMs = gapFillMs;
    this.ready = ready;
    this.forward = forward;
  }

  StreamSource source() {
    return source;
  }

  boolean started() {
    return !holding;
  }

  /** The last position forwarded (-1 before the start). */
  long last() {
    return last;
  }

  /** True the first time only: the caller then finds the anchor and calls {@link #start}. */
  boolean beginAnchor() {
    boolean first = !anchoring;
    anchoring = true;
    return first;
  }

  /** Starts the stream after {@code anchor}: what follows it is forwarded, what precedes it never. */
  void start(long anchor) {
    holding = false;
    last = anchor;
    drain();
  }

  void offer(Delivery d) {
    long position = source.position(d);
    if (!holding && position <= last) {
      return;
    }
    early.put(position, d);
    if (early.size() > MAX_EARLY) {
      early.pollLastEntry();
      log.warn("conversation {}: more than {} frames out of order, relying on the store", source.conversation(), MAX_EARLY);
    }
    if (!holding) {
      drain();
    }
  }

  /** Reads from the store everything after the last position forwarded, page after page, and forwards it. */
  void fill() {
    if (holding) {
      return;
    }
    if (filling) {
      fillAgain = true;
      return;
    }
    filling = true;
    source.after(last, FILL_PAGE).onComplete(read -> {
      filling = false;
      boolean more = fillAgain;
      fillAgain = false;
      if (read.failed()) {
        log.warn("conversation {}: gap fill failed, retrying", source.conversation(), read.cause());
      } else {
        List<StreamSource.Item> page = read.result();
        page.forEach(item -> early.putIfAbsent(item.position(), item.delivery()));
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

  /** Forwards what is next in order and ready; a frame that waits for {@code ready} is no gap, and the store is not asked for it. */
  void drain() {
    if (holding) {
      return;
    }
    early.headMap(last, true).clear();
    while (!early.isEmpty() && early.firstKey() == last + 1 && ready.test(early.firstEntry().getValue())) {
      forward.accept(early.pollFirstEntry().getValue());
      last++;
    }
    boolean gap = !early.isEmpty() && early.firstKey() != last + 1;
    if (!gap) {
      cancel();
    } else if (gapTimer < 0 && !filling) {
      gapTimer = vertx.setTimer(gapFillMs, t -> {
        gapTimer = -1;
        fill();
      });
    }
  }
}
