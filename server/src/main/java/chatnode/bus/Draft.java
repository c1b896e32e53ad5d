package chatnode.bus;

import chatnode.store.Conversations;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A validated room message ({@code room} set) or DM ({@code to} set) waiting to be stored.
 * {@code sourceKey}, when set, makes the message idempotent: stored once per key and conversation.
 * {@code replyTo}, when set, is the seq of the message of the same conversation it answers.
 */
public record Draft(String room, String to, String from, String text, String sourceKey, Long replyTo) {
  /** The store's column for source keys holds this many characters. */
  public static final int MAX_SOURCE_KEY = 200;

  public static Draft forRoom(String room, String from, String text) {
    return new Draft(room, null, from, text, null, null);
  }

  public static Draft direct(String to, String from, String text) {
    return new Draft(null, to, from, text, null, null);
  }

  /** The draft as a reply to message {@code seq} of its conversation (null: none). */
  public Draft replying(Long seq) {
    return new Draft(room, to, from, text, sourceKey, seq);
  }

  /**
   * The draft made idempotent by its source's key ({@code source} names where keys come from, e.g.
   * "http", "redis"). A key too long for the column once prefixed is stored as its SHA-256.
   */
  public Draft withSourceKey(String source, String key) {
    String stored = source + ":" + key;
    if (stored.length() > MAX_SOURCE_KEY) {
      stored = source + "#" + sha256(key);
    }
    return new Draft(room, to, from, text, stored, replyTo);
  }

  /** The draft as it travels to the node that stores its conversation's messages. */
  public JsonObject toJson() {
    return new JsonObject().put("room", room).put("to", to).put("from", from).put("text", text).put("sourceKey", sourceKey)
        .put("replyTo", replyTo);
  }

  public static Draft fromJson(JsonObject json) {
    return new Draft(json.getString("room"), json.getString("to"), json.getString("from"), json.getString("text"),
        json.getString("sourceKey"), json.getLong("replyTo"));
  }

  public boolean isRoom() {
    return room != null;
  }

  public String conversation() {
    return isRoom() ? Conversations.room(room) : Conversations.direct(from, to);
  }

  private static String sha256(String key) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
