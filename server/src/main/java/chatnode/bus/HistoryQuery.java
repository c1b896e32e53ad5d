package chatnode.bus;

import chatnode.store.Conversations;

/**
 * A read of one conversation: the newest {@code limit} before {@code before} (null: the newest),
 * or the oldest {@code limit} after {@code after}. {@code viewer} and {@code with} name a DM
 * conversation; {@code room} a room. A room's {@code viewer} must be allowed to read it unless
 * {@code privileged} (an admin or a service); null when the reader was admitted already (a join).
 */
public record HistoryQuery(String room, String viewer, String with, Long before, Long after, int limit, boolean privileged) {
  /**
   * The {@code after} of a page of {@code limit} around message {@code seq} (opening a conversation
   * at a search hit): seqs are gapless, so the page holds up to half its length before it.
   */
  public static long afterForAround(long seq, int limit) {
    return Math.max(0, seq - 1 - limit / 2);
  }

  public String conversation() {
    return room != null ? Conversations.room(room) : Conversations.direct(viewer, with);
  }
}
