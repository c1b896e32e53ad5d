package chatnode.bus;

import java.util.List;

/**
 * A frame encoded once per node, for the local sessions it concerns. {@code seq} orders room
 * messages and DMs (0 for ephemeral frames); a change ({@code rev} > 0, else 0) is ordered by its
 * rev, and its {@code seq} is that of the message it changes. {@code about} is the user the frame
 * concerns (the sender, or the presence subject), whose own sessions skip it when {@code skipAbout}
 * is set; {@code type} is the frame's type (for metrics and the slow-consumer policy, without
 * parsing it); {@code recipients} are the users whose sessions get a DM, a DM's change or a typing
 * notice (empty for rooms); {@code skipSession}, when not null, is the one session of theirs that does not.
 */
public record Delivery(long seq, long rev, String conversation, String about, boolean skipAbout, String type, String frame,
                       List<String> recipients, String skipSession) {
  /** A frame of a room: every local member gets it (but {@code about} where {@code skipAbout}). */
  public static Delivery toRoom(long seq, String conversation, String about, boolean skipAbout, String type, String frame) {
    return new Delivery(seq, 0, conversation, about, skipAbout, type, frame, List.of(), null);
  }

  /** A DM of a conversation's stream: to the sessions of both its users. */
  public static Delivery direct(long seq, String conversation, String from, String type, String frame, List<String> users) {
    return new Delivery(seq, 0, conversation, from, false, type, frame, users, null);
  }

  /** Change {@code rev} of a conversation's stream, to message {@code seq}: to a room's members, or (with {@code users}) to a DM's two users. */
  public static Delivery change(long seq, long rev, String conversation, String type, String frame, List<String> users) {
    return new Delivery(seq, rev, conversation, null, false, type, frame, users, null);
  }

  public boolean isChange() {
    return rev > 0;
  }
}
