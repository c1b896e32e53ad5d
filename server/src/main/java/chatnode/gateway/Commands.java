package chatnode.gateway;

import chatnode.accounts.Identity;
import chatnode.bus.Addresses;
import chatnode.bus.Change;
import chatnode.bus.ChangeRequests;
import chatnode.bus.Draft;
import chatnode.bus.RoomRequests;
import chatnode.bus.Stored;
import chatnode.bus.Wire;
import chatnode.protocol.ChatException;
import chatnode.protocol.ErrorCode;
import chatnode.protocol.Fields;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frames an authenticated session sends, each handled in one place: a new frame type is one
 * entry in {@link #handlers} and its method (here, or in {@link Queries} for the ones that read).
 * Runs on the session's event loop.
 */
final class Commands {
  private static final Logger log = LoggerFactory.getLogger(Commands.class);

  @FunctionalInterface
  interface Handler {
    void handle(JsonObject frame, String ref);
  }

  private final WebSockets gateway;
  private final EventBus bus;
  private final Outbox out;
  private final Identity identity;
  private final SessionRooms rooms;
  private final Queries queries;
  private final int maxText;
  private final Map<String, Handler> handlers;
  /** Says and DMs waiting for the store: a draining node lets them finish before it closes. */
  private int inFlight;

  Commands(WebSockets gateway, Outbox out, Identity identity, SessionRooms rooms, Queries queries) {
    this.gateway = gateway;
    this.bus = gateway.vertx().eventBus();
    this.out = out;
    this.identity = identity;
    this.rooms = rooms;
    this.queries = queries;
    this.maxText = gateway.nodeConfig().maxTextCodePoints();
    this.handlers = Map.ofEntries(
        Map.entry("join", this::join),
        Map.entry("part", this::part),
        Map.entry("read", this::read),
        Map.entry("leave", (f, ref) -> rooms.leave(Fields.room(f, "room"))),
        Map.entry("say", this::say),
        Map.entry("dm", this::dm),
        Map.entry("edit", this::edit),
        Map.entry("delete", this::delete),
        Map.entry("react", this::react),
        Map.entry("changes", queries::changes),
        Map.entry("typing", (f, ref) -> typing(f)),
        Map.entry("watch", (f, ref) -> queries.watch(f)),
        Map.entry("history", queries::history),
        Map.entry("ping", (f, ref) -> out.reply(new JsonObject().put("type", "pong"), ref)),
        Map.entry("auth", (f, ref) -> {
          throw Fields.bad("already authenticated");
        }));
  }

  /** Handles a frame; a refusal is answered as an {@code error} with the frame's ref. */
  void dispatch(JsonObject frame, String ref) {
    String type = frame.getValue("type") instanceof String t ? t : null;
    Handler handler = type == null ? null : handlers.get(type);
    gateway.metrics().frameIn(handler != null ? type : "invalid");
    try {
      if (type == null) {
        throw Fields.bad("type is required");
      }
      if (handler == null) {
        throw Fields.bad("unknown frame type '" + type + "'");
      }
      handler.handle(frame, ref);
    } catch (ChatException e) {
      out.error(e.code(), e.getMessage(), ref);
    }
  }

  /** True when nothing this session sent waits for the store any more. */
  boolean settled() {
    return inFlight == 0;
  }

  private void join(JsonObject f, String ref) {
    String room = Fields.room(f, "room");
    Long since = Fields.number(f, "since", 0, Long.MAX_VALUE);
    Long sinceRev = Fields.number(f, "sinceRev", 0, Long.MAX_VALUE);
    if (sinceRev != null && since == null) {
      throw Fields.bad("sinceRev", "sinceRev is given with since");
    }
    rooms.join(room, since, sinceRev, batchedMembers(f), ref);
  }

  /** How the session wants the room's member changes: {@code "each"} (the default) or {@code "batched"}. */
  private static boolean batchedMembers(JsonObject f) {
    Object mode = f.getValue("members");
    if (mode == null || "each".equals(mode)) {
      return false;
    }
    if ("batched".equals(mode)) {
      return true;
    }
    throw Fields.bad("members", "members must be \"each\" or \"batched\"");
  }

  private void say(JsonObject f, String ref) {
    String room = Fields.room(f, "room");
    String text = Fields.text(f, maxText);
    if (!rooms.contains(room)) {
      throw new ChatException(ErrorCode.NOT_JOINED, "join " + room + " before saying something there");
    }
    append(Draft.forRoom(room, identity.user(), text).replying(replyTo(f)), ref);
  }

  private void dm(JsonObject f, String ref) {
    String to = Fields.user(f, "to");
    String text = Fields.text(f, maxText);
    if (to.equals(identity.user())) {
      throw Fields.bad("you cannot send a DM to yourself");
    }
    append(Draft.direct(to, identity.user(), text).replying(replyTo(f)), ref);
  }

  /** The optional seq a message answers; that it exists in the conversation is checked as it is stored. */
  private static Long replyTo(JsonObject f) {
    return Fields.number(f, "replyTo", 1, Long.MAX_VALUE);
  }

  private void append(Draft draft, String ref) {
    inFlight++;
    bus.<Stored>request(Addresses.CHAT_APPEND, draft, Addresses.append())
        .onComplete(done -> inFlight--)
        .onSuccess(m -> out.reply(new JsonObject().put("type", "ack").put("seq", m.body().seq()), ref))
        .onFailure(e -> refuse(out, e, ref));
  }

  private void edit(JsonObject f, String ref) {
    ChangeRequests.Of of = target(f, "edit");
    long seq = Fields.requiredNumber(f, "seq", 1, Long.MAX_VALUE);
    change(Addresses.CHANGE_EDIT, new ChangeRequests.Edit(identity.asCaller(), of, seq, Fields.text(f, maxText)), ref);
  }

  private void delete(JsonObject f, String ref) {
    ChangeRequests.Of of = target(f, "delete");
    change(Addresses.CHANGE_DELETE, new ChangeRequests.Delete(identity.asCaller(), of, Fields.requiredNumber(f, "seq", 1, Long.MAX_VALUE)), ref);
  }

  private void react(JsonObject f, String ref) {
    ChangeRequests.Of of = target(f, "react");
    long seq = Fields.requiredNumber(f, "seq", 1, Long.MAX_VALUE);
    change(Addresses.CHANGE_REACT, new ChangeRequests.React(identity.asCaller(), of, seq, Fields.emoji(f), Fields.flag(f, "on")), ref);
  }

  /** The conversation a change or a read of changes is about: a room, or the caller's DM conversation with another user. */
  static ChangeRequests.Of target(JsonObject f, String frame, String self) {
    Fields.Conversation of = Fields.conversation(f, frame);
    if (self.equals(of.with())) {
      throw Fields.bad("there is no conversation with yourself");
    }
    return new ChangeRequests.Of(of.room(), of.with());
  }

  private ChangeRequests.Of target(JsonObject f, String frame) {
    return target(f, frame, identity.user());
  }

  /** Acknowledged with the change's rev once stored; a reaction that changed nothing has none. */
  private void change(String address, Object request, String ref) {
    inFlight++;
    bus.<Change>request(address, request, Addresses.local())
        .onComplete(done -> inFlight--)
        .onSuccess(m -> {
          JsonObject ack = new JsonObject().put("type", "ack");
          out.reply(m.body() == null ? ack : ack.put("rev", m.body().rev()), ref);
        })
        .onFailure(e -> refuse(out, e, ref));
  }

  /** Ends the user's membership; the {@code membership} frame it causes reaches every session of the user, this one too. */
  private void part(JsonObject f, String ref) {
    String room = Fields.room(f, "room");
    bus.request(Addresses.ROOMS_REMOVE, new RoomRequests.RemoveMember(identity.asCaller(), room, identity.user()), Addresses.local())
        .onFailure(e -> refuse(out, e, ref));
  }

  /** Moves the user's read marker of a room or a DM conversation; echoed to the user's sessions as {@code read}. */
  private void read(JsonObject f, String ref) {
    Fields.Conversation of = Fields.conversation(f, "read");
    String room = of.room();
    String with = of.with();
    Long seq = Fields.number(f, "seq", 0, Long.MAX_VALUE);
    if (seq == null) {
      throw Fields.bad("seq", "seq is required");
    }
    if (identity.user().equals(with)) {
      throw Fields.bad("there is no conversation with yourself");
    }
    bus.request(Addresses.ROOMS_READ, new RoomRequests.MarkRead(identity.user(), room, with, seq), Addresses.local())
        .onFailure(e -> refuse(out, e, ref));
  }

  /** Typing notices are not stored: published to the room's or the user's nodes as they are. */
  private void typing(JsonObject f) {
    boolean toRoom = f.containsKey("room");
    if (toRoom == f.containsKey("to")) {
      throw Fields.bad("typing takes either room or to");
    }
    if (toRoom) {
      String room = Fields.room(f, "room");
      if (!rooms.contains(room)) {
        throw new ChatException(ErrorCode.NOT_JOINED, "not in room " + room);
      }
      String frame = new JsonObject().put("type", "typing").put("from", identity.user()).put("room", room).encode();
      bus.publish(Addresses.room(room), frame, Wire.roomEventNotAbout(identity.user(), "typing"));
    } else {
      String to = Fields.user(f, "to");
      if (to.equals(identity.user())) {
        throw Fields.bad("you cannot type to yourself");
      }
      String frame = new JsonObject().put("type", "typing").put("from", identity.user()).put("to", to).encode();
      bus.publish(Addresses.DIRECT, frame, Wire.directTyping(identity.user(), to));
    }
  }

  /** A request that failed after it was accepted: its code to the client, an internal one to the log as well. */
  static void refuse(Outbox out, Throwable failure, String ref) {
    ChatException refused = ChatException.of(failure);
    if (refused.code() == ErrorCode.INTERNAL) {
      log.error("request failed", failure);
    }
    out.error(refused.code(), refused.getMessage(), ref);
  }

}
