package chatnode.accounts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of login and registration budgets: token buckets in the store, so that a cluster's nodes
 * count the same attempts and spreading them over the nodes gains nothing. Each refills
 * continuously at its budget a minute, up to that budget; an attempt takes a token. Portable
 * across SQLite and PostgreSQL.
 *
 * <p>Buckets of a login: {@code ip:<address>} (every attempt of the address), {@code
 * fail:<user>@<address>} (the address's failures for that user), {@code user:<user>} (the user's
 * failures from everywhere) and {@code slow:<user>@<address>} (one failure a minute, taken only
 * while the user's own bucket is empty). A correct password gives back what its attempt took, so
 * only failures count against a user, and guesses from elsewhere slow a user's other addresses
 * down to one failure a minute but never keep the right password out.
 */
final class LoginBudgets {
  /** A bucket not seen for this long is full again: it can go. */
  static final long FORGET_AFTER_MS = 120_000;
  /** Failures a minute per address for a user whose failures from all addresses are spent. */
  private static final int UNDER_ATTACK_PER_MINUTE = 1;

  // One statement on one row, committed on its own: concurrent attempts (of any node) queue on the
  // row, and no attempt holds one bucket while waiting for another. Past empty a bucket stays at
  // -1, so it is usable again a little after the attempts stop, however many there were.
  private static final String SPEND = "INSERT INTO login_budgets(bucket, tokens, at_ms) VALUES (?, ?, ?)"
      + " ON CONFLICT (bucket) DO UPDATE SET tokens = CASE"
      + " WHEN login_budgets.tokens + (excluded.at_ms - login_budgets.at_ms) * ? >= ? THEN ? - 1"
      + " WHEN login_budgets.tokens + (excluded.at_ms - login_budgets.at_ms) * ? < 0 THEN -1"
      + " ELSE login_budgets.tokens + (excluded.at_ms - login_budgets.at_ms) * ? - 1 END,"
      + " at_ms = excluded.at_ms RETURNING tokens";
  private static final String GIVE_BACK =
      "UPDATE login_budgets SET tokens = CASE WHEN tokens + 1 > ? THEN ? ELSE tokens + 1 END WHERE bucket = ?";

  /** A token taken from a bucket of {@code perMinute}. */
  record Token(String bucket, int perMinute) {}

  /** Whether a login may check its password, and the tokens it took (to give back if it was right). */
  record Attempt(boolean allowed, List<Token> taken) {}

  private LoginBudgets() {}

  /**
   * A login attempt, before its password is checked; each bucket in a statement of its own, in
   * order, stopping at the first that refuses. Run with auto-commit: no bucket is held while
   * another is taken, and concurrent attempts cannot all pass on one token.
   */
  static Attempt attempt(Connection c, String address, int perAddress, String user, int perUser, long now) throws SQLException {
    List<Token> taken = new ArrayList<>();
    String from = fits(address);
    if (!spend(c, "ip:" + from, perAddress, now) || !take(c, new Token("fail:" + user + "@" + from, perUser), now, taken)) {
      return new Attempt(false, taken);
    }
    boolean allowed = take(c, new Token("user:" + user, perUser), now, taken)
        || take(c, new Token("slow:" + user + "@" + from, UNDER_ATTACK_PER_MINUTE), now, taken);
    return new Attempt(allowed, taken);
  }

  /** The password was right: gives back the attempt's tokens, so that it counts as no failure. */
  static void succeeded(Connection c, Attempt attempt) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(GIVE_BACK)) {
      for (Token t : attempt.taken()) {
        ps.setDouble(1, t.perMinute());
        ps.setDouble(2, t.perMinute());
        ps.setString(3, t.bucket());
        ps.executeUpdate();
      }
    }
  }

  /** A registration from {@code address}: true when its budget had a token. */
  static boolean register(Connection c, String address, int perAddress, long now) throws SQLException {
    return spend(c, "reg:" + fits(address), perAddress, now);
  }

  /** A bucket name fits its column whatever a forwarded-for header made of the address. */
  private static String fits(String address) {
    return address.substring(0, Math.min(address.length(), 64));
  }

  private static boolean take(Connection c, Token token, long now, List<Token> taken) throws SQLException {
    boolean had = spend(c, token.bucket(), token.perMinute(), now);
    if (had) {
      taken.add(token);
    }
    return had;
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
