package chatnode.gateway;

import chatnode.bus.Addresses;
import chatnode.bus.Delivery;
import chatnode.bus.HistoryPage;
import chatnode.bus.HistoryQuery;
import chatnode.bus.PresenceChange;
import chatnode.bus.RoomRequests;
import chatnode.protocol.ChatException;
import chatnode.protocol.ErrorCode;
import chatnode.protocol.Protocol;
import io.netty.buffer.ByteBuf;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rooms one session has joined. A join is admitted, sends {@code joined}, then its backlog and
 * live frames ({@link RoomJoin}). Few joins read at once; the others wait their turn (one per
 * room, so the room cap bounds them). Runs on the session's event loop.
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
  private final Map<String, RoomJoin> views = new HashMap<>();
  private final ArrayDeque<RoomJoin> turns = new ArrayDeque<>();
  private int reading;

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

  /**
   * A join again of a room already joined replaces the earlier one (its backlog stops) and does not
   * count twice. {@code batchedMembers}: member changes come as {@code members} batches, not as a
   * {@code member} frame each.
   */
  void join(String room, Long since, Long sinceRev, boolean batchedMembers, String ref) {
    RoomJoin earlier = views.get(room);
    if (earlier == null && views.size() >= maxRooms) {
      throw new ChatException(ErrorCode.FORBIDDEN, "a session may join at most " + maxRooms + " rooms; leave one first");
    }
    if (earlier != null) {
      end(earlier);
    }
    RoomJoin view = new RoomJoin(this, out, bus, caller, maxHeldBytes, room, since, sinceRev, batchedMembers, ref);
    views.put(room, view);
    turns.add(view);
    startTurns();
  }

  void leave(String room) {
    RoomJoin view = views.remove(room);
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
  void deliver(String room, Delivery d, ByteBuf wire) {
    RoomJoin view = views.get(room);
    if (view != null) {
      view.deliver(d, wire);
    }
  }

  private void startTurns() {
    while (reading < READING_AT_ONCE && !turns.isEmpty()) {
      RoomJoin view = turns.poll();
      view.reading = true;
      reading++;
      start(view);
    }
  }

  /** The join is live: its turn to read passes on. */
  void release(RoomJoin view) {
    if (view.reading) {
      view.reading = false;
      reading--;
      startTurns();
    }
  }

  /** Ends a join; the turn it had passes on at once, or when its store read returns (so reads in flight stay bounded). */
  private void end(RoomJoin view) {
    view.end();
    turns.remove(view);
    if (view.storeCalls == 0) {
      release(view);
    }
  }

  void settled(RoomJoin view) {
    if (--view.storeCalls == 0 && view.ended) {
      release(view);
    }
  }

  private void start(RoomJoin view) {
    String room = view.room;
    Long since = view.since;
    view.storeCalls++;
    // The rooms verticle admits the join (a private room only its members) before anything flows.
    bus.<JsonObject>request(Addresses.ROOMS_JOIN, new RoomRequests.Join(caller, room, session), Addresses.local())
        .compose(admitted -> view.ended ? Future.<Void>failedFuture("superseded") : gateway.sessions().joinRoom(room, owner, view.batchedMembers))
        // A leave or a second join of the same room may come while this one waits: then it stops here.
        .compose(v -> view.ended ? Future.<Message<PresenceChange.Members>>failedFuture("superseded")
            : bus.<PresenceChange.Members>request(Addresses.PRESENCE_UPDATE, new PresenceChange.Joined(session, room, view.batchedMembers), Addresses.local()))
        .compose(members -> read(new HistoryQuery(room, caller.user(), null, null, since, since == null ? Protocol.DEFAULT_PAGE : Protocol.MAX_PAGE, true))
            .map(page -> Map.entry(members.body(), page)))
        .onComplete(done -> settled(view))
        .onSuccess(joined -> {
          if (view.ended) {
            return;
          }
          HistoryPage page = joined.getValue();
          // The member list comes encoded (once for many joins of a crowded room): set into the frame as it is.
          String head = new JsonObject().put("type", "joined").put("room", room).put("seq", page.newest()).put("rev", page.rev())
              .put("truncated", false).encode();
          out.write(head.substring(0, head.length() - 1) + ",\"members\":" + joined.getKey().json() + "}", "joined");
          view.begin(page);
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

  /** A backlog read failed: the session cannot be given what it joined for. */
  void readFailed(Throwable failure) {
    log.warn("session {}: backlog read failed", session, failure);
    owner.close(Protocol.CLOSE_ERROR, "backlog read failed");
  }

  private Future<HistoryPage> read(HistoryQuery query) {
    return read(bus, query);
  }

  static Future<HistoryPage> read(EventBus bus, HistoryQuery query) {
    return bus.<HistoryPage>request(Addresses.CHAT_HISTORY, query, Addresses.local()).map(Message::body);
  }
}
