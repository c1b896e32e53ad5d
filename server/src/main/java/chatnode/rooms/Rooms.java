package chatnode.rooms;

import chatnode.store.Conversations;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The SQL of rooms and their members. Every method runs in its caller's transaction or read. */
public final class Rooms {
  /** The room every account belongs to from its start. */
  public static final String GENERAL = "general";
  /** Counts of unread messages and mentions stop here, so that counting stays cheap. */
  public static final int COUNT_CAP = 999;

  /** A room as stored; {@code createdBy} is null for one a version 1 join created. */
  public record Room(String name, Visibility visibility, String topic, long createdAt, String createdBy) {}

  public record Member(String user, Role role, long since, long lastRead) {}

  private Rooms() {}

  public static Room room(Connection c, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT name, visibility, topic, created_at, created_by FROM rooms WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? room(rs) : null;
      }
    }
  }

  private static Room room(ResultSet rs) throws SQLException {
    return new Room(rs.getString(1), Visibility.of(rs.getString(2)), rs.getString(3), rs.getLong(4), rs.getString(5));
  }

  /** Creates a room; false if one of that name exists. */
  public static boolean create(Connection c, String name, Visibility visibility, String topic, String createdBy, long now)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO rooms(name, visibility, topic, created_at, created_by) VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING")) {
      ps.setString(1, name);
      ps.setString(2, visibility.wire());
      ps.setString(3, topic);
      ps.setLong(4, now);
      ps.setString(5, createdBy);
      if (ps.executeUpdate() == 0) {
        return false;
      }
    }
    markPrivacy(c, name, visibility);
    return true;
  }

  public static void update(Connection c, String name, String topic, Visibility visibility) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE rooms SET topic = ?, visibility = ? WHERE name = ?")) {
      ps.setString(1, topic);
      ps.setString(2, visibility.wire());
      ps.setString(3, name);
      ps.executeUpdate();
    }
    markPrivacy(c, name, visibility);
  }

  /** The room's conversation row says whether it is private (see {@code MessageLog.append}); a room without messages gets its row now. */
  private static void markPrivacy(Connection c, String name, Visibility visibility) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO conversations(id, last_seq, private) VALUES (?, 0, ?) "
        + "ON CONFLICT (id) DO UPDATE SET private = excluded.private")) {
      ps.setString(1, Conversations.room(name));
      ps.setInt(2, visibility == Visibility.PRIVATE ? 1 : 0);
      ps.executeUpdate();
    }
  }

  /** Up to {@code limit} rooms, each with whether it is private. */
  public static Map<String, Boolean> privacy(Connection c, int limit) throws SQLException {
    Map<String, Boolean> rooms = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT name, visibility FROM rooms ORDER BY created_at DESC LIMIT ?")) {
      ps.setInt(1, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rooms.put(rs.getString(1), Visibility.of(rs.getString(2)) == Visibility.PRIVATE);
        }
      }
    }
    return rooms;
  }

  /** The user's role in the room, or null if not a member. */
  public static Role role(Connection c, String room, String user) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT role FROM room_members WHERE room = ? AND name = ?")) {
      ps.setString(1, room);
      ps.setString(2, user);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Role.of(rs.getString(1)) : null;
      }
    }
  }

  /** Adds a member, having read up to the room's newest message; false if already one (nothing changes then). */
  public static boolean addMember(Connection c, String room, String user, Role role, long now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO room_members(room, name, role, since, last_read) VALUES (?, ?, ?, ?, ?) ON CONFLICT (room, name) DO NOTHING")) {
      ps.setString(1, room);
      ps.setString(2, user);
      ps.setString(3, role.wire());
      ps.setLong(4, now);
      ps.setLong(5, lastSeq(c, room));
      return ps.executeUpdate() == 1;
    }
  }

  public static boolean setRole(Connection c, String room, String user, Role role) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE room_members SET role = ? WHERE room = ? AND name = ?")) {
      ps.setString(1, role.wire());
      ps.setString(2, room);
      ps.setString(3, user);
      return ps.executeUpdate() == 1;
    }
  }

  public static boolean removeMember(Connection c, String room, String user) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM room_members WHERE room = ? AND name = ?")) {
      ps.setString(1, room);
      ps.setString(2, user);
      return ps.executeUpdate() == 1;
    }
  }

  public static int owners(Connection c, String room) throws SQLException {
    return count(c, "SELECT COUNT(*) FROM room_members WHERE room = ? AND role = 'owner'", room);
  }

  public static int members(Connection c, String room) throws SQLException {
    return count(c, "SELECT COUNT(*) FROM room_members WHERE room = ?", room);
  }

  /** Rooms the user belongs to. */
  public static int roomsOf(Connection c, String user) throws SQLException {
    return count(c, "SELECT COUNT(*) FROM room_members WHERE name = ?", user);
  }

  /** A page of members, by name after {@code after}. */
  public static List<Member> memberPage(Connection c, String room, String after, int limit) throws SQLException {
    List<Member> page = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT name, role, since, last_read FROM room_members WHERE room = ? AND name > ? ORDER BY name LIMIT ?")) {
      ps.setString(1, room);
      ps.setString(2, after == null ? "" : after);
      ps.setInt(3, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          page.add(new Member(rs.getString(1), Role.of(rs.getString(2)), rs.getLong(3), rs.getLong(4)));
        }
      }
    }
    return page;
  }

  /** A page of the directory: public rooms and the private ones {@code user} belongs to (all of them for an admin), by name. */
  public static List<Room> directory(Connection c, String user, boolean all, String prefix, String after, int limit)
      throws SQLException {
    String sql = "SELECT name, visibility, topic, created_at, created_by FROM rooms WHERE name > ? AND name LIKE ? ESCAPE '\\'"
        + (all ? "" : " AND (visibility = 'public' OR name IN (SELECT room FROM room_members WHERE name = ?))")
        + " ORDER BY name LIMIT ?";
    List<Room> page = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      ps.setString(i++, after == null ? "" : after);
      // Names hold no LIKE wildcards but '_', which is escaped.
      ps.setString(i++, (prefix == null ? "" : prefix.replace("_", "\\_")) + "%");
      if (!all) {
        ps.setString(i++, user);
      }
      ps.setInt(i, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          page.add(room(rs));
        }
      }
    }
    return page;
  }

  /** The rooms a user belongs to, with their role and read marker, by name. */
  public static List<Membership> membershipsOf(Connection c, String user) throws SQLException {
    List<Membership> list = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT r.name, r.visibility, r.topic, r.created_at, r.created_by, m.role, m.since, m.last_read "
            + "FROM room_members m JOIN rooms r ON r.name = m.room WHERE m.name = ? ORDER BY r.name")) {
      ps.setString(1, user);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          list.add(new Membership(room(rs), new Member(user, Role.of(rs.getString(6)), rs.getLong(7), rs.getLong(8))));
        }
      }
    }
    return list;
  }

  public record Membership(Room room, Member member) {}

  /** Moves the user's read marker of the room up to {@code seq} (never down); false if not a member. */
  public static boolean markRead(Connection c, String room, String user, long seq) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE room_members SET last_read = CASE WHEN last_read < ? THEN ? ELSE last_read END WHERE room = ? AND name = ?")) {
      ps.setLong(1, seq);
      ps.setLong(2, seq);
      ps.setString(3, room);
      ps.setString(4, user);
      return ps.executeUpdate() == 1;
    }
  }

  /** Messages after {@code after} not sent by {@code user} and not deleted, up to {@link #COUNT_CAP}. */
  public static int unread(Connection c, String conv, String user, long after) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM (SELECT 1 FROM messages WHERE conv = ? AND seq > ? "
        + "AND sender <> ? AND deleted_by IS NULL LIMIT " + COUNT_CAP + ") capped")) {
      ps.setString(1, conv);
      ps.setLong(2, after);
      ps.setString(3, user);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** The room's newest seq (0 before its first message). */
  public static long lastSeq(Connection c, String room) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT last_seq FROM conversations WHERE id = ?")) {
      ps.setString(1, Conversations.room(room));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  private static int count(Connection c, String sql, String arg) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
