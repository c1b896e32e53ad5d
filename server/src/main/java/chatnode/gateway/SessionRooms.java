package chatnode.gateway;

import chatnode.bus.Addresses;
import chatnode.bus.Change;
import chatnode.bus.ChangeRequests;
import chatnode.bus.Delivery;
import chatnode.bus.HistoryPage;
import chatnode.bus.HistoryQuery;
import chatnode.bus.PresenceChange;
import chatnode.bus.RoomRequests;
import chatnode.bus.Stored;
import chatnode.protocol.ChatException;
import chatnode.protocol.ErrorCode;
import chatnode.protocol.Protocol;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rooms one session has joined. A join sends {@code joined}, then its backlog page by page
 * through the outbox, as fast as the client reads; live frames of the room are held meanwhile,
 * then only newer seqs pass. Few joins read at once; the others wait their turn (one per room,
 * so the room cap bounds them). Runs on the session's event loop.
 */
final class SessionRooms {
  private static final Logger log = LoggerFactory.getLogger(SessionRooms.class);
  /** Joins whose backlog is read and sent at once: each holds up to a page of messages in memory. */
  private static final int READING_AT_ONCE = 2;

  private final ChatConnection owner;
  private final WebSockets gateway;
  private final EventBus bus;
  private final Outbox out;
  private final String session;
  private final RoomRequests.Caller caller;
  private final int maxRooms;
  /** Bytes of live frames a joining room holds; past it they are dropped and read from the store again. */
  private final long maxHeldBytes;
  private final Map<String, View> views = new HashMap<>();
  private final ArrayDeque<View> turns = new ArrayDeque<>();
  private int reading;

  /**
   * One join of a room: waiting its turn, reading and sending its backlog (the messages after
   * {@code since}, then the changes after {@code sinceRev}), then live.
   */
  private final class View {
    final String room;
    final Long since;
    final Long sinceRev;
    /** The join frame's ref, for its refusal. */
    final String ref;
    final Runnable pump = this::pump;
    final ArrayDeque<Delivery> held = new ArrayDeque<>();
    long heldBytes;
    boolean reading;
    /** Store reads (or the join's first steps) under way: its turn ends only once they returned. */
    int storeCalls;
    boolean live;
    boolean ended;
    /** Held frames were dropped: both streams are read once more after the current page. */
    boolean reread;
    boolean resume;
    /** The changes after {@link #lastRev} are read once the messages are sent. */
    boolean changesWanted;
    /** The newest seq and rev this session has of the room. */
    long last;
    long lastRev;
    HistoryPage page;
    List<Change> changes;
    int next;

    View(String room, Long since, Long sinceRev, String ref) {
      this.room = room;
      this.since = since;
      this.sinceRev = sinceRev;
      this.ref = ref;
      this.resume = since != null;
      this.changesWanted = sinceRev != null;
    }

    void pump() {
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
      read(new HistoryQuery(room, caller.user(), null, null, last, Protocol.MAX_PAGE, true))
          .onComplete(done -> settled(this))
          .onSuccess(p -> {
            if (!ended) {
              page = p;
              next = 0;
              pump();
            }
          })
          .onFailure(e -> owner.close(Protocol.CLOSE_ERROR, "backlog read failed"));
    }

    private void readChanges() {
      storeCalls++;
      ChangeRequests.Read read = new ChangeRequests.Read(caller, new ChangeRequests.Of(room, null), lastRev, Protocol.MAX_PAGE, true);
      bus.<ChangeRequests.Page>request(Addresses.CHANGES_READ, read, Addresses.local())
          .onComplete(done -> settled(this))
          .onSuccess(p -> {
            if (!ended) {
              changes = p.body().changes();
              next = 0;
              pump();
            }
          })
          .onFailure(e -> owner.close(Protocol.CLOSE_ERROR, "backlog read failed"));
    }

    private void goLive() {
      live = true;
      release(this);
      while (!held.isEmpty() && !ended) {
        pass(this, held.poll());
      }
      heldBytes = 0;
    }
  }

  SessionRooms(ChatConnection owner, WebSockets gateway, Outbox out, String session, RoomRequests.Caller caller) {
    this.owner = owner;
    this.gateway = gateway;
    this.bus = gateway.vertx().eventBus();
    this.out = out;
    this.session = session;
    this.caller = caller;
    this.maxRooms = gateway.nodeConfig().maxRoomsPerSession();
    this.maxHeldBytes = gateway.nodeConfig().writeQueueBytes() / 2;
  }

  boolean contains(String room) {
    return views.containsKey(room);
  }

  /** A join again of a room already joined replaces the earlier one (its backlog stops) and does not count twice. */
  void join(String room, Long since, Long sinceRev, String ref) {
    View earlier = views.get(room);
    if (earlier == null && views.size() >= maxRooms) {
      throw new ChatException(ErrorCode.FORBIDDEN, "a session may join at most " + maxRooms + " rooms; leave one first");
    }
    if (earlier != null) {
      end(earlier);
    }
    View view = new View(room, since, sinceRev, ref);
    views.put(room, view);
    turns.add(view);
    startTurns();
  }

  void leave(String room) {
    View view = views.remove(room);
    if (view == null) {
      throw new ChatException(ErrorCode.NOT_JOINED, "not in room " + room);
    }
    end(view);
    gateway.sessions().leaveRoom(room, owner);
    bus.send(Addresses.PRESENCE_UPDATE, new PresenceChange.Left(session, room), Addresses.local());
  }

  /** The user is no longer a member (removed, or parted on another session): the room stops here at once, if it was joined. */
  void drop(String room) {
    if (views.containsKey(room)) {
      leave(room);
    }
  }

  /** The session ended: every room is left here (the presence registry drops the session whole). */
  void leaveAll() {
    turns.clear();
    views.values().forEach(this::end);
    views.keySet().forEach(room -> gateway.sessions().leaveRoom(room, owner));
    views.clear();
  }

  /** A frame of a joined room, from the node's delivery verticle in seq order. */
  void deliver(String room, Delivery d) {
    View view = views.get(room);
    if (view == null) {
      return;
    }
    if (view.live) {
      pass(view, d);
    } else if (view.reading) {
      // Frames that came before its read are skipped by seq; a join still waiting its turn reads them all later.
      int bytes = Utf8.length(d.frame());
      if (view.heldBytes + bytes > maxHeldBytes) {
        view.held.clear();
        view.heldBytes = 0;
        view.reread = true;
      } else {
        view.held.add(d);
        view.heldBytes += bytes;
      }
    }
  }

  private void startTurns() {
    while (reading < READING_AT_ONCE && !turns.isEmpty()) {
      View view = turns.poll();
      view.reading = true;
      reading++;
      start(view);
    }
  }

  private void release(View view) {
    if (view.reading) {
      view.reading = false;
      reading--;
      startTurns();
    }
  }

  /** Ends a join; the turn it had passes on at once, or when its store read returns (so reads in flight stay bounded). */
  private void end(View view) {
    view.ended = true;
    view.page = null;
    view.held.clear();
    out.forget(view.pump);
    turns.remove(view);
    if (view.storeCalls == 0) {
      release(view);
    }
  }

  private void settled(View view) {
    if (--view.storeCalls == 0 && view.ended) {
      release(view);
    }
  }

  private void start(View view) {
    String room = view.room;
    Long since = view.since;
    view.storeCalls++;
    // The rooms verticle admits the join (a private room only its members) before anything flows.
    bus.<JsonObject>request(Addresses.ROOMS_JOIN, new RoomRequests.Join(caller, room, session), Addresses.local())
        .compose(admitted -> view.ended ? Future.<Void>failedFuture("superseded") : gateway.sessions().joinRoom(room, owner))
        // A leave or a second join of the same room may come while this one waits: then it stops here.
        .compose(v -> view.ended ? Future.<Message<PresenceChange.Members>>failedFuture("superseded")
            : bus.<PresenceChange.Members>request(Addresses.PRESENCE_UPDATE, new PresenceChange.Joined(session, room), Addresses.local()))
        .compose(members -> read(new HistoryQuery(room, caller.user(), null, null, since, since == null ? Protocol.DEFAULT_PAGE : Protocol.MAX_PAGE, true))
            .map(page -> Map.entry(members.body(), page)))
        .onComplete(done -> settled(view))
        .onSuccess(joined -> {
          if (view.ended) {
            return;
          }
          HistoryPage page = joined.getValue();
          view.last = since == null ? page.newest() : Math.min(since, page.newest());
          view.lastRev = view.sinceRev == null ? page.rev() : Math.min(view.sinceRev, page.rev());
          out.send(new JsonObject().put("type", "joined").put("room", room).put("seq", page.newest()).put("rev", page.rev())
              .put("members", new JsonArray(joined.getKey().users())).put("truncated", false));
          view.page = page;
          view.pump();
        })
        .onFailure(e -> {
          if (!view.ended) {
            views.remove(room);
            end(view);
            gateway.sessions().leaveRoom(room, owner);
            ChatException refused = ChatException.of(e);
            if (refused.code() == ErrorCode.INTERNAL) {
              log.error("session {}: join {} failed", session, room, e);
            }
            out.error(refused.code(), refused.code() == ErrorCode.INTERNAL ? "join failed" : refused.getMessage(), view.ref);
          }
        });
  }

  private void pass(View view, Delivery d) {
    if (d.isChange()) {
      if (d.rev() > view.lastRev) {
        view.lastRev = d.rev();
        out.write(d.frame(), d.type());
      }
    } else if (d.seq() == 0) {
      if (!(d.skipAbout() && d.about().equals(caller.user()))) {
        out.write(d.frame(), d.type());
      }
    } else if (d.seq() > view.last) {
      view.last = d.seq();
      out.write(d.frame(), d.type());
    }
  }

  private Future<HistoryPage> read(HistoryQuery query) {
    return read(bus, query);
  }

  static Future<HistoryPage> read(EventBus bus, HistoryQuery query) {
    return bus.<HistoryPage>request(Addresses.CHAT_HISTORY, query, Addresses.local()).map(Message::body);
  }
}
