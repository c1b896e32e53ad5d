package chatnode.bus;

/**
 * A validated room message ({@code room} set) or DM ({@code to} set) waiting to be stored.
 * {@code sourceKey}, when set, makes the message idempotent: stored once per key and conversation.
 */
public record Draft(String room, String to, String from, String text, String sourceKey) {
  public static Draft forRoom(String room, String from, String text) {
    return new Draft(room, null, from, text, null);
  }

  public static Draft direct(String to, String from, String text) {
    return new Draft(null, to, from, text, null);
  }

  public Draft withSourceKey(String key) {
    return new Draft(room, to, from, text, key);
  }

  public boolean isRoom() {
    return room != null;
  }

  public String conversation() {
    return isRoom() ? Conversations.room(room) : Conversations.direct(from, to);
  }
}
