package chatnode.delivery;

import chatnode.bus.Delivery;
import chatnode.store.Store;
import io.vertx.core.Vertx;
import java.util.function.Consumer;

/**
 * A conversation's two streams on this node, each in order: its messages by seq and its changes by
 * rev, a change never before the message it changes (the two are published apart and may cross).
 */
final class Ordered {
  final Sequencer messages;
  final Sequencer changes;
  private final Consumer<Delivery> forward;

  /** {@code room} is null for a DM conversation. */
  Ordered(Vertx vertx, Store store, String conv, String room, long gapFillMs, Consumer<Delivery> forward) {
    this.forward = forward;
    this.messages = new Sequencer(vertx, new StreamSource.Messages(store, conv, room), gapFillMs, d -> true, this::message);
    this.changes = new Sequencer(vertx, new StreamSource.Changes(store, conv, room), gapFillMs, this::messageForwarded, forward);
  }

  void offer(Delivery d) {
    (d.isChange() ? changes : messages).offer(d);
  }

  /** Both streams read on from the store at once (a node died, or came back). */
  void fill() {
    messages.fill();
    changes.fill();
  }

  void cancel() {
    messages.cancel();
    changes.cancel();
  }

  private void message(Delivery d) {
    forward.accept(d);
    changes.drain();
  }

  private boolean messageForwarded(Delivery change) {
    return messages.started() && messages.last() >= change.seq();
  }
}
