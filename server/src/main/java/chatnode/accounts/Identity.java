package chatnode.accounts;

import chatnode.bus.RoomRequests;
import java.util.List;

/** Who a verified token speaks for, and when the token was issued (JWT iat, seconds; 0 if absent). */
public record Identity(String user, List<String> roles, long issuedAt) {
  public Identity {
    roles = List.copyOf(roles);
  }

  public boolean hasRole(String role) {
    return roles.contains(role);
  }

  /** The caller as rooms see it: the user, and whether an admin or a service (who see every room). */
  public RoomRequests.Caller asCaller() {
    return new RoomRequests.Caller(user, hasRole("admin"), hasRole("service"));
  }

  public boolean privileged() {
    return hasRole("admin") || hasRole("service");
  }
}
