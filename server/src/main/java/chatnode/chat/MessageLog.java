package chatnode.chat;

import chatnode.bus.Draft;
import chatnode.bus.HistoryPage;
import chatnode.bus.Stored;
import chatnode.protocol.ChatException;
import chatnode.protocol.ErrorCode;
import chatnode.rooms.Mentions;
import chatnode.rooms.Rooms;
import chatnode.rooms.Visibility;
import chatnode.store.Conversations;
import chatnode.store.Users;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The SQL of messages: appending with gapless per-conversation seqs, and reading pages. */
public final class MessageLog {
  private static final String NEXT_SEQ =
      "INSERT INTO conversations(id, last_seq) VALUES (?, 1) "
          + "ON CONFLICT (id) DO UPDATE SET last_seq = conversations.last_seq + 1 RETURNING last_seq, private";
  private static final String GIVE_SEQ_BACK = "UPDATE conversations SET last_seq = last_seq - 1 WHERE id = ?";
  private static final String INSERT =
      "INSERT INTO messages(conv, seq, sender, recipient, text, ts, source_key, mentions, reply_to) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String COLUMNS =
      "SELECT seq, sender, recipient, text, ts, deleted_by, mentions, reply_to, edited_at FROM messages WHERE conv = ? ";

  private MessageLog() {}

  /**
   * Stores a batch in the caller's transaction. The seq comes from the conversation's row, which
   * the increment locks until commit: concurrent writers (other nodes included) queue on it, and a
   * rollback gives the number back, so seqs stay gapless. Conversations are taken in one global
   * order (sorted by id; the drafts of one conversation in their order), so that two nodes' batches
   * never wait for each other's rows in a cycle.
   */
  static Appended append(Connection c, List<Draft> drafts, long ts, RoomVisibility visibility) throws SQLException {
    Object[] results = new Object[drafts.size()];
    List<Stored> fresh = new ArrayList<>();
    Integer[] order = new Integer[drafts.size()];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparing(i -> drafts.get(i).conversation()));
    // A key twice in one batch: the second is the first's message, as if it came after the commit.
    Map<String, Stored> byKey = new HashMap<>();
    Map<String, Boolean> learned = new HashMap<>();
    try (PreparedStatement next = c.prepareStatement(NEXT_SEQ);
        PreparedStatement insert = c.prepareStatement(INSERT)) {
      for (int i : order) {
        Draft d = drafts.get(i);
        if (!d.isRoom() && !Users.exists(c, d.to())) {
          results[i] = new ChatException(ErrorCode.NOT_FOUND, "no user named " + d.to());
          continue;
        }
        boolean knownPublic = d.isRoom() && Boolean.FALSE.equals(visibility.isPrivate(d.room())) && !learned.containsKey(d.room());
        if (d.isRoom() && !knownPublic && !mayPost(c, d, ts, learned)) {
          results[i] = notAMember(d);
          continue;
        }
        String conv = d.conversation();
        String key = d.sourceKey() == null ? null : conv + "\n" + d.sourceKey();
        Stored earlier = key == null ? null : byKey.containsKey(key) ? byKey.get(key) : bySourceKey(c, d);
        if (earlier != null) {
          results[i] = earlier;
          continue;
        }
        if (d.replyTo() != null && !exists(c, conv, d.replyTo())) {
          results[i] = new ChatException(ErrorCode.NOT_FOUND, "no message " + d.replyTo() + " to reply to here", "replyTo");
          continue;
        }
        next.setString(1, conv);
        long seq;
        boolean isPrivate;
        try (ResultSet rs = next.executeQuery()) {
          rs.next();
          seq = rs.getLong(1);
          isPrivate = rs.getInt(2) == 1;
        }
        // The room turned private since this node learned it was public: checked now, under the row's lock.
        if (knownPublic && isPrivate && !mayPost(c, d, ts, learned)) {
          giveSeqBack(c, conv);
          results[i] = notAMember(d);
          continue;
        }
        insert.setString(1, conv);
        insert.setLong(2, seq);
        insert.setString(3, d.from());
        insert.setString(4, d.to());
        insert.setString(5, d.text());
        insert.setLong(6, ts);
        insert.setString(7, d.sourceKey());
        List<String> mentions = mentions(c, d, conv, seq);
        insert.setString(8, Mentions.column(mentions));
        insert.setObject(9, d.replyTo(), Types.BIGINT);
        insert.addBatch();
        Stored stored = new Stored(d.room(), d.to(), seq, d.from(), d.text(), ts, false, mentions, d.replyTo(), null);
        results[i] = stored;
        fresh.add(stored);
        if (key != null) {
          byKey.put(key, stored);
        }
      }
      insert.executeBatch();
    }
    return new Appended(Arrays.asList(results), fresh, learned);
  }

  /** The users a room message mentions, recorded; only a text with an {@code @} costs a store read. */
  private static List<String> mentions(Connection c, Draft d, String conv, long seq) throws SQLException {
    List<String> candidates = d.isRoom() ? Mentions.candidates(d.text(), d.from()) : List.of();
    if (candidates.isEmpty()) {
      return List.of();
    }
    List<String> mentioned = Mentions.resolve(c, d.room(), candidates);
    Mentions.record(c, conv, seq, mentioned);
    return mentioned;
  }

  /**
   * In the storing transaction, so that no one removed from a private room posts after the removal
   * committed. A room without a row yet (a first message from another application) is created public.
   */
  private static boolean mayPost(Connection c, Draft d, long ts, Map<String, Boolean> learned) throws SQLException {
    Rooms.Room room = Rooms.room(c, d.room());
    if (room == null) {
      Rooms.create(c, d.room(), Visibility.PUBLIC, "", null, ts);
      learned.put(d.room(), false);
      return true;
    }
    learned.put(d.room(), room.visibility() == Visibility.PRIVATE);
    return room.visibility() == Visibility.PUBLIC || Rooms.role(c, d.room(), d.from()) != null;
  }

  /**
   * What a batch did: per draft in the order given, a {@link Stored} (new, or the one its source
   * key already had) or the {@link ChatException} that refused it; the messages it stored, each
   * once, in the order of their seqs within each conversation; and the visibility (private: true)
   * of the rooms it had to look up.
   */
  record Appended(List<Object> results, List<Stored> fresh, Map<String, Boolean> learned) {}

  /** The message its source already delivered once (same key, same conversation), if any. */
  private static Stored bySourceKey(Connection c, Draft d) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(COLUMNS + "AND source_key = ?")) {
      ps.setString(1, d.conversation());
      ps.setString(2, d.sourceKey());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? row(rs, d.room()) : null;
      }
    }
  }

  private static Stored row(ResultSet rs, String room) throws SQLException {
    return new Stored(room, rs.getString(3), rs.getLong(1), rs.getString(2), rs.getString(4), rs.getLong(5),
        rs.getString(6) != null, Mentions.fromColumn(rs.getString(7)), nullableLong(rs, 8), nullableLong(rs, 9));
  }

  private static Long nullableLong(ResultSet rs, int column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }

  private static ChatException notAMember(Draft d) {
    return new ChatException(ErrorCode.FORBIDDEN, d.room() + " is a private room; only its members may post");
  }

  /** Undoes this transaction's last increment of the conversation's seq (its row is locked by it). */
  private static void giveSeqBack(Connection c, String conv) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(GIVE_SEQ_BACK)) {
      ps.setString(1, conv);
      ps.executeUpdate();
    }
  }

  /** Whether the conversation has a message {@code seq} (deleted ones keep theirs). */
  private static boolean exists(Connection c, String conv, long seq) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM messages WHERE conv = ? AND seq = ?")) {
      ps.setString(1, conv);
      ps.setLong(2, seq);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Refuses a reader a private room does not have as a member (admins and services are let in before this). */
  public static void requireReader(Connection c, String room, String reader) throws SQLException {
    Rooms.Room r = Rooms.room(c, room);
    if (r != null && r.visibility() == Visibility.PRIVATE && Rooms.role(c, room, reader) == null) {
      throw new ChatException(ErrorCode.FORBIDDEN, room + " is a private room; only its members may read it");
    }
  }

  /** Who sent message {@code seq} of the room; null when there is none. */
  public static String sender(Connection c, String room, long seq) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT sender FROM messages WHERE conv = ? AND seq = ?")) {
      ps.setString(1, Conversations.room(room));
      ps.setLong(2, seq);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /**
   * A page of a conversation, oldest first: the oldest {@code limit} after {@code after}, else the
   * newest {@code limit} before {@code before} (null: the very newest). {@code room} is null for a
   * DM; {@code reader}, when not null, is who the page's reactions say "me" for.
   */
  public static HistoryPage read(Connection c, String conv, String room, Long before, Long after, int limit, String reader)
      throws SQLException {
    long newest = 0;
    long rev = 0;
    // Read before the messages: they show at least every change up to this rev.
    try (PreparedStatement ps = c.prepareStatement("SELECT last_seq, last_rev FROM conversations WHERE id = ?")) {
      ps.setString(1, conv);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          newest = rs.getLong(1);
          rev = rs.getLong(2);
        }
      }
    }
    String sql = after != null
        ? COLUMNS + "AND seq > ? ORDER BY seq ASC LIMIT ?"
        : COLUMNS + "AND seq < ? ORDER BY seq DESC LIMIT ?";
    List<Stored> messages = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, conv);
      ps.setLong(2, after != null ? after : before != null ? before : Long.MAX_VALUE);
      ps.setInt(3, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          messages.add(row(rs, room));
        }
      }
    }
    if (after == null) {
      Collections.reverse(messages);
    }
    // A message committed between the two reads may be newer than the counter we read.
    long last = messages.isEmpty() ? 0 : messages.get(messages.size() - 1).seq();
    Map<Long, JsonObject> reactions = reader == null || messages.isEmpty() ? Map.of()
        : Reactions.of(c, conv, messages.get(0).seq(), last, reader);
    return new HistoryPage(Math.max(newest, last), rev, messages, reactions);
  }
}
