package chatnode.rooms;

import chatnode.audit.AuditLog;
import chatnode.bus.Addresses;
import chatnode.bus.RoomRequests.Caller;
import chatnode.bus.RoomRequests;
import chatnode.bus.Wire;
import chatnode.config.NodeConfig;
import chatnode.protocol.ChatException;
import chatnode.protocol.ErrorCode;
import chatnode.store.Store;
import chatnode.store.Users;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The changes to rooms and memberships: each is decided, stored and audited in one transaction,
 * then announced (a {@code membership} frame to the room's sessions on every node and to the
 * affected user's sessions; a visibility change to every node's chat verticle).
 */
final class RoomChanges {
  private final Vertx vertx;
  private final Store store;
  private final NodeConfig config;

  RoomChanges(Vertx vertx, Store store, NodeConfig config) {
    this.vertx = vertx;
    this.store = store;
    this.config = config;
  }

  Future<JsonObject> create(RoomRequests.Create r) {
    Visibility visibility = Visibility.of(r.visibility());
    String topic = r.topic() == null ? "" : r.topic();
    long now = System.currentTimeMillis();
    return store.transaction(c -> {
      requireRoomForMore(c, r.caller().user());
      // A room with messages exists, even one without a row (none is left after the migration that added rows).
      if (Rooms.lastSeq(c, r.room()) > 0 || !Rooms.create(c, r.room(), visibility, topic, r.caller().user(), now)) {
        throw new ChatException(ErrorCode.CONFLICT, "there is a room named " + r.room(), "room");
      }
      Rooms.addMember(c, r.room(), r.caller().user(), Role.OWNER, now);
      AuditLog.record(c, r.caller().user(), "room.create", r.room(), new JsonObject().put("visibility", visibility.wire()), now);
      return new JsonObject().put("room", r.room()).put("visibility", visibility.wire()).put("topic", topic).put("role", "owner");
    }).onSuccess(v -> visibilityChanged(r.room(), visibility));
  }

  Future<JsonObject> update(RoomRequests.Update r) {
    long now = System.currentTimeMillis();
    return store.transaction(c -> {
      Rooms.Room room = existing(c, r.room());
      if (!Permissions.mayUpdate(r.caller(), Rooms.role(c, r.room(), r.caller().user()))) {
        throw Permissions.forbidden("only an owner of " + r.room() + " or an admin may change it");
      }
      Visibility visibility = r.visibility() == null ? room.visibility() : Visibility.of(r.visibility());
      String topic = r.topic() == null ? room.topic() : r.topic();
      Rooms.update(c, r.room(), topic, visibility);
      AuditLog.record(c, r.caller().user(), "room.update", r.room(),
          new JsonObject().put("visibility", visibility.wire()).put("topic", topic), now);
      return new JsonObject().put("room", r.room()).put("visibility", visibility.wire()).put("topic", topic);
    }).onSuccess(done -> visibilityChanged(r.room(), Visibility.of(done.getString("visibility"))));
  }

  Future<JsonObject> add(RoomRequests.AddMember r) {
    Role role = r.role() == null ? Role.MEMBER : Role.of(r.role());
    long now = System.currentTimeMillis();
    return store.transaction(c -> {
      Rooms.Room room = existing(c, r.room());
      Role callerRole = Rooms.role(c, r.room(), r.caller().user());
      if (!Permissions.mayAdd(r.caller(), callerRole, role)) {
        throw Permissions.forbidden(role == Role.MEMBER ? "only the owners and moderators of " + r.room() + " may add members"
            : "only an owner of " + r.room() + " may add a " + role.wire());
      }
      if (!Users.exists(c, r.user())) {
        throw new ChatException(ErrorCode.NOT_FOUND, "no user named " + r.user(), "user");
      }
      Role already = Rooms.role(c, r.room(), r.user());
      if (already != null) {
        return answer(r.room(), r.user(), already).put("added", false);
      }
      requireRoomForMore(c, r.user());
      if (room.visibility() == Visibility.PRIVATE && Rooms.members(c, r.room()) >= config.maxRoomMembers()) {
        throw new ChatException(ErrorCode.FORBIDDEN, r.room() + " has " + config.maxRoomMembers() + " members, the most a private room may have");
      }
      Rooms.addMember(c, r.room(), r.user(), role, now);
      AuditLog.record(c, r.caller().user(), "room.add", r.room(), new JsonObject().put("user", r.user()).put("role", role.wire()), now);
      return answer(r.room(), r.user(), role).put("added", true);
    }).onSuccess(done -> {
      if (done.getBoolean("added")) {
        announce(r.room(), r.user(), "added", role, r.caller().user());
      }
    }).map(RoomChanges::withoutAdded);
  }

  Future<JsonObject> setRole(RoomRequests.SetRole r) {
    Role role = Role.of(r.role());
    long now = System.currentTimeMillis();
    return store.transaction(c -> {
      existing(c, r.room());
      if (!Permissions.maySetRole(r.caller(), Rooms.role(c, r.room(), r.caller().user()))) {
        throw Permissions.forbidden("only an owner of " + r.room() + " or an admin may change roles");
      }
      Role before = member(c, r.room(), r.user());
      if (before == Role.OWNER && role != Role.OWNER && Rooms.owners(c, r.room()) == 1) {
        throw Permissions.forbidden(r.user() + " is the last owner of " + r.room() + "; make another owner first");
      }
      Rooms.setRole(c, r.room(), r.user(), role);
      AuditLog.record(c, r.caller().user(), "room.role", r.room(), new JsonObject().put("user", r.user()).put("role", role.wire()), now);
      return answer(r.room(), r.user(), role);
    }).onSuccess(done -> announce(r.room(), r.user(), "role", role, r.caller().user()));
  }

  /** A removal, or a part when the caller is the member; the last owner cannot go. */
  Future<JsonObject> remove(RoomRequests.RemoveMember r) {
    boolean part = r.caller().user().equals(r.user());
    long now = System.currentTimeMillis();
    return store.transaction(c -> {
      existing(c, r.room());
      Role target = member(c, r.room(), r.user());
      if (!Permissions.mayRemove(r.caller(), Rooms.role(c, r.room(), r.caller().user()), r.user(), target)) {
        throw Permissions.forbidden("only the owners and moderators of " + r.room() + " may remove its members");
      }
      if (target == Role.OWNER && Rooms.owners(c, r.room()) == 1) {
        throw Permissions.forbidden(r.user() + " is the last owner of " + r.room() + "; make another owner first");
      }
      Rooms.removeMember(c, r.room(), r.user());
      AuditLog.record(c, r.caller().user(), part ? "room.part" : "room.remove", r.room(), new JsonObject().put("user", r.user()), now);
      return new JsonObject().put("room", r.room()).put("user", r.user());
    }).onSuccess(done -> announce(r.room(), r.user(), part ? "parted" : "removed", null, part ? null : r.caller().user()));
  }

  /**
   * A session joins: a room no one created yet is created public (as version 1 did), and joining a
   * public room makes the user a member, once; a private room admits its members (and admins and
   * services, who see every room, without becoming members). Reads first, so a member's join writes nothing.
   */
  Future<JsonObject> join(RoomRequests.Join r) {
    Caller caller = r.caller();
    return store.read(c -> {
      Rooms.Room room = Rooms.room(c, r.room());
      Role role = room == null ? null : Rooms.role(c, r.room(), caller.user());
      if (room != null && !Permissions.maySee(caller, room.visibility(), role)) {
        throw Permissions.forbidden(r.room() + " is a private room; its members may add you");
      }
      return room == null || (room.visibility() == Visibility.PUBLIC && role == null) ? null : joined(room.visibility(), role);
    }).compose(known -> known != null ? Future.succeededFuture(known) : store.transaction(c -> {
      long now = System.currentTimeMillis();
      Rooms.create(c, r.room(), Visibility.PUBLIC, "", null, now);
      Rooms.Room room = Rooms.room(c, r.room());
      if (room.visibility() == Visibility.PRIVATE) {
        throw Permissions.forbidden(r.room() + " is a private room; its members may add you");
      }
      boolean added = Rooms.role(c, r.room(), caller.user()) == null;
      if (added) {
        requireRoomForMore(c, caller.user());
        Rooms.addMember(c, r.room(), caller.user(), Role.MEMBER, now);
      }
      return joined(room.visibility(), Rooms.role(c, r.room(), caller.user())).put("added", added);
    }).onSuccess(done -> {
      if (done.getBoolean("added")) {
        // The room hears of the join as a member frame already; the user's other sessions learn of the room.
        String frame = membershipFrame(r.room(), caller.user(), "added", Role.MEMBER, caller.user()).encode();
        vertx.eventBus().publish(Addresses.DIRECT, frame, Wire.toUser(caller.user(), "membership", r.session()));
      }
    }).map(RoomChanges::withoutAdded));
  }

  /**
   * The answer without the transaction's note of whether it added a member. A copy: the listeners
   * of one future run in no fixed order (one registered after the future completed may run first),
   * so none of them may change what another reads; changing it once lost an add's announcement.
   */
  private static JsonObject withoutAdded(JsonObject done) {
    JsonObject answer = done.copy();
    answer.remove("added");
    return answer;
  }

  /** Moves a read marker up (never down), to at most the conversation's newest seq; the user's other sessions hear of it. */
  Future<JsonObject> markRead(RoomRequests.MarkRead r) {
    return store.transaction(c -> {
      if (r.room() != null) {
        long seq = Math.min(r.seq(), Rooms.lastSeq(c, r.room()));
        if (!Rooms.markRead(c, r.room(), r.user(), seq)) {
          throw new ChatException(ErrorCode.NOT_JOINED, "you are not a member of " + r.room());
        }
        return new JsonObject().put("type", "read").put("room", r.room()).put("seq", seq);
      }
      if (!Users.exists(c, r.with())) {
        throw new ChatException(ErrorCode.NOT_FOUND, "no user named " + r.with(), "with");
      }
      long seq = Math.min(r.seq(), DirectReads.lastSeq(c, r.user(), r.with()));
      DirectReads.markRead(c, r.user(), r.with(), seq);
      return new JsonObject().put("type", "read").put("with", r.with()).put("seq", seq);
    }).onSuccess(frame -> vertx.eventBus().publish(Addresses.DIRECT, frame.encode(), Wire.toUser(r.user(), "read")));
  }

  private static JsonObject joined(Visibility visibility, Role role) {
    JsonObject reply = new JsonObject().put("visibility", visibility.wire());
    return role == null ? reply : reply.put("role", role.wire());
  }

  private static JsonObject answer(String room, String user, Role role) {
    return new JsonObject().put("room", room).put("user", user).put("role", role.wire());
  }

  private void requireRoomForMore(Connection c, String user) throws SQLException {
    if (Rooms.roomsOf(c, user) >= config.maxRoomsPerUser()) {
      throw new ChatException(ErrorCode.FORBIDDEN, user + " is in " + config.maxRoomsPerUser() + " rooms, the most a user may be in");
    }
  }

  private static Rooms.Room existing(Connection c, String name) throws SQLException {
    Rooms.Room room = Rooms.room(c, name);
    if (room == null) {
      throw new ChatException(ErrorCode.NOT_FOUND, "no room named " + name, "room");
    }
    return room;
  }

  private static Role member(Connection c, String room, String user) throws SQLException {
    Role role = Rooms.role(c, room, user);
    if (role == null) {
      throw new ChatException(ErrorCode.NOT_FOUND, user + " is not a member of " + room, "user");
    }
    return role;
  }

  /** To the room's sessions everywhere but the affected user's, and to every session of the affected user. */
  private void announce(String room, String user, String event, Role role, String by) {
    String text = membershipFrame(room, user, event, role, by).encode();
    vertx.eventBus().publish(Addresses.room(room), text, Wire.roomEventNotAbout(user, "membership"));
    vertx.eventBus().publish(Addresses.DIRECT, text, Wire.toUser(user, "membership"));
  }

  private static JsonObject membershipFrame(String room, String user, String event, Role role, String by) {
    JsonObject frame = new JsonObject().put("type", "membership").put("room", room).put("user", user).put("event", event);
    if (role != null) {
      frame.put("role", role.wire());
    }
    return by == null ? frame : frame.put("by", by);
  }

  private void visibilityChanged(String room, Visibility visibility) {
    vertx.eventBus().publish(Addresses.ROOM_CHANGED, new JsonObject().put("room", room).put("visibility", visibility.wire()));
  }
}
