package chatnode.moderation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The SQL of moderation: bans and token revocation (mutes are the chat's: {@link chatnode.chat.Mutes}). */
public final class Moderation {

  private Moderation() {}

  /** A ban in force: its end (null: until lifted) and reason. */
  public record Ban(Long untilMs, String reason) {}

  public static Ban activeBan(Connection c, String user, long now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT until_ms, reason FROM bans WHERE name = ?")) {
      ps.setString(1, user);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        long until = rs.getLong(1);
        Long untilMs = rs.wasNull() ? null : until;
        return untilMs == null || untilMs > now ? new Ban(untilMs, rs.getString(2)) : null;
      }
    }
  }

  static void ban(Connection c, String user, Long untilMs, String reason, long now) throws SQLException {
    unban(c, user);
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO bans(name, until_ms, reason, created_at) VALUES (?, ?, ?, ?)")) {
      ps.setString(1, user);
      ps.setObject(2, untilMs);
      ps.setString(3, reason);
      ps.setLong(4, now);
      ps.executeUpdate();
    }
  }

  static boolean unban(Connection c, String user) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM bans WHERE name = ?")) {
      ps.setString(1, user);
      return ps.executeUpdate() > 0;
    }
  }

  /** Refuses tokens of {@code user} issued at or before {@code seconds} (JWT iat). */
  static void revokeTokens(Connection c, String user, long seconds) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE users SET tokens_revoked_at = ? WHERE name = ?")) {
      ps.setLong(1, seconds);
      ps.setString(2, user);
      ps.executeUpdate();
    }
  }

  public static long tokensRevokedAt(Connection c, String user) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT tokens_revoked_at FROM users WHERE name = ?")) {
      ps.setString(1, user);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }
}
