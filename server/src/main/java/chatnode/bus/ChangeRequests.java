package chatnode.bus;

import chatnode.bus.RoomRequests.Caller;
import chatnode.store.Conversations;
import java.util.List;

/**
 * Requests of the changes verticle, one record each on an address of its own ({@link Addresses}):
 * an edit, a deletion or a reaction is answered with the stored {@link Change} (null: a reaction
 * that changed nothing), a read with a {@link Page}. Fields are validated before they are sent;
 * who may do what is decided by the changes verticle, in the transaction that stores the change.
 */
public final class ChangeRequests {
  private ChangeRequests() {}

  /** A conversation: a room, or the caller's DM conversation {@code with} a user. */
  public record Of(String room, String with) {
    public String conversation(String caller) {
      return room != null ? Conversations.room(room) : Conversations.direct(caller, with);
    }
  }

  public record Edit(Caller caller, Of of, long seq, String text) {}

  public record Delete(Caller caller, Of of, long seq) {}

  public record React(Caller caller, Of of, long seq, String emoji, boolean on) {}

  /** The oldest {@code limit} changes after rev {@code after}; {@code admitted}: the caller may read them (a join let it in). */
  public record Read(Caller caller, Of of, long after, int limit, boolean admitted) {}

  /** Changes oldest first. */
  public record Page(List<Change> changes) {}
}
