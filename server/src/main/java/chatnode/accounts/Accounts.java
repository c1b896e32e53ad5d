package chatnode.accounts;

import chatnode.rooms.Role;
import chatnode.rooms.Rooms;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/** The SQL of accounts and profiles. */
final class Accounts {
  private static final String INSERT =
      "INSERT INTO users(name, password_hash, roles, display_name, created_at) VALUES (?, ?, ?, ?, ?) "
          + "ON CONFLICT (name) DO NOTHING";

  /** A user's row: a null {@code passwordHash} means the user is known only from an external token. */
  record Account(String name, String passwordHash, List<String> roles, String displayName, String bio,
                 String avatarColor, String statusText, long createdAt, long updatedAt) {

    JsonObject profile() {
      return new JsonObject()
          .put("user", name)
          .put("displayName", displayName != null ? displayName : name)
          .put("bio", bio)
          .put("avatarColor", avatarColor != null ? avatarColor : defaultColor(name))
          .put("statusText", statusText)
          .put("createdAt", createdAt)
          .put("updatedAt", updatedAt);
    }

    JsonArray rolesJson() {
      return new JsonArray(roles);
    }
  }

  private Accounts() {}

  /** Creates the account unless the name is taken, a member of {@code general}; true if it was created. */
  static boolean create(Connection c, String name, String passwordHash, List<String> roles, String displayName)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      ps.setString(1, name);
      ps.setString(2, passwordHash);
      ps.setString(3, String.join(",", roles));
      ps.setString(4, displayName);
      long now = System.currentTimeMillis();
      ps.setLong(5, now);
      if (ps.executeUpdate() != 1) {
        return false;
      }
      Rooms.addMember(c, Rooms.GENERAL, name, Role.MEMBER, now);
      return true;
    }
  }

  /** Sets the given profile fields (already validated): displayName, bio, avatarColor, statusText. */
  static boolean update(Connection c, String name, JsonObject fields) throws SQLException {
    List<String> columns = new java.util.ArrayList<>();
    List<Object> values = new java.util.ArrayList<>();
    for (String key : List.of("displayName", "bio", "avatarColor", "statusText")) {
      if (fields.containsKey(key)) {
        columns.add(COLUMN.get(key) + " = ?");
        values.add(fields.getString(key));
      }
    }
    if (columns.isEmpty()) {
      return find(c, name) != null;
    }
    // The time of the change, made strictly greater than the last one's (two edits in one ms).
    long now = System.currentTimeMillis();
    columns.add("updated_at = CASE WHEN updated_at >= ? THEN updated_at + 1 ELSE ? END");
    values.add(now);
    values.add(now);
    try (PreparedStatement ps = c.prepareStatement("UPDATE users SET " + String.join(", ", columns) + " WHERE name = ?")) {
      for (int i = 0; i < values.size(); i++) {
        ps.setObject(i + 1, values.get(i));
      }
      ps.setString(values.size() + 1, name);
      return ps.executeUpdate() == 1;
    }
  }

  private static final java.util.Map<String, String> COLUMN = java.util.Map.of(
      "displayName", "display_name", "bio", "bio", "avatarColor", "avatar_color", "statusText", "status_text");

  static Account find(Connection c, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT name, password_hash, roles, display_name, bio, avatar_color, status_text, created_at, updated_at FROM users WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        String roles = rs.getString(3);
        return new Account(rs.getString(1), rs.getString(2),
            roles.isEmpty() ? List.of() : Arrays.asList(roles.split(",")),
            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getLong(8), rs.getLong(9));
      }
    }
  }

  /** A stable, readable colour per name: the hue from the name's hash. */
  static String defaultColor(String name) {
    float hue = Math.floorMod(name.hashCode(), 360) / 360f;
    int rgb = java.awt.Color.HSBtoRGB(hue, 0.55f, 0.70f) & 0xffffff;
    return String.format("#%06x", rgb);
  }
}
