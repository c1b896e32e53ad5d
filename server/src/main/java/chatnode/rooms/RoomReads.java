package chatnode.rooms;

import chatnode.bus.Addresses;
import chatnode.bus.PresenceQueries;
import chatnode.bus.RoomRequests;
import chatnode.protocol.ChatException;
import chatnode.protocol.ErrorCode;
import chatnode.store.Conversations;
import chatnode.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What rooms and memberships look like to a caller: a room's details, the directory, a member
 * list, and the caller's own rooms and DM conversations with their unread counts. Reads only; who
 * is online comes from this node's copy of the presence registry.
 */
final class RoomReads {
  private final Vertx vertx;
  private final Store store;

  RoomReads(Vertx vertx, Store store) {
    this.vertx = vertx;
    this.store = store;
  }

  Future<JsonObject> details(RoomRequests.Details r) {
    return store.read(c -> {
      Rooms.Room room = visible(c, r.caller(), r.room());
      JsonObject details = summary(c, room);
      Role role = Rooms.role(c, r.room(), r.caller().user());
      return role == null ? details : details.put("role", role.wire());
    }).compose(details -> onlineIn(List.of(details)).map(details));
  }

  Future<JsonObject> directory(RoomRequests.Directory r) {
    return store.read(c -> {
      JsonArray rooms = new JsonArray();
      for (Rooms.Room room : Rooms.directory(c, r.caller().user(), r.caller().admin() || r.caller().service(), r.prefix(),
          r.after(), r.limit())) {
        rooms.add(summary(c, room));
      }
      return rooms;
    }).compose(rooms -> onlineIn(rooms.stream().map(JsonObject.class::cast).toList())
        .map(v -> new JsonObject().put("rooms", rooms)));
  }

  Future<JsonObject> members(RoomRequests.Members r) {
    return store.read(c -> {
      visible(c, r.caller(), r.room());
      return Rooms.memberPage(c, r.room(), r.after(), r.limit());
    }).compose(page -> vertx.eventBus().<JsonObject>request(Addresses.PRESENCE_STATUS,
            new PresenceQueries.Status(page.stream().map(Rooms.Member::user).toList()), Addresses.local())
        .map(status -> {
          JsonObject online = status.body().getJsonObject("online");
          JsonArray members = new JsonArray();
          page.forEach(m -> members.add(new JsonObject().put("user", m.user()).put("role", m.role().wire())
              .put("since", m.since()).put("online", online.getBoolean(m.user(), false))));
          return new JsonObject().put("members", members);
        }));
  }

  /** The user's rooms: role, newest seq, read marker, unread and mention counts of each. */
  Future<JsonObject> mine(RoomRequests.MyRooms r) {
    return store.read(c -> {
      JsonArray rooms = new JsonArray();
      for (Rooms.Membership m : Rooms.membershipsOf(c, r.user())) {
        String name = m.room().name();
        long lastRead = m.member().lastRead();
        rooms.add(new JsonObject().put("room", name).put("visibility", m.room().visibility().wire())
            .put("topic", m.room().topic()).put("role", m.member().role().wire()).put("lastSeq", Rooms.lastSeq(c, name))
            .put("lastRead", lastRead).put("unread", Rooms.unread(c, Conversations.room(name), r.user(), lastRead))
            .put("mentions", Mentions.count(c, Conversations.room(name), r.user(), lastRead, Rooms.COUNT_CAP)));
      }
      return new JsonObject().put("rooms", rooms);
    });
  }

  /** The user's DM conversations, the most recent first, with read marker and unread count. */
  Future<JsonObject> directs(RoomRequests.MyDirects r) {
    return store.read(c -> {
      JsonArray dms = new JsonArray();
      for (DirectReads.Direct d : DirectReads.of(c, r.user())) {
        dms.add(new JsonObject().put("with", d.with()).put("lastSeq", d.lastSeq()).put("lastRead", d.lastRead())
            .put("unread", Rooms.unread(c, Conversations.direct(r.user(), d.with()), r.user(), d.lastRead()))
            .put("lastTs", d.lastTs()));
      }
      return new JsonObject().put("dms", dms);
    });
  }

  /** The room, if the caller may see it: 404 when there is none, 403 when it is private to others. */
  private static Rooms.Room visible(Connection c, RoomRequests.Caller caller, String name) throws SQLException {
    Rooms.Room room = Rooms.room(c, name);
    if (room == null) {
      throw new ChatException(ErrorCode.NOT_FOUND, "no room named " + name, "room");
    }
    if (!Permissions.maySee(caller, room.visibility(), Rooms.role(c, name, caller.user()))) {
      throw Permissions.forbidden(name + " is a private room");
    }
    return room;
  }

  private static JsonObject summary(Connection c, Rooms.Room room) throws SQLException {
    return new JsonObject().put("room", room.name()).put("visibility", room.visibility().wire()).put("topic", room.topic())
        .put("members", Rooms.members(c, room.name())).put("lastSeq", Rooms.lastSeq(c, room.name()));
  }

  /** Adds to each room summary how many users are online in it. */
  private Future<Void> onlineIn(List<JsonObject> rooms) {
    return vertx.eventBus().<JsonObject>request(Addresses.PRESENCE_ROOMS, null, Addresses.local())
        .map(Message::body)
        .map(reply -> {
          JsonObject online = reply.getJsonObject("online");
          rooms.forEach(room -> room.put("online", online.getInteger(room.getString("room"), 0)));
          return null;
        });
  }
}
