package chatnode.gateway;

import chatnode.accounts.Identity;
import chatnode.bus.Addresses;
import chatnode.bus.PresenceChange;
import chatnode.bus.ProfileRequests;
import chatnode.bus.RoomRequests;
import chatnode.protocol.ChatException;
import chatnode.protocol.ErrorCode;
import chatnode.protocol.Protocol;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

/**
 * A session's first frame and its place in the node: the {@code auth} frame's token is verified
 * and admitted (not revoked, not banned), then the session is registered with its gateway (for its
 * user's DMs) and the cluster's presence registry (which may refuse a user's session too many).
 */
final class SessionAuth {
  private final WebSockets gateway;
  private final EventBus bus;

  SessionAuth(WebSockets gateway) {
    this.gateway = gateway;
    this.bus = gateway.vertx().eventBus();
  }

  /** The identity of a valid first frame; fails with {@code unauthorized} when it is not an {@code auth} with a good token. */
  Future<Identity> verify(String text) {
    JsonObject frame;
    try {
      frame = Json.decodeValue(text) instanceof JsonObject o ? o : null;
    } catch (DecodeException e) {
      frame = null;
    }
    if (frame == null || !"auth".equals(frame.getValue("type"))) {
      return Future.failedFuture(new ChatException(ErrorCode.UNAUTHORIZED, "the first frame must be auth"));
    }
    String token = frame.getValue("token") instanceof String t ? t : null;
    return gateway.tokens().verify(token)
        .compose(id -> bus.request(Addresses.PROFILE_ADMIT, new ProfileRequests.Admit(id.user(), id.issuedAt()), Addresses.local())
            .map(id));
  }

  /** Registers a session; undone by {@link #unregister}. */
  Future<Void> register(ChatConnection c, Identity id, String session, String remote) {
    Future<Void> stream = gateway.sessions().addSession(id.user(), c);
    Future<?> presence = bus.request(Addresses.PRESENCE_UPDATE,
        new PresenceChange.Opened(session, id.user(), System.currentTimeMillis(), remote), Addresses.local());
    return Future.all(stream, presence).mapEmpty();
  }

  /** The user's rooms and DM conversations, as {@code welcome} gives them: {@code {rooms, dms}}. */
  Future<JsonObject> memberships(Identity id) {
    Future<Message<JsonObject>> rooms = bus.request(Addresses.ROOMS_MINE, new RoomRequests.MyRooms(id.user()), Addresses.local());
    Future<Message<JsonObject>> dms = bus.request(Addresses.ROOMS_DIRECTS, new RoomRequests.MyDirects(id.user()), Addresses.local());
    return Future.all(rooms, dms).map(v -> new JsonObject().put("rooms", rooms.result().body().getJsonArray("rooms"))
        .put("dms", dms.result().body().getJsonArray("dms")));
  }

  void unregister(ChatConnection c, Identity id, String session) {
    gateway.sessions().removeSession(id.user(), c);
    bus.send(Addresses.PRESENCE_UPDATE, new PresenceChange.Closed(session), Addresses.local());
  }

  /** The close code for a refused authentication: banned, too many sessions, not authenticated, or (any other failure) an error of the node's. */
  static short closeCode(ChatException refused) {
    return switch (refused.code()) {
      case FORBIDDEN -> Protocol.CLOSE_BANNED;
      case RATE_LIMITED -> Protocol.CLOSE_POLICY;
      case UNAUTHORIZED -> Protocol.CLOSE_AUTH;
      default -> Protocol.CLOSE_ERROR;
    };
  }
}
