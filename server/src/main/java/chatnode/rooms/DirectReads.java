package chatnode.rooms;

import chatnode.store.Conversations;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The SQL of a user's DM conversations and how far they have read each. */
final class DirectReads {
  /** The most conversations one list gives, newest first. */
  static final int MAX_LISTED = 1000;

  record Direct(String with, long lastSeq, long lastRead, long lastTs) {}

  private DirectReads() {}

  static long lastSeq(Connection c, String user, String with) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT last_seq FROM conversations WHERE id = ?")) {
      ps.setString(1, Conversations.direct(user, with));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  /** Moves the marker up to {@code seq}, never down. */
  static void markRead(Connection c, String user, String with, long seq) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO dm_reads(name, peer, last_read) VALUES (?, ?, ?) "
        + "ON CONFLICT (name, peer) DO UPDATE SET last_read = CASE WHEN dm_reads.last_read < excluded.last_read "
        + "THEN excluded.last_read ELSE dm_reads.last_read END")) {
      ps.setString(1, user);
      ps.setString(2, with);
      ps.setLong(3, seq);
      ps.executeUpdate();
    }
  }

  /** The user's conversations that have a message, the most recent first. */
  static List<Direct> of(Connection c, String user) throws SQLException {
    Map<String, Long> read = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT peer, last_read FROM dm_reads WHERE name = ?")) {
      ps.setString(1, user);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          read.put(rs.getString(1), rs.getLong(2));
        }
      }
    }
    // Both places of the user in the key "d:<a>:<b>"; names hold no LIKE wildcard but '_', escaped.
    String name = user.replace("_", "\\_");
    List<Direct> list = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT c.id, c.last_seq, "
        + "(SELECT m.ts FROM messages m WHERE m.conv = c.id AND m.seq = c.last_seq) AS last_ts FROM conversations c "
        + "WHERE c.id LIKE ? ESCAPE '\\' OR c.id LIKE ? ESCAPE '\\' ORDER BY last_ts DESC LIMIT ?")) {
      ps.setString(1, "d:" + name + ":%");
      ps.setString(2, "d:%:" + name);
      ps.setInt(3, MAX_LISTED);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String peer = peer(rs.getString(1), user);
          list.add(new Direct(peer, rs.getLong(2), read.getOrDefault(peer, 0L), rs.getLong(3)));
        }
      }
    }
    return list;
  }

  private static String peer(String conv, String user) {
    String[] parts = conv.split(":");
    return parts[1].equals(user) ? parts[2] : parts[1];
  }
}
