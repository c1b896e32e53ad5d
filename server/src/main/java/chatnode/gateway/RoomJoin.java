package chatnode.gateway;

import chatnode.bus.Addresses;
import chatnode.bus.Change;
import chatnode.bus.ChangeRequests;
import chatnode.bus.Delivery;
import chatnode.bus.HistoryPage;
import chatnode.bus.HistoryQuery;
import chatnode.bus.RoomRequests;
import chatnode.bus.Stored;
import chatnode.protocol.Protocol;
import io.netty.buffer.ByteBuf;
import io.vertx.core.eventbus.EventBus;
import java.util.ArrayDeque;
import java.util.List;

/**
 * One join of a room by a session, once admitted: its backlog sent through the outbox as fast as
 * the client reads (the messages after {@code since}, then the changes after {@code sinceRev}),
 * then live. Live frames of the room are held meanwhile, then only newer seqs and revs pass; a
 * change never goes before the message it changes. Runs on the session's event loop.
 */
final class RoomJoin {
  final String room;
  final Long since;
  private final Long sinceRev;
  final boolean batchedMembers;
  /** The join frame's ref, for its refusal. */
  final String ref;
  final Runnable pump = this::pump;
  private final SessionRooms rooms;
  private final Outbox out;
  private final EventBus bus;
  private final RoomRequests.Caller caller;
  private final long maxHeldBytes;
  private final ArrayDeque<Delivery> held = new ArrayDeque<>();
  private long heldBytes;
  /** Its turn to read: set by {@link SessionRooms}, which lets few joins read at once. */
  boolean reading;
  /** Store reads (or the join's first steps) under way: its turn ends only once they returned. */
  int storeCalls;
  private boolean live;
  boolean ended;
  /** Held frames were dropped: both streams are read once more after the current page. */
  private boolean reread;
  private boolean resume;
  /** The changes after {@link #lastRev} are read once the messages are sent. */
  private boolean changesWanted;
  /** The newest seq and rev this session has of the room. */
  private long last;
  private long lastRev;
  private HistoryPage page;
  private List<Change> changes;
  private int next;

  RoomJoin(SessionRooms rooms, Outbox out, EventBus bus, RoomRequests.Caller caller, long maxHeldBytes,
           String room, Long since, Long sinceRev, boolean batchedMembers, String ref) {
    this.rooms = rooms;
    this.out = out;
    this.bus = bus;
    this.caller = caller;
    this.maxHeldBytes = maxHeldBytes;
    this.room = room;
    this.since = since;
    this.sinceRev = sinceRev;
    this.batchedMembers = batchedMembers;
    this.ref = ref;
    this.resume = since != null;
    this.changesWanted = sinceRev != null;
  }

  /** The first page is read and {@code joined} sent: its backlog follows. */
  void begin(HistoryPage first) {
    last = since == null ? first.newest() : Math.min(since, first.newest());
    lastRev = sinceRev == null ? first.rev() : Math.min(sinceRev, first.rev());
    page = first;
    pump();
  }

  /** A frame of the room, from the node's delivery verticle in order: passed when live, held while reading. */
  void deliver(Delivery d, ByteBuf wire) {
    if (live) {
      pass(d, wire);
    } else if (reading) {
      // Frames that came before its read are skipped by seq and rev; a join still waiting its turn reads them all later.
      int bytes = Utf8.length(d.frame());
      if (heldBytes + bytes > maxHeldBytes) {
        // Messages and changes are stored: they are dropped and read again. Member changes and
        // typing notices are not: they stay, within the same bound.
        held.removeIf(h -> h.isChange() || h.seq() > 0);
        heldBytes = held.stream().mapToLong(h -> Utf8.length(h.frame())).sum();
        reread = true;
      }
      if (heldBytes + bytes <= maxHeldBytes && !(reread && (d.isChange() || d.seq() > 0))) {
        held.add(d);
        heldBytes += bytes;
      }
    }
  }

  /** Stops it: nothing more is sent. */
  void end() {
    ended = true;
    page = null;
    changes = null;
    held.clear();
    out.forget(pump);
  }

  private void pump() {
    if (ended) {
      return;
    }
    if (page != null) {
      pumpMessages();
    } else {
      pumpChanges();
    }
  }

  private void pumpMessages() {
    List<Stored> messages = page.messages();
    while (next < messages.size()) {
      if (!out.hasRoom()) {
        out.whenRoom(pump);
        return;
      }
      Stored m = messages.get(next++);
      out.write(page.frame(m).encode(), m.isRoom() ? "message" : "dm");
      last = Math.max(last, m.seq());
    }
    boolean full = resume && messages.size() == Protocol.MAX_PAGE;
    page = null;
    if (reread || full) {
      changesWanted |= reread;
      reread = false;
      readMessages();
    } else if (changesWanted) {
      readChanges();
    } else {
      goLive();
    }
  }

  private void pumpChanges() {
    while (next < changes.size()) {
      if (!out.hasRoom()) {
        out.whenRoom(pump);
        return;
      }
      Change c = changes.get(next);
      if (c.seq() > last) {
        // A change of a message committed after the messages were read: that message (as it is
        // now) goes first, then the changes again from here.
        changes = null;
        readMessages();
        return;
      }
      next++;
      out.write(c.toFrame().encode(), c.kind().frameType());
      lastRev = c.rev();
    }
    boolean full = changes.size() == Protocol.MAX_PAGE;
    changes = null;
    if (reread) {
      reread = false;
      readMessages();
    } else if (full) {
      readChanges();
    } else {
      changesWanted = false;
      goLive();
    }
  }

  private void readMessages() {
    resume = true;
    storeCalls++;
    SessionRooms.read(bus, new HistoryQuery(room, caller.user(), null, null, last, Protocol.MAX_PAGE, true))
        .onComplete(done -> rooms.settled(this))
        .onSuccess(p -> {
          if (!ended) {
            page = p;
            next = 0;
            pump();
          }
        })
        .onFailure(rooms::readFailed);
  }

  private void readChanges() {
    storeCalls++;
    ChangeRequests.Read read = new ChangeRequests.Read(caller, new ChangeRequests.Of(room, null), lastRev, Protocol.MAX_PAGE, true);
    bus.<ChangeRequests.Page>request(Addresses.CHANGES_READ, read, Addresses.local())
        .onComplete(done -> rooms.settled(this))
        .onSuccess(p -> {
          if (!ended) {
            changes = p.body().changes();
            next = 0;
            pump();
          }
        })
        .onFailure(rooms::readFailed);
  }

  private void goLive() {
    live = true;
    rooms.release(this);
    while (!held.isEmpty() && !ended) {
      pass(held.poll(), null);
    }
    heldBytes = 0;
  }

  /** Writes a live frame unless the join sent it already; {@code wire} is its bytes, null for a frame that was held. */
  private void pass(Delivery d, ByteBuf wire) {
    if (d.isChange()) {
      if (d.rev() > lastRev) {
        lastRev = d.rev();
        send(d, wire);
      }
    } else if (d.seq() == 0) {
      if (!(d.skipAbout() && d.about().equals(caller.user()))) {
        send(d, wire);
      }
    } else if (d.seq() > last) {
      last = d.seq();
      send(d, wire);
    }
  }

  private void send(Delivery d, ByteBuf wire) {
    if (wire != null) {
      out.write(d, wire);
    } else {
      out.write(d.frame(), d.type());
    }
  }
}
