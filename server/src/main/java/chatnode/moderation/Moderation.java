package chatnode.moderation;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/** The SQL of moderation: bans, token revocation and the audit log (mutes are the chat's: {@link chatnode.chat.Mutes}). */
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

  static void audit(Connection c, String actor, String action, String target, JsonObject detail, long now)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO audit(id, ts, actor, action, target, detail) VALUES (?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, UUID.randomUUID().toString());
      ps.setLong(2, now);
      ps.setString(3, actor);
      ps.setString(4, action);
      ps.setString(5, target);
      ps.setString(6, detail.encode());
      ps.executeUpdate();
    }
  }

  /** The newest {@code limit} audit entries before {@code beforeTs}, newest first. */
  static JsonArray auditLog(Connection c, long beforeTs, int limit) throws SQLException {
    JsonArray out = new JsonArray();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT ts, actor, action, target, detail FROM audit WHERE ts < ? ORDER BY ts DESC LIMIT ?")) {
      ps.setLong(1, beforeTs);
      ps.setInt(2, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new JsonObject().put("ts", rs.getLong(1)).put("actor", rs.getString(2)).put("action", rs.getString(3))
              .put("target", rs.getString(4)).put("detail", new JsonObject(rs.getString(5))));
        }
      }
    }
    return out;
  }
}
