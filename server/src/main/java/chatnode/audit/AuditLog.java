package chatnode.audit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/** The SQL of the audit log: who did what to whom, written in the transaction of the change itself. */
public final class AuditLog {
  private AuditLog() {}

  public static void record(Connection c, String actor, String action, String target, JsonObject detail, long now)
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
  public static JsonArray page(Connection c, long beforeTs, int limit) throws SQLException {
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
