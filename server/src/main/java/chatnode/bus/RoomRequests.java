package chatnode.bus;

/**
 * The requests of the rooms verticle, one record each on an address of its own ({@link Addresses}),
 * all answered with the JSON the protocol gives back. Names and roles are validated before they
 * are sent; who may do what is decided by the rooms verticle.
 */
public final class RoomRequests {
  private RoomRequests() {}

  /** Who asks: a user, with the node-wide roles that matter to rooms. */
  public record Caller(String user, boolean admin, boolean service) {}

  public record Create(Caller caller, String room, String visibility, String topic) {}

  public record Details(Caller caller, String room) {}

  /** Changes the topic and/or the visibility (null: unchanged). */
  public record Update(Caller caller, String room, String topic, String visibility) {}

  /** Rooms by name with {@code prefix}, after {@code after}. */
  public record Directory(Caller caller, String prefix, String after, int limit) {}

  public record Members(Caller caller, String room, String after, int limit) {}

  /** Adds {@code user} with {@code role} (null: member). */
  public record AddMember(Caller caller, String room, String user, String role) {}

  public record SetRole(Caller caller, String room, String user, String role) {}

  /** Ends {@code user}'s membership: a removal, or a part when the caller is the user. */
  public record RemoveMember(Caller caller, String room, String user) {}

  /**
   * A session joins: a public room makes its user a member (once); a private one admits only
   * members. {@code session} is the joining session's id: it gets {@code joined}, not the
   * {@code membership} frame a new member's other sessions get.
   */
  public record Join(Caller caller, String room, String session) {}

  /** The caller's rooms, with read markers and unread counts. */
  public record MyRooms(String user) {}

  /** The caller's DM conversations, with read markers and unread counts. */
  public record MyDirects(String user) {}

  /** The caller has read a room or a DM conversation ({@code with}) up to {@code seq}. */
  public record MarkRead(String user, String room, String with, long seq) {}
}
