package chatnode.bus;

import chatnode.store.Conversations;

/**
 * A read of one conversation: the newest {@code limit} before {@code before} (null: the newest),
 * or the oldest {@code limit} after {@code after}. {@code viewer} and {@code with} name a DM
 * conversation; {@code room} a room.
 */
public record HistoryQuery(String room, String viewer, String with, Long before, Long after, int limit) {
  public String conversation() {
    return room != null ? Conversations.room(room) : Conversations.direct(viewer, with);
  }
}
