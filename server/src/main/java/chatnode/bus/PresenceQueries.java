package chatnode.bus;

import java.util.List;

/**
 * Questions to this node's copy of the cluster's session registry, each on an address of its own
 * ({@link Addresses}); the sessions, rooms and nodes lists take no body.
 */
public final class PresenceQueries {
  private PresenceQueries() {}

  /** Which of {@code users} are online anywhere in the cluster. */
  public record Status(List<String> users) {}

  /** Which of {@code users} have no session in {@code room} anywhere in the cluster. */
  public record Absent(String room, List<String> users) {}
}
