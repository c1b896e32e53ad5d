package chatnode.accounts;

import java.util.List;

/** Who a verified token speaks for, and when the token was issued (JWT iat, seconds; 0 if absent). */
public record Identity(String user, List<String> roles, long issuedAt) {
  public Identity {
    roles = List.copyOf(roles);
  }

  public boolean hasRole(String role) {
    return roles.contains(role);
  }
}
