package chatnode.bus;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A validated room message ({@code room} set) or DM ({@code to} set) waiting to be stored.
 * {@code sourceKey}, when set, makes the message idempotent: stored once per key and conversation.
 */
public record Draft(String room, String to, String from, String text, String sourceKey) {
  /** The store's column for source keys holds this many characters. */
  public static final int MAX_SOURCE_KEY = 200;

  public static Draft forRoom(String room, String from, String text) {
    return new Draft(room, null, from, text, null);
  }

  public static Draft direct(String to, String from, String text) {
    return new Draft(null, to, from, text, null);
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
    return new Draft(room, to, from, text, stored);
  }

  /**
   * A message text as the protocol takes it: trimmed, 1..{@code maxCodePoints} code points, and
   * only characters every store keeps (no NUL, no lone surrogate). The one check of every path a
   * message comes in by (WebSocket, REST, Redis).
   */
  public static String validText(String raw, int maxCodePoints) {
    String text = raw.trim();
    if (text.isEmpty()) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "text must not be empty", "text");
    }
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch == '\u0000') {
        throw new ChatException(ErrorCode.BAD_REQUEST, "text must not contain the NUL character", "text");
      }
      if (Character.isSurrogate(ch)) {
        boolean paired = Character.isHighSurrogate(ch) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
        if (!paired) {
          throw new ChatException(ErrorCode.BAD_REQUEST, "text must be valid Unicode (a lone surrogate was sent)", "text");
        }
        i++;
      }
    }
    if (text.codePointCount(0, text.length()) > maxCodePoints) {
      throw new ChatException(ErrorCode.TOO_LARGE, "text is longer than " + maxCodePoints + " characters", "text");
    }
    return text;
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
