package chatnode.rooms;

import chatnode.protocol.ChatException;
import chatnode.protocol.ErrorCode;

/** A member's role in a room, strongest first. */
public enum Role {
  OWNER, MODERATOR, MEMBER;

  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The role a client named; {@code bad_request} for any other word. */
  public static Role of(String wire) {
    for (Role r : values()) {
      if (r.wire().equals(wire)) {
        return r;
      }
    }
    throw new ChatException(ErrorCode.BAD_REQUEST, "role must be owner, moderator or member", "role");
  }
}
