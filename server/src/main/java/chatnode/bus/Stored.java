package chatnode.bus;

import chatnode.store.Conversations;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A committed message: a room message ({@code room} set) or a DM ({@code to} set). A deleted one
 * keeps its seq with an empty text. {@code mentions}: the users a room message mentions (see
 * {@code rooms.Mentions}), empty when none; {@code replyTo}: the seq of the message it answers, or null;
 * {@code editedAt}: when its author last edited it, or null.
 */
public record Stored(String room, String to, long seq, String from, String text, long ts, boolean deleted,
                     List<String> mentions, Long replyTo, Long editedAt) {

  public boolean isRoom() {
    return room != null;
  }

  public String conversation() {
    return isRoom() ? Conversations.room(room) : Conversations.direct(from, to);
  }

  /** The message of a frame made by {@link #toFrame}: how a stored message comes back from the node that stored it. */
  public static Stored fromFrame(JsonObject frame) {
    boolean room = "message".equals(frame.getString("type"));
    JsonArray mentions = frame.getJsonArray("mentions");
    return new Stored(room ? frame.getString("room") : null, room ? null : frame.getString("to"), frame.getLong("seq"),
        frame.getString("from"), frame.getString("text"), frame.getLong("ts"), frame.getBoolean("deleted", false),
        mentions == null ? List.of() : mentions.stream().map(String.class::cast).toList(), frame.getLong("replyTo"),
        frame.getLong("editedAt"));
  }

  /** The {@code message} or {@code dm} frame, as the protocol shapes it. */
  public JsonObject toFrame() {
    JsonObject frame = new JsonObject();
    if (isRoom()) {
      frame.put("type", "message").put("room", room);
    } else {
      frame.put("type", "dm").put("from", from).put("to", to);
    }
    frame.put("seq", seq).put("from", from).put("text", text).put("ts", ts);
    if (replyTo != null) {
      frame.put("replyTo", replyTo);
    }
    if (deleted) {
      return frame.put("deleted", true);
    }
    if (editedAt != null) {
      frame.put("editedAt", editedAt);
    }
    return mentions.isEmpty() ? frame : frame.put("mentions", new JsonArray(mentions));
  }
}
