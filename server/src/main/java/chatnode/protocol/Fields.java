package chatnode.protocol;

import io.vertx.core.json.JsonObject;

/**
 * The one validator of the protocol's fields, for WebSocket frames, REST bodies and Redis entries
 * alike: a field that breaks a rule is refused with a {@code bad_request} naming it.
 */
public final class Fields {
  private Fields() {}

  public static String room(JsonObject frame, String key) {
    return roomName(string(frame, key), key);
  }

  public static String user(JsonObject frame, String key) {
    return userName(string(frame, key), key);
  }

  /** A room name from anywhere (a path, a header, a stream entry), as {@code key}. */
  public static String roomName(String room, String key) {
    if (!Names.isRoom(room)) {
      throw bad(key, key + " must be a room name matching " + Protocol.ROOM_PATTERN);
    }
    return room;
  }

  public static String userName(String user, String key) {
    if (!Names.isUser(user)) {
      throw bad(key, key + " must be a user name matching " + Protocol.USER_PATTERN);
    }
    return user;
  }

  /** The conversation a frame names: a room, or the user of a DM conversation ({@code with}). */
  public record Conversation(String room, String with) {
    public boolean ofRoom() {
      return room != null;
    }
  }

  /** Exactly one of {@code room} and {@code with}, each by its rule; {@code frame} names the frame type in the refusal. */
  public static Conversation conversation(JsonObject fields, String frame) {
    boolean ofRoom = fields.containsKey("room");
    if (ofRoom == fields.containsKey("with")) {
      throw bad(frame + " takes either room or with");
    }
    return ofRoom ? new Conversation(room(fields, "room"), null) : new Conversation(null, user(fields, "with"));
  }

  /** An optional room name, or null when absent. */
  public static String optionalRoom(JsonObject frame, String key) {
    return frame.getValue(key) == null ? null : room(frame, key);
  }

  /** A message's {@code text}, by the rules of {@link #messageText}. */
  public static String text(JsonObject frame, int max) {
    return messageText(string(frame, "text"), max);
  }

  /**
   * A message text as the protocol takes it: trimmed, 1..{@code maxCodePoints} code points, and
   * only characters every store keeps (no NUL, no lone surrogate). The one check of every path a
   * message comes in by (WebSocket, REST, Redis).
   */
  public static String messageText(String raw, int maxCodePoints) {
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

  /**
   * A reaction's {@code emoji}: 1..{@link Protocol#MAX_EMOJI} code points, none of them whitespace,
   * a control or unassigned character, or a lone surrogate (joiners and variation selectors, which
   * emoji are built with, are fine).
   */
  public static String emoji(JsonObject frame) {
    String emoji = string(frame, "emoji");
    int n = 0;
    for (int i = 0; i < emoji.length(); i += Character.charCount(emoji.codePointAt(i)), n++) {
      int cp = emoji.codePointAt(i);
      int type = Character.getType(cp);
      if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || type == Character.CONTROL || type == Character.UNASSIGNED
          || type == Character.SURROGATE) {
        throw bad("emoji", "emoji must not contain whitespace or control characters");
      }
    }
    if (n == 0 || n > Protocol.MAX_EMOJI) {
      throw bad("emoji", "emoji must be 1 to " + Protocol.MAX_EMOJI + " characters");
    }
    return emoji;
  }

  /** A required boolean. */
  public static boolean flag(JsonObject frame, String key) {
    if (!(frame.getValue(key) instanceof Boolean b)) {
      throw bad(key, key + " must be true or false");
    }
    return b;
  }

  public static String string(JsonObject frame, String key) {
    Object value = frame.getValue(key);
    if (value == null) {
      throw bad(key, key + " is required");
    }
    if (!(value instanceof String s)) {
      throw bad(key, key + " must be a string");
    }
    return s;
  }

  /** An optional string of {@code min} to {@code max} code points after trimming, or null when absent. */
  public static String optionalText(JsonObject body, String key, int min, int max) {
    Object value = body.getValue(key);
    if (value == null) {
      return null;
    }
    if (value instanceof String s) {
      String trimmed = s.trim();
      int n = trimmed.codePointCount(0, trimmed.length());
      if (n >= min && n <= max) {
        return trimmed;
      }
    }
    throw bad(key, key + " must be a string of " + min + ".." + max + " characters");
  }

  /** An optional whole number in [min, max], or null when absent. */
  public static Long number(JsonObject frame, String key, long min, long max) {
    Object value = frame.getValue(key);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Integer || value instanceof Long) || !inRange(((Number) value).longValue(), min, max)) {
      throw outOfRange(key, min, max);
    }
    return ((Number) value).longValue();
  }

  /** A required whole number in [min, max]. */
  public static long requiredNumber(JsonObject frame, String key, long min, long max) {
    Long n = number(frame, key, min, max);
    if (n == null) {
      throw bad(key, key + " is required");
    }
    return n;
  }

  /** An optional whole number in [min, max] written as text (a query parameter), or null when absent. */
  public static Long number(String raw, String key, long min, long max) {
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    try {
      long n = Long.parseLong(raw);
      if (inRange(n, min, max)) {
        return n;
      }
    } catch (NumberFormatException e) {
      // falls through to the refusal
    }
    throw outOfRange(key, min, max);
  }

  /** The frame's {@code ref} if it is a valid one, else null. */
  public static String validRef(JsonObject frame) {
    return frame.getValue("ref") instanceof String ref && ref.codePointCount(0, ref.length()) <= Protocol.MAX_REF ? ref : null;
  }

  public static ChatException bad(String message) {
    return new ChatException(ErrorCode.BAD_REQUEST, message);
  }

  public static ChatException bad(String field, String message) {
    return new ChatException(ErrorCode.BAD_REQUEST, message, field);
  }

  private static boolean inRange(long n, long min, long max) {
    return n >= min && n <= max;
  }

  private static ChatException outOfRange(String key, long min, long max) {
    return bad(key, key + " must be a whole number from " + min + (max == Long.MAX_VALUE ? " up" : " to " + max));
  }
}
