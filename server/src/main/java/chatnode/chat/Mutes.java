package chatnode.chat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The SQL of mutes: a mute refuses a user's {@code say} in one room, or everywhere, until its end.
 * The admin API writes them; the chat verticle, which enforces them, reads them.
 */
public final class Mutes {
  /** The room of a mute that applies everywhere. */
  public static final String EVERYWHERE = "*";

  private Mutes() {}

  public static void mute(Connection c, String user, String room, long untilMs) throws SQLException {
    unmute(c, user, room);
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO mutes(name, room, until_ms) VALUES (?, ?, ?)")) {
      ps.setString(1, user);
      ps.setString(2, room);
      ps.setLong(3, untilMs);
      ps.executeUpdate();
    }
  }

  public static boolean unmute(Connection c, String user, String room) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM mutes WHERE name = ? AND room = ?")) {
      ps.setString(1, user);
      ps.setString(2, room);
      return ps.executeUpdate() > 0;
    }
  }

  /** Mutes in force, user → room (or {@link #EVERYWHERE}) → end; of one user, or of all when null. */
  public static Map<String, Map<String, Long>> activeMutes(Connection c, String user, long now) throws SQLException {
    String sql = "SELECT name, room, until_ms FROM mutes WHERE until_ms > ?" + (user == null ? "" : " AND name = ?");
    Map<String, Map<String, Long>> mutes = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, now);
      if (user != null) {
        ps.setString(2, user);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          mutes.computeIfAbsent(rs.getString(1), u -> new HashMap<>()).put(rs.getString(2), rs.getLong(3));
        }
      }
    }
    return mutes;
  }

  /** The end of the mute that keeps {@code user} from posting in {@code room} (one there or everywhere), or 0. */
  public static long mutedIn(Connection c, String user, String room, long now) throws SQLException {
    Map<String, Long> of = activeMutes(c, user, now).getOrDefault(user, Map.of());
    return Math.max(of.getOrDefault(room, 0L), of.getOrDefault(EVERYWHERE, 0L));
  }
}
