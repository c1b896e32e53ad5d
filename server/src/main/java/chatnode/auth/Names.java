package chatnode.auth;

import java.util.regex.Pattern;

/** The protocol's name rules. */
public final class Names {
  private static final Pattern USER = Pattern.compile("^[a-z0-9_]{3,32}$");
  private static final Pattern ROOM = Pattern.compile("^[a-z0-9][a-z0-9_-]{0,63}$");

  private Names() {}

  public static boolean isUser(String name) {
    return name != null && USER.matcher(name).matches();
  }

  public static boolean isRoom(String name) {
    return name != null && ROOM.matcher(name).matches();
  }
}
