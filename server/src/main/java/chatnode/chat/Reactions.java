package chatnode.chat;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** The SQL of reactions: who reacted to which message with what, one row each. */
final class Reactions {
  private Reactions() {}

  static boolean has(Connection c, String conv, long seq, String emoji, String user) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT 1 FROM reactions WHERE conv = ? AND seq = ? AND emoji = ? AND username = ?")) {
      ps.setString(1, conv);
      ps.setLong(2, seq);
      ps.setString(3, emoji);
      ps.setString(4, user);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  static void put(Connection c, String conv, long seq, String emoji, String user, boolean on) throws SQLException {
    String sql = on ? "INSERT INTO reactions(conv, seq, emoji, username) VALUES (?, ?, ?, ?)"
        : "DELETE FROM reactions WHERE conv = ? AND seq = ? AND emoji = ? AND username = ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, conv);
      ps.setLong(2, seq);
      ps.setString(3, emoji);
      ps.setString(4, user);
      ps.executeUpdate();
    }
  }

  /** How many users reacted to the message with {@code emoji}, or with anything at all when null: its distinct emoji. */
  static int count(Connection c, String conv, long seq, String emoji) throws SQLException {
    String sql = emoji == null ? "SELECT COUNT(DISTINCT emoji) FROM reactions WHERE conv = ? AND seq = ?"
        : "SELECT COUNT(*) FROM reactions WHERE conv = ? AND seq = ? AND emoji = ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, conv);
      ps.setLong(2, seq);
      if (emoji != null) {
        ps.setString(3, emoji);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  static void clear(Connection c, String conv, long seq) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM reactions WHERE conv = ? AND seq = ?")) {
      ps.setString(1, conv);
      ps.setLong(2, seq);
      ps.executeUpdate();
    }
  }

  /** The reactions of messages {@code from}..{@code to} that have some, by seq: {@code {emoji: {count, me}}} for {@code reader}. */
  static Map<Long, JsonObject> of(Connection c, String conv, long from, long to, String reader) throws SQLException {
    Map<Long, JsonObject> bySeq = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT seq, emoji, COUNT(*), SUM(CASE WHEN username = ? THEN 1 ELSE 0 END) FROM reactions "
            + "WHERE conv = ? AND seq BETWEEN ? AND ? GROUP BY seq, emoji ORDER BY seq, emoji")) {
      ps.setString(1, reader);
      ps.setString(2, conv);
      ps.setLong(3, from);
      ps.setLong(4, to);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          bySeq.computeIfAbsent(rs.getLong(1), s -> new JsonObject())
              .put(rs.getString(2), new JsonObject().put("count", rs.getInt(3)).put("me", rs.getInt(4) > 0));
        }
      }
    }
    return bySeq;
  }
}
