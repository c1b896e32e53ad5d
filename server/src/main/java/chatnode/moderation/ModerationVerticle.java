package chatnode.moderation;

import chatnode.audit.AuditLog;
import chatnode.bus.Addresses;
import chatnode.bus.AdminRequests;
import chatnode.bus.Change;
import chatnode.bus.ChangeRequests;
import chatnode.bus.Replies;
import chatnode.bus.RoomRequests;
import chatnode.chat.ChangeVerticle;
import chatnode.chat.MessageChanges;
import chatnode.chat.MessageLog;
import chatnode.chat.Mutes;
import chatnode.protocol.ChatException;
import chatnode.protocol.ErrorCode;
import chatnode.protocol.Protocol;
import chatnode.rooms.Permissions;
import chatnode.rooms.Role;
import chatnode.rooms.Rooms;
import chatnode.store.Store;
import chatnode.store.Users;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moderation: every action is stored together with its audit entry in one transaction, then
 * announced to the cluster (kick, mute changes, deleted messages). One instance per node; the
 * admin REST routes of every gateway ask it over the event bus.
 */
public final class ModerationVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(ModerationVerticle.class);

  private final Store store;

  public ModerationVerticle(Store store) {
    this.store = store;
  }

  @Override
  public Future<?> start() {
    return Future.all(
        Replies.serve(vertx, Addresses.ADMIN_USER, this::onUser, log),
        Replies.serve(vertx, Addresses.ADMIN_DELETE, this::deleteMessage, log),
        Replies.serve(vertx, Addresses.ADMIN_AUDIT, (AdminRequests.Audit a) -> store.read(c -> AuditLog.page(c, a.before(), a.limit()))
            .map(entries -> new JsonObject().put("entries", entries)), log));
  }


  private Future<JsonObject> onUser(AdminRequests.OnUser a) {
    String actor = a.actor();
    String user = a.user();
    JsonObject q = a.detail();
    String reason = q.getString("reason");
    String action = a.action().name().toLowerCase(java.util.Locale.ROOT);
    long now = System.currentTimeMillis();
    JsonObject audited = q.copy().put("user", user);
    String room = q.getString("room");
    if (!a.admin() && (room == null || (a.action() != AdminRequests.UserAction.MUTE && a.action() != AdminRequests.UserAction.UNMUTE))) {
      return Future.failedFuture(new ChatException(ErrorCode.FORBIDDEN, room == null && a.action().name().endsWith("MUTE")
          ? "only an admin mutes everywhere; an owner or a moderator of a room gives the room" : "this needs the role admin"));
    }
    return switch (a.action()) {
      case KICK -> act(actor, action, user, audited, c -> requireUser(c, user))
          .onSuccess(v -> kick(user, reason != null ? reason : "kicked", Protocol.CLOSE_KICKED));
      case BAN -> act(actor, action, user, audited, c -> {
        requireUser(c, user);
        Integer minutes = q.getInteger("minutes");
        Moderation.ban(c, user, minutes == null ? null : now + minutes * 60_000L, reason, now);
      }).compose(done -> standingChanged(user, done)).onSuccess(v -> kick(user, reason != null ? reason : "banned", Protocol.CLOSE_BANNED));
      case UNBAN -> act(actor, action, user, audited, c -> {
        if (!Moderation.unban(c, user)) {
          throw new ChatException(ErrorCode.NOT_FOUND, user + " is not banned");
        }
      }).compose(done -> standingChanged(user, done));
      case MUTE -> act(actor, action, user, audited, c -> {
        requireUser(c, user);
        requireModerator(c, a.admin(), actor, room, user);
        Mutes.mute(c, user, room == null ? Mutes.EVERYWHERE : room, now + q.getInteger("minutes") * 60_000L);
      }).compose(done -> mutesChanged(user, done));
      case UNMUTE -> act(actor, action, user, audited, c -> {
        requireModerator(c, a.admin(), actor, room, user);
        if (!Mutes.unmute(c, user, room == null ? Mutes.EVERYWHERE : room)) {
          throw new ChatException(ErrorCode.NOT_FOUND, user + " is not muted there");
        }
      }).compose(done -> mutesChanged(user, done));
      case REVOKE -> act(actor, action, user, audited, c -> {
        requireUser(c, user);
        Moderation.revokeTokens(c, user, now / 1000);
      }).compose(done -> standingChanged(user, done)).onSuccess(v -> kick(user, "revoked", Protocol.CLOSE_AUTH));
    };
  }

  @FunctionalInterface
  private interface Action {
    void run(Connection c) throws SQLException;
  }

  /** Runs the action and writes its audit entry in one transaction. */
  private Future<JsonObject> act(String actor, String action, String target, JsonObject detail, Action work) {
    return store.transaction(c -> {
      work.run(c);
      AuditLog.record(c, actor, action, target, detail, System.currentTimeMillis());
      return new JsonObject().put("done", action).put("target", target);
    });
  }

  /** The same deletion as a {@code delete} frame's ({@link MessageChanges#delete}), with its audit entry, in one transaction. */
  private Future<JsonObject> deleteMessage(AdminRequests.DeleteMessage d) {
    String actor = d.actor();
    String room = d.room();
    long seq = d.seq();
    String target = room + "#" + seq;
    return store.transaction(c -> {
      requireModerator(c, d.admin(), actor, room, null);
      String author = MessageLog.sender(c, room, seq);
      if (author == null) {
        throw new ChatException(ErrorCode.NOT_FOUND, "no message " + seq + " in " + room);
      }
      requireModerator(c, d.admin(), actor, room, author);
      Change deleted = MessageChanges.delete(c, new RoomRequests.Caller(actor, d.admin(), false), new ChangeRequests.Of(room, null), seq,
          System.currentTimeMillis());
      AuditLog.record(c, actor, "delete", target, new JsonObject().put("room", room).put("seq", seq), System.currentTimeMillis());
      return deleted;
    }).map(deleted -> {
      ChangeVerticle.publish(vertx.eventBus(), deleted);
      return new JsonObject().put("done", "delete").put("target", target);
    });
  }

  /**
   * Answers once this node's chat verticle enforces the change, so a say sent after the answer is
   * judged by it; the other nodes reload on the publish, within a bus hop and a store read.
   */
  private Future<JsonObject> mutesChanged(String user, JsonObject done) {
    JsonObject change = new JsonObject().put("user", user);
    vertx.eventBus().publish(Addresses.MUTES_CHANGED, change);
    // The change is committed either way: a failed reload is the chat verticle's to log, not a
    // failure of the admin's call (which a retry would repeat).
    return vertx.eventBus().request(Addresses.CHAT_MUTES, change, Addresses.local()).transform(reloaded -> Future.succeededFuture(done));
  }

  /**
   * Answers once this node admits no token the change refuses; the other nodes forget the user's
   * standing on the publish, within a bus hop.
   */
  private Future<JsonObject> standingChanged(String user, JsonObject done) {
    vertx.eventBus().publish(Addresses.ACCOUNT_CHANGED, user);
    return vertx.eventBus().request(Addresses.ADMISSION_FORGET, user, Addresses.local()).transform(forgotten -> Future.succeededFuture(done));
  }

  private void kick(String user, String reason, short code) {
    vertx.eventBus().publish(Addresses.KICK, new JsonObject().put("user", user).put("reason", reason).put("code", code));
  }

  /**
   * An admin moderates anywhere; anyone else must be an owner or a moderator of {@code room} and
   * outrank {@code target} there (null: only the caller's own role is checked).
   */
  private static void requireModerator(Connection c, boolean admin, String actor, String room, String target) throws SQLException {
    if (admin) {
      return;
    }
    Role role = Rooms.role(c, room, actor);
    if (!Permissions.mayModerate(false, role, target == null ? null : Rooms.role(c, room, target))) {
      throw new ChatException(ErrorCode.FORBIDDEN, role == Role.OWNER || role == Role.MODERATOR
          ? target + " has the role " + Rooms.role(c, room, target).wire() + " in " + room + "; you may not moderate them"
          : "only an owner or a moderator of " + room + ", or an admin, may moderate it");
    }
  }

  private static void requireUser(Connection c, String user) throws SQLException {
    if (!Users.exists(c, user)) {
      throw new ChatException(ErrorCode.NOT_FOUND, "no user named " + user);
    }
  }
}
