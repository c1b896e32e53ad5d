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
final class LoginBudgets {
  /** A bucket not seen for this long is full again: it can go. */
  static final long FORGET_AFTER_MS = 120_000;

  // One statement on one row, committed on its own: concurrent attempts (of any node) queue on the
  // row, and no attempt holds one bucket while waiting for another. Past empty a bucket stays at
  // -1, so it is usable again a little after the attempts stop, however many there were.
  private static final String SPEND = "INSERT INTO login_budgets(bucket, tokens, at_ms) VALUES (?, ?, ?)"
      + " ON CONFLICT (bucket) DO UPDATE SET tokens = CASE"
      + " WHEN login_budgets.tokens + (excluded.at_ms - login_budgets.at_ms) * ? >= ? THEN ? - 1"
      + " WHEN login_budgets.tokens + (excluded.at_ms - login_budgets.at_ms) * ? < 0 THEN -1"
      + " ELSE login_budgets.tokens + (excluded.at_ms - login_budgets.at_ms) * ? - 1 END,"
      + " at_ms = excluded.at_ms RETURNING tokens";

  private LoginBudgets() {}

  /**
   * A login attempt: takes a token from the address's bucket and from the user's, both (no short
   * cut, so an address's guesses count against the user too), each in a statement of its own.
   * True when both had one. Run with auto-commit: no bucket is held while another is taken.
   */
  static boolean attempt(Connection c, String address, int perAddress, String user, int perUser, long now) throws SQLException {
    // A bucket name fits its column whatever a forwarded-for header made of the address.
    String byAddress = "ip:" + address.substring(0, Math.min(address.length(), 64));
    return spend(c, byAddress, perAddress, now) & spend(c, "user:" + user, perUser, now);
  }

  /** Takes a token from {@code bucket} (a new one starts full); false when there was none to take. */
  static boolean spend(Connection c, String bucket, int perMinute, long now) throws SQLException {
    double perMs = perMinute / 60_000.0;
    try (PreparedStatement spend = c.prepareStatement(SPEND)) {
      spend.setString(1, bucket);
      spend.setDouble(2, perMinute - 1);
      spend.setLong(3, now);
      spend.setDouble(4, perMs);
      spend.setDouble(5, perMinute);
      spend.setDouble(6, perMinute);
      spend.setDouble(7, perMs);
      spend.setDouble(8, perMs);
      try (ResultSet rs = spend.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("no row returned for login budget " + bucket);
        }
        return rs.getDouble(1) >= 0;
      }
    }
  }

  /** Drops the buckets that are full again; returns how many. */
  static int forget(Connection c, long now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM login_budgets WHERE at_ms < ?")) {
      ps.setLong(1, now - FORGET_AFTER_MS);
      return ps.executeUpdate();
    }
  }
}
