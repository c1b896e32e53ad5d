package chatnode.rooms;

import chatnode.bus.RoomRequests.Caller;
import chatnode.protocol.ChatException;
import chatnode.protocol.ErrorCode;

/**
 * Who may do what in a room, from the caller's node-wide roles ({@code admin}, {@code service}),
 * the room's visibility and the caller's role in it (null: not a member). Pure: every decision is
 * a function of these, so the whole matrix is tested without a node.
 */
public final class Permissions {
  private Permissions() {}

  /** See the room: its details, members and history, and join it. A private room shows itself only to members, admins and services. */
  static boolean maySee(Caller caller, Visibility visibility, Role role) {
    return visibility == Visibility.PUBLIC || role != null || caller.admin() || caller.service();
  }

  /** Change its topic or visibility. */
  static boolean mayUpdate(Caller caller, Role role) {
    return role == Role.OWNER || caller.admin();
  }

  /** Add a member with {@code newRole}: moderators add members; owners, admins and services anyone. */
  static boolean mayAdd(Caller caller, Role role, Role newRole) {
    return role == Role.OWNER || caller.admin() || caller.service() || (role == Role.MODERATOR && newRole == Role.MEMBER);
  }

  /** Change a member's role. */
  static boolean maySetRole(Caller caller, Role role) {
    return role == Role.OWNER || caller.admin();
  }

  /** End {@code target}'s membership (whose role is {@code targetRole}): oneself, or an owner, an admin, a service, or a moderator a plain member. */
  static boolean mayRemove(Caller caller, Role role, String target, Role targetRole) {
    return caller.user().equals(target) || role == Role.OWNER || caller.admin() || caller.service()
        || (role == Role.MODERATOR && targetRole == Role.MEMBER);
  }

  /**
   * Moderate (delete a message of, mute) a user whose role in the room is {@code targetRole} (null:
   * not a member): an admin anyone; an owner anyone but an owner; a moderator members and non-members.
   */
  public static boolean mayModerate(boolean admin, Role role, Role targetRole) {
    return admin || (role == Role.OWNER && targetRole != Role.OWNER)
        || (role == Role.MODERATOR && (targetRole == null || targetRole == Role.MEMBER));
  }

  static ChatException forbidden(String what) {
    return new ChatException(ErrorCode.FORBIDDEN, what);
  }
}
