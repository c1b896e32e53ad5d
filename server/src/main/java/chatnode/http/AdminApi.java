package chatnode.http;

import static chatnode.http.RestSupport.body;
import static chatnode.http.RestSupport.query;
import static chatnode.http.RestSupport.reply;
import static chatnode.protocol.Fields.optionalText;

import chatnode.accounts.Identity;
import chatnode.bus.Addresses;
import chatnode.bus.AdminRequests;
import chatnode.protocol.Fields;
import chatnode.protocol.Protocol;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.BiFunction;

/**
 * The admin API: sessions and nodes across the cluster, moderation, the audit log, for role
 * {@code admin}; mutes and message deletion also for a room's owners and moderators, in their room.
 */
final class AdminApi {
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
            .put("minutes", minutes(body))));
    router.delete("/api/admin/users/:user/ban").handler(rc -> userAction(rc, AdminRequests.UserAction.UNBAN, body -> new JsonObject()));
    // A room's owners and moderators mute and delete in their room too: the moderation verticle decides.
    router.put("/api/admin/users/:user/mute").handler(rc -> userAction(rc, AdminRequests.UserAction.MUTE, body -> {
      Long minutes = minutes(body);
      if (minutes == null) {
        throw Fields.bad("minutes", "minutes is required");
      }
      return new JsonObject().put("minutes", minutes).put("room", Fields.optionalRoom(body, "room"));
    }));
    router.delete("/api/admin/users/:user/mute").handler(rc -> userAction(rc, AdminRequests.UserAction.UNMUTE, body ->
        new JsonObject().put("room", Fields.optionalRoom(new JsonObject().put("room", rc.queryParams().get("room")), "room"))));
    router.post("/api/admin/users/:user/revoke").handler(rc -> userAction(rc, AdminRequests.UserAction.REVOKE, body -> new JsonObject()));
    router.delete("/api/admin/rooms/:room/messages/:seq").handler(rc -> reply(rc, 200, rest.caller(rc).compose(id -> {
      String room = Fields.roomName(rc.pathParam("room"), "room");
      long seq = Fields.number(rc.pathParam("seq"), "seq", 1, Long.MAX_VALUE);
      return rest.ask(Addresses.ADMIN_DELETE, new AdminRequests.DeleteMessage(id.user(), id.hasRole("admin"), room, seq));
    })));
    router.get("/api/admin/audit").handler(rc -> admin(rc, 200, (id, r) -> {
      Long before = query(r, "before", 0, Long.MAX_VALUE);
      Long limit = query(r, "limit", 1, Protocol.MAX_PAGE);
      return rest.ask(Addresses.ADMIN_AUDIT, new AdminRequests.Audit(before == null ? Long.MAX_VALUE : before,
          limit == null ? Protocol.DEFAULT_PAGE : limit.intValue()));
    }));
  }

  private static Long minutes(JsonObject body) {
    return Fields.number(body, "minutes", 1, Protocol.MAX_MODERATION_MINUTES);
  }

  private void admin(RoutingContext rc, int status, BiFunction<Identity, RoutingContext, Future<JsonObject>> action) {
    reply(rc, status, rest.callerWithRole(rc, "admin").compose(id -> action.apply(id, rc)));
  }

  /**
   * An action on the user named in the path, with the fields {@code parse} takes from the body;
   * mutes are open to every user (the moderation verticle admits a room's owners and moderators).
   */
  private void userAction(RoutingContext rc, AdminRequests.UserAction action, java.util.function.Function<JsonObject, JsonObject> parse) {
    boolean roomModerators = action == AdminRequests.UserAction.MUTE || action == AdminRequests.UserAction.UNMUTE;
    Future<Identity> caller = roomModerators ? rest.caller(rc) : rest.callerWithRole(rc, "admin");
    reply(rc, 200, caller.compose(id -> {
      String user = Fields.userName(rc.pathParam("user"), "user");
      JsonObject detail = parse.apply(body(rc, true));
      detail.getMap().values().removeIf(java.util.Objects::isNull);
      return rest.ask(Addresses.ADMIN_USER, new AdminRequests.OnUser(action, id.user(), id.hasRole("admin"), user, detail));
    }));
  }
}
