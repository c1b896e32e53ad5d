package chatnode.protocol;

import java.util.regex.Pattern;

/** The protocol's name rules. */
public final class Names {
  private static final Pattern USER = Pattern.compile(Protocol.USER_PATTERN);
  private static final Pattern ROOM = Pattern.compile(Protocol.ROOM_PATTERN);

  private Names() {}

  public static boolean isUser(String name) {
    return name != null && USER.matcher(name).matches();
  }

  public static boolean isRoom(String name) {
    return name != null && ROOM.matcher(name).matches();
  }
}
