package chatnode.rooms;

import chatnode.protocol.ChatException;
import chatnode.protocol.ErrorCode;

/** Who may find, join, read and post in a room: anyone, or only its members. */
public enum Visibility {
  PUBLIC, PRIVATE;

  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The visibility a client named; {@code bad_request} for any other word. */
  public static Visibility of(String wire) {
    for (Visibility v : values()) {
      if (v.wire().equals(wire)) {
        return v;
      }
    }
    throw new ChatException(ErrorCode.BAD_REQUEST, "visibility must be public or private", "visibility");
  }
}
