package chatnode.bus;

import chatnode.store.Conversations;
import io.vertx.core.json.JsonObject;

/**
 * A stored change to a message, number {@code rev} of its conversation's change stream: of a room
 * message ({@code room} set) or of a DM between {@code from} and {@code to} (the message's sender
 * and recipient). {@code actor} made it. An edit carries the new {@code text} and
 * (its {@code editedAt} is the change's {@code ts}); a reaction its {@code emoji}, whether it was put
 * {@code on} or taken back, and the {@code count} of that emoji once the change is made.
 */
public record Change(Kind kind, String room, String from, String to, long seq, long rev, String actor, String text,
                     String emoji, boolean on, int count, long ts) {

  public enum Kind {
    EDIT("edited"), DELETE("deleted"), REACT("reaction");

    private final String frameType;

    Kind(String frameType) {
      this.frameType = frameType;
    }

    public String frameType() {
      return frameType;
    }
  }

  public boolean isRoom() {
    return room != null;
  }

  public String conversation() {
    return isRoom() ? Conversations.room(room) : Conversations.direct(from, to);
  }

  /** The frame, as the protocol shapes it: it carries the value the change leaves. */
  public JsonObject toFrame() {
    JsonObject frame = new JsonObject().put("type", kind.frameType());
    if (isRoom()) {
      frame.put("room", room);
    } else {
      frame.put("from", from).put("to", to);
    }
    frame.put("seq", seq);
    switch (kind) {
      case EDIT -> frame.put("text", text).put("editedAt", ts);
      case REACT -> frame.put("emoji", emoji).put("user", actor).put("on", on).put("count", count);
      case DELETE -> { }
    }
    return frame.put("rev", rev);
  }
}
