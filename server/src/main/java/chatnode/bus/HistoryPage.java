package chatnode.bus;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * Messages oldest first, and the conversation's newest seq and rev when they were read (0: none
 * yet); {@code reactions}: for the reader who asked, the reactions of those messages that have
 * some, by seq ({@code {emoji: {count, me}}}); empty for a read with no reader (the node's own).
 */
public record HistoryPage(long newest, long rev, List<Stored> messages, Map<Long, JsonObject> reactions) {
  /** A message of the page as the protocol shows it to its reader: its frame, with its reactions. */
  public JsonObject frame(Stored m) {
    JsonObject frame = m.toFrame();
    JsonObject of = reactions.get(m.seq());
    return of == null ? frame : frame.put("reactions", of);
  }
}
