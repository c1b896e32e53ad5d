package chatnode.rooms;

import chatnode.protocol.Protocol;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The users a room message mentions: {@code @name} of an existing user other than the sender, and
 * in a private room only of a member. Written in the transaction that stores the message, so that
 * counting a user's mentions is one indexed read.
 */
public final class Mentions {
  /** {@code @} at the start or after a character that cannot be in a name, then a name, then no more name characters. */
  private static final Pattern MENTION = Pattern.compile("(?<![A-Za-z0-9_])@([A-Za-z0-9_]{3,32})(?![A-Za-z0-9_])");

  private Mentions() {}

  /** The distinct names written as mentions, in order of their first appearance, at most {@link Protocol#MAX_MENTIONS}. */
  public static List<String> candidates(String text, String sender) {
    if (text.indexOf('@') < 0) {
      return List.of();
    }
    Set<String> names = new LinkedHashSet<>();
    Matcher m = MENTION.matcher(text);
    while (m.find() && names.size() < Protocol.MAX_MENTIONS) {
      String name = m.group(1).toLowerCase(Locale.ROOT);
      if (!name.equals(sender)) {
        names.add(name);
      }
    }
    return List.copyOf(names);
  }

  /** Of {@code names}, the users who exist and, if the room is private, are its members; in the order given. */
  public static List<String> resolve(Connection c, String room, List<String> names) throws SQLException {
    String marks = String.join(", ", names.stream().map(n -> "?").toList());
    Set<String> found = new LinkedHashSet<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT u.name FROM users u LEFT JOIN rooms r ON r.name = ? "
        + "LEFT JOIN room_members rm ON rm.room = r.name AND rm.name = u.name "
        + "WHERE u.name IN (" + marks + ") AND (r.visibility IS NULL OR r.visibility = 'public' OR rm.name IS NOT NULL)")) {
      ps.setString(1, room);
      for (int i = 0; i < names.size(); i++) {
        ps.setString(i + 2, names.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found.add(rs.getString(1));
        }
      }
    }
    List<String> ordered = new ArrayList<>(names);
    ordered.retainAll(found);
    return List.copyOf(ordered);
  }

  /** Records the mentions of one stored message (its conversation and seq). */
  public static void record(Connection c, String conv, long seq, List<String> users) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO mentions(name, conv, seq) VALUES (?, ?, ?)")) {
      for (String user : users) {
        ps.setString(1, user);
        ps.setString(2, conv);
        ps.setLong(3, seq);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** Mentions of {@code user} in the conversation after {@code after}, in messages not deleted, up to {@code cap}. */
  public static int count(Connection c, String conv, String user, long after, int cap) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM (SELECT 1 FROM mentions mn JOIN messages m "
        + "ON m.conv = mn.conv AND m.seq = mn.seq WHERE mn.name = ? AND mn.conv = ? AND mn.seq > ? AND m.deleted_by IS NULL "
        + "LIMIT " + cap + ") capped")) {
      ps.setString(1, user);
      ps.setString(2, conv);
      ps.setLong(3, after);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** The column's text of a message's mentions (null: none), and back. */
  public static String column(List<String> users) {
    return users.isEmpty() ? null : String.join(" ", users);
  }

  public static List<String> fromColumn(String column) {
    return column == null || column.isEmpty() ? List.of() : List.of(column.split(" "));
  }
}
