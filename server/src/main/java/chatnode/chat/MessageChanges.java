package chatnode.chat;

import chatnode.bus.Change;
import chatnode.bus.Change.Kind;
import chatnode.bus.ChangeRequests.Of;
import chatnode.bus.RoomRequests.Caller;
import chatnode.protocol.ChatException;
import chatnode.protocol.ErrorCode;
import chatnode.protocol.Protocol;
import chatnode.rooms.Permissions;
import chatnode.rooms.Rooms;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Edits, deletions and reactions, each in the caller's transaction, and the stream of changes they
 * make. A change first takes its conversation's next rev on the conversation's row, which locks
 * it until commit: changes of one conversation (on any node) are decided one after another, each
 * seeing the state the one before left, and a refusal's rollback gives the rev back.
 */
public final class MessageChanges {
  private static final String TAKE_REV = "UPDATE conversations SET last_rev = last_rev + 1 WHERE id = ? RETURNING last_rev";
  private static final String STREAM =
      "SELECT ch.rev, ch.seq, ch.kind, ch.actor, ch.text, ch.emoji, ch.reacted, ch.reaction_count, ch.ts, m.sender, m.recipient "
          + "FROM changes ch JOIN messages m ON m.conv = ch.conv AND m.seq = ch.seq WHERE ch.conv = ? ";

  private MessageChanges() {}

  /** The message a change is about, as the change found it under the conversation's lock. */
  private record Target(String conv, String room, long seq, long rev, String sender, String recipient, long ts, boolean deleted) {}

  static Change edit(Connection c, Caller caller, Of of, long seq, String text, long now, long windowMs) throws SQLException {
    Target t = open(c, caller, of, seq);
    requireNotMuted(c, caller, t, now);
    if (!t.sender().equals(caller.user())) {
      throw new ChatException(ErrorCode.FORBIDDEN, "only its author edits a message");
    }
    if (now - t.ts() >= windowMs) { // a window of 0 turns editing off
      throw new ChatException(ErrorCode.FORBIDDEN, "a message can be edited for " + windowMs / 60_000 + " minutes after it was sent");
    }
    try (PreparedStatement ps = c.prepareStatement("UPDATE messages SET text = ?, edited_at = ? WHERE conv = ? AND seq = ?")) {
      ps.setString(1, text);
      ps.setLong(2, now);
      ps.setString(3, t.conv());
      ps.setLong(4, seq);
      ps.executeUpdate();
    }
    return record(c, new Change(Kind.EDIT, t.room(), t.sender(), t.recipient(), seq, t.rev(), caller.user(), text, null, false, 0, now));
  }

  /**
   * Deletes a message for good: its text (also that of its earlier edits in the stream) and its
   * reactions; it keeps its seq. Its author may, an admin anywhere, and in a room whoever may
   * moderate its author there ({@link Permissions#mayModerate}).
   */
  public static Change delete(Connection c, Caller caller, Of of, long seq, long now) throws SQLException {
    Target t = open(c, caller, of, seq);
    if (!t.sender().equals(caller.user()) && !caller.admin()
        && (t.room() == null || !Permissions.mayModerate(false, Rooms.role(c, t.room(), caller.user()), Rooms.role(c, t.room(), t.sender())))) {
      throw new ChatException(ErrorCode.FORBIDDEN, t.room() == null ? "only its author deletes a direct message"
          : "only its author, a moderator or owner of " + t.room() + " who outranks them, or an admin deletes a message");
    }
    try (PreparedStatement ps = c.prepareStatement("UPDATE messages SET text = '', deleted_by = ? WHERE conv = ? AND seq = ?");
        PreparedStatement edits = c.prepareStatement("UPDATE changes SET text = '' WHERE conv = ? AND seq = ? AND kind = 'edit'")) {
      ps.setString(1, caller.user());
      ps.setString(2, t.conv());
      ps.setLong(3, seq);
      ps.executeUpdate();
      edits.setString(1, t.conv());
      edits.setLong(2, seq);
      edits.executeUpdate();
    }
    Reactions.clear(c, t.conv(), seq);
    return record(c, new Change(Kind.DELETE, t.room(), t.sender(), t.recipient(), seq, t.rev(), caller.user(), null, null, false, 0, now));
  }

  /** Puts the caller's reaction on or takes it back; null when it already was so (the rev is given back). */
  static Change react(Connection c, Caller caller, Of of, long seq, String emoji, boolean on, long now) throws SQLException {
    Target t = open(c, caller, of, seq);
    requireNotMuted(c, caller, t, now);
    if (Reactions.has(c, t.conv(), seq, emoji, caller.user()) == on) {
      giveRevBack(c, t.conv());
      return null;
    }
    if (on && Reactions.count(c, t.conv(), seq, emoji) == 0 && Reactions.count(c, t.conv(), seq, null) >= Protocol.MAX_REACTIONS) {
      throw new ChatException(ErrorCode.FORBIDDEN, "a message has at most " + Protocol.MAX_REACTIONS + " different reactions", "emoji");
    }
    Reactions.put(c, t.conv(), seq, emoji, caller.user(), on);
    int count = Reactions.count(c, t.conv(), seq, emoji);
    return record(c, new Change(Kind.REACT, t.room(), t.sender(), t.recipient(), seq, t.rev(), caller.user(), null, emoji, on, count, now));
  }

  /** The oldest {@code limit} changes after rev {@code after}, else the newest {@code limit} before {@code before}; oldest first. */
  public static List<Change> read(Connection c, String conv, String room, Long after, Long before, int limit) throws SQLException {
    String sql = after != null ? STREAM + "AND ch.rev > ? ORDER BY ch.rev ASC LIMIT ?" : STREAM + "AND ch.rev < ? ORDER BY ch.rev DESC LIMIT ?";
    List<Change> changes = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, conv);
      ps.setLong(2, after != null ? after : before);
      ps.setInt(3, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          changes.add(change(rs, room));
        }
      }
    }
    if (after == null) {
      Collections.reverse(changes);
    }
    return changes;
  }

  private static Change change(ResultSet rs, String room) throws SQLException {
    Kind kind = switch (rs.getString(3)) {
      case "edit" -> Kind.EDIT;
      case "delete" -> Kind.DELETE;
      default -> Kind.REACT;
    };
    return new Change(kind, room, rs.getString(10), rs.getString(11), rs.getLong(2), rs.getLong(1), rs.getString(4),
        rs.getString(5), rs.getString(6), rs.getInt(7) == 1, rs.getInt(8), rs.getLong(9));
  }

  /**
   * Takes the conversation's next rev (locking its row), then finds the message: refusals for a
   * reader who may not read the conversation, a message it does not have, or one that was deleted.
   */
  private static Target open(Connection c, Caller caller, Of of, long seq) throws SQLException {
    if (of.room() != null && !caller.admin() && !caller.service()) {
      MessageLog.requireReader(c, of.room(), caller.user());
    }
    String conv = of.conversation(caller.user());
    long rev;
    try (PreparedStatement ps = c.prepareStatement(TAKE_REV)) {
      ps.setString(1, conv);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw notFound(seq);
        }
        rev = rs.getLong(1);
      }
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT sender, recipient, ts, deleted_by FROM messages WHERE conv = ? AND seq = ?")) {
      ps.setString(1, conv);
      ps.setLong(2, seq);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw notFound(seq);
        }
        Target t = new Target(conv, of.room(), seq, rev, rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4) != null);
        if (t.deleted()) {
          throw new ChatException(ErrorCode.NOT_FOUND, "message " + seq + " was deleted", "seq");
        }
        return t;
      }
    }
  }

  private static ChatException notFound(long seq) {
    return new ChatException(ErrorCode.NOT_FOUND, "no message " + seq + " here", "seq");
  }

  private static void requireNotMuted(Connection c, Caller caller, Target t, long now) throws SQLException {
    if (t.room() != null && Mutes.mutedIn(c, caller.user(), t.room(), now) > 0) {
      throw new ChatException(ErrorCode.FORBIDDEN, "you are muted in " + t.room());
    }
  }

  private static void giveRevBack(Connection c, String conv) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE conversations SET last_rev = last_rev - 1 WHERE id = ?")) {
      ps.setString(1, conv);
      ps.executeUpdate();
    }
  }

  private static Change record(Connection c, Change change) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO changes(conv, rev, seq, kind, actor, text, emoji, reacted, reaction_count, ts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, change.conversation());
      ps.setLong(2, change.rev());
      ps.setLong(3, change.seq());
      ps.setString(4, switch (change.kind()) {
        case EDIT -> "edit";
        case DELETE -> "delete";
        case REACT -> "react";
      });
      ps.setString(5, change.actor());
      ps.setString(6, change.text());
      ps.setString(7, change.emoji());
      ps.setObject(8, change.kind() == Kind.REACT ? (change.on() ? 1 : 0) : null, java.sql.Types.INTEGER);
      ps.setObject(9, change.kind() == Kind.REACT ? change.count() : null, java.sql.Types.INTEGER);
      ps.setLong(10, change.ts());
      ps.executeUpdate();
    }
    return change;
  }
}
