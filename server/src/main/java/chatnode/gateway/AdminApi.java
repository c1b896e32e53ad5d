package chatnode.gateway;

import static chatnode.gateway.RestSupport.body;
import static chatnode.gateway.RestSupport.optionalInt;
import static chatnode.gateway.RestSupport.optionalText;
import static chatnode.gateway.RestSupport.query;
import static chatnode.gateway.RestSupport.reply;

import chatnode.auth.Identity;
import chatnode.auth.Names;
import chatnode.bus.Addresses;
import chatnode.bus.AdminRequests;
import chatnode.bus.ChatException;
import chatnode.bus.ErrorCode;
import chatnode.bus.Protocol;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.BiFunction;

/** The admin API (role {@code admin} only): sessions and nodes across the cluster, moderation, the audit log. */
final class AdminApi {
  private static final int MAX_MINUTES = 525_600;

  private final RestSupport rest;

  AdminApi(RestSupport rest) {
    this.rest = rest;
  }

  void mount(Router router) {
    router.get("/api/admin/sessions").handler(rc -> admin(rc, 200,
        (id, r) -> rest.ask(Addresses.PRESENCE_SESSIONS, null)));
    router.get("/api/admin/nodes").handler(rc -> admin(rc, 200,
        (id, r) -> rest.ask(Addresses.PRESENCE_NODES, null)));
    router.post("/api/admin/users/:user/kick").handler(rc -> userAction(rc, AdminRequests.UserAction.KICK, body ->
        new JsonObject().put("reason", optionalText(body, "reason", 1, Protocol.MAX_REASON))));
    router.put("/api/admin/users/:user/ban").handler(rc -> userAction(rc, AdminRequests.UserAction.BAN, body ->
        new JsonObject().put("reason", optionalText(body, "reason", 1, Protocol.MAX_REASON))
            .put("minutes", optionalInt(body, "minutes", 1, MAX_MINUTES))));
    router.delete("/api/admin/users/:user/ban").handler(rc -> userAction(rc, AdminRequests.UserAction.UNBAN, body -> new JsonObject()));
    router.put("/api/admin/users/:user/mute").handler(rc -> userAction(rc, AdminRequests.UserAction.MUTE, body -> {
      Integer minutes = optionalInt(body, "minutes", 1, MAX_MINUTES);
      if (minutes == null) {
        throw new ChatException(ErrorCode.BAD_REQUEST, "minutes is required", "minutes");
      }
      return new JsonObject().put("minutes", minutes).put("room", optionalRoom(body.getValue("room")));
    }));
    router.delete("/api/admin/users/:user/mute").handler(rc -> userAction(rc, AdminRequests.UserAction.UNMUTE, body ->
        new JsonObject().put("room", optionalRoom(rc.queryParams().get("room")))));
    router.post("/api/admin/users/:user/revoke").handler(rc -> userAction(rc, AdminRequests.UserAction.REVOKE, body -> new JsonObject()));
    router.delete("/api/admin/rooms/:room/messages/:seq").handler(rc -> admin(rc, 200, (id, r) -> {
      String room = r.pathParam("room");
      if (!Names.isRoom(room)) {
        throw new ChatException(ErrorCode.BAD_REQUEST, "invalid room name", "room");
      }
      long seq;
      try {
        seq = Long.parseLong(r.pathParam("seq"));
      } catch (NumberFormatException e) {
        throw new ChatException(ErrorCode.BAD_REQUEST, "seq must be a whole number", "seq");
      }
      return rest.ask(Addresses.ADMIN_DELETE, new AdminRequests.DeleteMessage(id.user(), room, seq));
    }));
    router.get("/api/admin/audit").handler(rc -> admin(rc, 200, (id, r) -> {
      Long before = query(r, "before", 0, Long.MAX_VALUE);
      Long limit = query(r, "limit", 1, Protocol.MAX_PAGE);
      return rest.ask(Addresses.ADMIN_AUDIT, new AdminRequests.Audit(before == null ? Long.MAX_VALUE : before,
          limit == null ? Protocol.DEFAULT_PAGE : limit.intValue()));
    }));
  }

  private static String optionalRoom(Object room) {
    if (room == null) {
      return null;
    }
    if (!(room instanceof String r) || !Names.isRoom(r)) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "room must be a room name", "room");
    }
    return r;
  }

  private void admin(RoutingContext rc, int status, BiFunction<Identity, RoutingContext, Future<JsonObject>> action) {
    reply(rc, status, rest.callerWithRole(rc, "admin").compose(id -> action.apply(id, rc)));
  }

  /** An action on the user named in the path, with the fields {@code parse} takes from the body. */
  private void userAction(RoutingContext rc, AdminRequests.UserAction action, java.util.function.Function<JsonObject, JsonObject> parse) {
    admin(rc, 200, (id, r) -> {
      String user = r.pathParam("user");
      if (!Names.isUser(user)) {
        throw new ChatException(ErrorCode.BAD_REQUEST, "invalid user name", "user");
      }
      JsonObject detail = parse.apply(body(r, true));
      detail.getMap().values().removeIf(java.util.Objects::isNull);
      return rest.ask(Addresses.ADMIN_USER, new AdminRequests.OnUser(action, id.user(), user, detail));
    });
  }
}
