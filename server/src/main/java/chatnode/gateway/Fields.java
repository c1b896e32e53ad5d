package chatnode.gateway;

import chatnode.auth.Names;
import chatnode.bus.ChatException;
import chatnode.bus.Draft;
import chatnode.bus.ErrorCode;
import chatnode.bus.Protocol;
import io.vertx.core.json.JsonObject;

/** Reads a frame's fields by the protocol's rules; a field that breaks one is refused with a clear error. */
final class Fields {
  private Fields() {}

  static String room(JsonObject frame, String key) {
    String room = string(frame, key);
    if (!Names.isRoom(room)) {
      throw bad(key + " must match " + Protocol.ROOM_PATTERN);
    }
    return room;
  }

  static String user(JsonObject frame, String key) {
    String user = string(frame, key);
    if (!Names.isUser(user)) {
      throw bad(key + " must be a user name matching " + Protocol.USER_PATTERN);
    }
    return user;
  }

  /** The trimmed text, by the rules of {@link Draft#validText}. */
  static String text(JsonObject frame, int max) {
    return Draft.validText(string(frame, "text"), max);
  }

  static String string(JsonObject frame, String key) {
    Object value = frame.getValue(key);
    if (value == null) {
      throw bad(key + " is required");
    }
    if (!(value instanceof String s)) {
      throw bad(key + " must be a string");
    }
    return s;
  }

  /** An optional whole number in [min, max], or null when absent. */
  static Long number(JsonObject frame, String key, long min, long max) {
    Object value = frame.getValue(key);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < min
        || ((Number) value).longValue() > max) {
      throw bad(key + " must be a whole number from " + min + (max == Long.MAX_VALUE ? " up" : " to " + max));
    }
    return ((Number) value).longValue();
  }

  /** The frame's {@code ref} if it is a valid one, else null. */
  static String validRef(JsonObject frame) {
    return frame.getValue("ref") instanceof String ref && ref.codePointCount(0, ref.length()) <= Protocol.MAX_REF ? ref : null;
  }

  static ChatException bad(String message) {
    return new ChatException(ErrorCode.BAD_REQUEST, message);
  }
}
