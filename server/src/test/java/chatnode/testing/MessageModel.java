package chatnode.testing;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.TreeMap;

/**
 * What a client knows of one conversation's messages, built only from the frames it received, as
 * the protocol says to apply them: a message as it came, then each change frame on top (each
 * carries the value it leaves). Compared with the stored state in the shape history gives it.
 */
public final class MessageModel {
  private final String me;
  private final TreeMap<Long, JsonObject> messages = new TreeMap<>();

  public MessageModel(String me) {
    this.me = me;
  }

  /** A {@code message}, {@code dm} or history entry. */
  public void message(JsonObject m) {
    messages.put(m.getLong("seq"), state(m));
  }

  /** An {@code edited}, {@code deleted} or {@code reaction} frame; a change to a message not held changes nothing. */
  public void change(JsonObject f) {
    JsonObject m = messages.get(f.getLong("seq"));
    if (m == null) {
      return;
    }
    switch (f.getString("type")) {
      case "edited" -> m.put("text", f.getString("text"));
      case "deleted" -> m.put("text", "").put("deleted", true).put("reactions", new JsonObject());
      case "reaction" -> {
        JsonObject reactions = m.getJsonObject("reactions");
        String emoji = f.getString("emoji");
        JsonObject was = reactions.getJsonObject(emoji, new JsonObject().put("me", false));
        boolean mine = me.equals(f.getString("user")) ? f.getBoolean("on") : was.getBoolean("me");
        if (f.getInteger("count") == 0) {
          reactions.remove(emoji);
        } else {
          reactions.put(emoji, new JsonObject().put("count", f.getInteger("count")).put("me", mine));
        }
      }
      default -> throw new IllegalArgumentException("not a change: " + f.encode());
    }
  }

  /** The messages as this client has them, oldest first. */
  public List<JsonObject> messages() {
    return List.copyOf(messages.values());
  }

  /** The part of a message that changes can touch, as history shows it: text, deleted, reactions. */
  public static JsonObject state(JsonObject m) {
    return new JsonObject().put("seq", m.getLong("seq")).put("text", m.getString("text"))
        .put("deleted", m.getBoolean("deleted", false)).put("reactions", m.getJsonObject("reactions", new JsonObject()).copy());
  }
}
