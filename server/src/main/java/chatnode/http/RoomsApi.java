package chatnode.http;

import static chatnode.http.RestSupport.body;
import static chatnode.http.RestSupport.query;
import static chatnode.http.RestSupport.reply;

import chatnode.accounts.Identity;
import chatnode.bus.Addresses;
import chatnode.bus.RoomRequests;
import chatnode.protocol.Fields;
import chatnode.protocol.Protocol;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.BiFunction;

/**
 * Rooms and their members: creating, the directory, details, membership and roles, and the
 * caller's own rooms and DM conversations. Who may do what is the rooms verticle's decision.
 */
final class RoomsApi {
  private final RestSupport rest;

  RoomsApi(RestSupport rest) {
    this.rest = rest;
  }

  void mount(Router router) {
    router.post("/api/rooms").handler(rc -> call(rc, 201, (id, body) -> new RoomRequests.Create(id.asCaller(),
        Fields.room(body, "room"), Fields.string(body, "visibility"), topic(body)), Addresses.ROOMS_CREATE));
    router.get("/api/rooms").handler(rc -> call(rc, 200, (id, body) -> new RoomRequests.Directory(id.asCaller(),
        prefix(rc), after(rc, "after", true), limit(rc)), Addresses.ROOMS_DIRECTORY));
    router.get("/api/rooms/:room").handler(rc -> call(rc, 200, (id, body) -> new RoomRequests.Details(id.asCaller(),
        room(rc)), Addresses.ROOMS_DETAILS));
    router.patch("/api/rooms/:room").handler(rc -> call(rc, 200, (id, body) -> new RoomRequests.Update(id.asCaller(),
        room(rc), topic(body), body.containsKey("visibility") ? Fields.string(body, "visibility") : null), Addresses.ROOMS_UPDATE));
    router.get("/api/rooms/:room/members").handler(rc -> call(rc, 200, (id, body) -> new RoomRequests.Members(id.asCaller(),
        room(rc), after(rc, "after", false), limit(rc)), Addresses.ROOMS_MEMBERS));
    router.post("/api/rooms/:room/members").handler(rc -> call(rc, 200, (id, body) -> new RoomRequests.AddMember(id.asCaller(),
        room(rc), Fields.user(body, "user"), body.containsKey("role") ? Fields.string(body, "role") : null), Addresses.ROOMS_ADD));
    router.put("/api/rooms/:room/members/:user").handler(rc -> call(rc, 200, (id, body) -> new RoomRequests.SetRole(id.asCaller(),
        room(rc), user(rc), Fields.string(body, "role")), Addresses.ROOMS_ROLE));
    router.delete("/api/rooms/:room/members/:user").handler(rc -> call(rc, 200, (id, body) -> new RoomRequests.RemoveMember(
        id.asCaller(), room(rc), user(rc)), Addresses.ROOMS_REMOVE));
    router.get("/api/me/rooms").handler(rc -> call(rc, 200, (id, body) -> new RoomRequests.MyRooms(id.user()), Addresses.ROOMS_MINE));
    router.get("/api/me/dms").handler(rc -> call(rc, 200, (id, body) -> new RoomRequests.MyDirects(id.user()), Addresses.ROOMS_DIRECTS));
  }

  /** Checks the caller, builds the request from the path, query and (optional) body, and answers with the verticle's reply. */
  private void call(RoutingContext rc, int status, BiFunction<Identity, JsonObject, Object> request, String address) {
    reply(rc, status, rest.caller(rc).compose(id -> {
      Object built = request.apply(id, body(rc, true));
      return rest.ask(address, built);
    }));
  }

  private static String room(RoutingContext rc) {
    return Fields.roomName(rc.pathParam("room"), "room");
  }

  private static String user(RoutingContext rc) {
    return Fields.userName(rc.pathParam("user"), "user");
  }

  private static String topic(JsonObject body) {
    return Fields.optionalText(body, "topic", 0, Protocol.MAX_TOPIC);
  }

  /** A name prefix to filter the directory by: the start of a room name. */
  private static String prefix(RoutingContext rc) {
    String q = rc.queryParams().get("q");
    if (q == null || q.isEmpty()) {
      return null;
    }
    if (!q.matches("[a-z0-9_-]{1,64}")) {
      throw Fields.bad("q", "q must be the start of a room name");
    }
    return q;
  }

  /** The name a page starts after: a room's or a user's. */
  private static String after(RoutingContext rc, String key, boolean ofRooms) {
    String after = rc.queryParams().get(key);
    if (after == null || after.isEmpty()) {
      return null;
    }
    return ofRooms ? Fields.roomName(after, key) : Fields.userName(after, key);
  }

  private static int limit(RoutingContext rc) {
    Long limit = query(rc, "limit", 1, Protocol.MAX_PAGE);
    return limit == null ? Protocol.DEFAULT_PAGE : limit.intValue();
  }
}
