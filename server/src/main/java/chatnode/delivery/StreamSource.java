package chatnode.delivery;

import chatnode.bus.Change;
import chatnode.bus.Delivery;
import chatnode.bus.Stored;
import chatnode.chat.MessageChanges;
import chatnode.chat.MessageLog;
import chatnode.store.Store;
import io.vertx.core.Future;
import java.util.List;

/**
 * Where a {@link Sequencer} finds its stream in the store: a conversation's messages (positions
 * are seqs) or its changes (revs), as the frames the bus would have brought.
 */
sealed interface StreamSource {
  /** A stored frame, its position in the stream, and when it was stored. */
  record Item(long position, long ts, Delivery delivery) {}

  String conversation();

  long position(Delivery d);

  /** The oldest {@code limit} after {@code position}, oldest first. */
  Future<List<Item>> after(long position, int limit);

  /** The newest {@code limit} before {@code position}, oldest first. */
  Future<List<Item>> before(long position, int limit);

  /** {@code room} is null for a DM conversation. */
  record Messages(Store store, String conversation, String room) implements StreamSource {
    @Override
    public long position(Delivery d) {
      return d.seq();
    }

    @Override
    public Future<List<Item>> after(long position, int limit) {
      return store.read(c -> MessageLog.read(c, conversation, room, null, position, limit, null).messages()).map(this::items);
    }

    @Override
    public Future<List<Item>> before(long position, int limit) {
      return store.read(c -> MessageLog.read(c, conversation, room, position, null, limit, null).messages()).map(this::items);
    }

    private List<Item> items(List<Stored> messages) {
      return messages.stream().map(m -> new Item(m.seq(), m.ts(), delivery(m))).toList();
    }

    /** A stored message as the frame the bus would have brought. */
    private Delivery delivery(Stored m) {
      String frame = m.toFrame().encode();
      return m.isRoom()
          ? Delivery.toRoom(m.seq(), conversation, m.from(), false, "message", frame)
          : Delivery.direct(m.seq(), conversation, m.from(), "dm", frame, List.of(m.to(), m.from()));
    }
  }

  record Changes(Store store, String conversation, String room) implements StreamSource {
    @Override
    public long position(Delivery d) {
      return d.rev();
    }

    @Override
    public Future<List<Item>> after(long position, int limit) {
      return store.read(c -> MessageChanges.read(c, conversation, room, position, null, limit)).map(this::items);
    }

    @Override
    public Future<List<Item>> before(long position, int limit) {
      return store.read(c -> MessageChanges.read(c, conversation, room, null, position, limit)).map(this::items);
    }

    private List<Item> items(List<Change> changes) {
      return changes.stream().map(ch -> new Item(ch.rev(), ch.ts(), Delivery.change(ch.seq(), ch.rev(), conversation,
          ch.kind().frameType(), ch.toFrame().encode(), ch.isRoom() ? List.of() : List.of(ch.from(), ch.to())))).toList();
    }
  }
}
