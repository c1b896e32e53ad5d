package chatnode.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The one question about accounts that other capabilities ask in their own transactions. */
public final class Users {
  private Users() {}

  public static boolean exists(Connection c, String user) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM users WHERE name = ?")) {
      ps.setString(1, user);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }
}
