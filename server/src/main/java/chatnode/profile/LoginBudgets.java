package chatnode.profile;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The SQL of login budgets: token buckets in the store, so that a cluster's nodes count the same
 * attempts and spreading guesses over them gains nothing. Each refills continuously at its budget
 * a minute, up to that budget; an attempt takes a token. Portable across SQLite and PostgreSQL.
 */
public final class LoginBudgets {
  /** A bucket not seen for this long is full again: it can go. */
  static final long FORGET_AFTER_MS = 120_000;

  private static final String CREATE =
      "INSERT INTO login_budgets(bucket, tokens, at_ms) VALUES (?, ?, ?) ON CONFLICT (bucket) DO NOTHING";
  // One statement, so concurrent attempts (of any node) queue on the row. Past empty a bucket stays
  // at -1, so it is usable again a little after the attempts stop, however many there were.
  private static final String SPEND = "UPDATE login_budgets SET tokens = CASE"
      + " WHEN tokens + (? - at_ms) * ? >= ? THEN ? - 1"
      + " WHEN tokens + (? - at_ms) * ? < 0 THEN -1"
      + " ELSE tokens + (? - at_ms) * ? - 1 END, at_ms = ? WHERE bucket = ? RETURNING tokens";

  private LoginBudgets() {}

  /** Takes a token from {@code bucket} (created full); false when there was none to take. */
  public static boolean spend(Connection c, String bucket, int perMinute, long now) throws SQLException {
    try (PreparedStatement create = c.prepareStatement(CREATE)) {
      create.setString(1, bucket);
      create.setDouble(2, perMinute);
      create.setLong(3, now);
      create.executeUpdate();
    }
    double perMs = perMinute / 60_000.0;
    try (PreparedStatement spend = c.prepareStatement(SPEND)) {
      spend.setLong(1, now);
      spend.setDouble(2, perMs);
      spend.setDouble(3, perMinute);
      spend.setDouble(4, perMinute);
      spend.setLong(5, now);
      spend.setDouble(6, perMs);
      spend.setLong(7, now);
      spend.setDouble(8, perMs);
      spend.setLong(9, now);
      spend.setString(10, bucket);
      try (ResultSet rs = spend.executeQuery()) {
        rs.next();
        return rs.getDouble(1) >= 0;
      }
    }
  }

  /** Drops the buckets that are full again; returns how many. */
  public static int forget(Connection c, long now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM login_budgets WHERE at_ms < ?")) {
      ps.setLong(1, now - FORGET_AFTER_MS);
      return ps.executeUpdate();
    }
  }
}
