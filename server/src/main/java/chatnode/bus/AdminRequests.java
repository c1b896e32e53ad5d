package chatnode.bus;

import io.vertx.core.json.JsonObject;

/**
 * The requests of the admin verticle, one record each, on addresses of their own
 * ({@link Addresses}). Each action is audited with its actor, target and details.
 */
public final class AdminRequests {
  private AdminRequests() {}

  /** What an admin may do to a user. */
  public enum UserAction { KICK, BAN, UNBAN, MUTE, UNMUTE, REVOKE }

  /**
   * {@code action} on {@code user} by {@code actor} ({@code admin}: whether the actor has the role;
   * without it only a room's owners and moderators mute and unmute in their room); {@code detail}
   * holds its validated fields (reason, minutes, room), as audited.
   */
  public record OnUser(UserAction action, String actor, boolean admin, String user, JsonObject detail) {}

  /** Delete message {@code seq} of {@code room}: by an admin, or by an owner or a moderator of the room. */
  public record DeleteMessage(String actor, boolean admin, String room, long seq) {}

  /** The audit log, newest first: entries before {@code before} (a ts), at most {@code limit}. */
  public record Audit(long before, int limit) {}
}
