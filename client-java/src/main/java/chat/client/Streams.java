package chat.client;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where each room and DM conversation of a session stands (docs/protocol.md, "Resuming after a
 * reconnect"), and which of the node's frames go to the application: each message and change once,
 * each conversation in seq order. Pure: {@link ChatSession} sends what it says to send.
 */
final class Streams {
  /** A joined room: the last seq and rev handed over (-1: none yet), the ref of its join frames, and how it wants member changes (null: as member frames). */
  static final class Room {
    long seq;
    long rev = -1;
    final String ref;
    final String members;
    JsonObject joined;

    Room(String ref, long since, String members) {
      this.ref = ref;
      this.seq = since;
      this.members = members;
    }
  }

  /**
   * A DM conversation: the last seq handed over (-1: not followed yet), the last rev of its changes
   * (-1: none seen yet, then its changes are read from the start once), the revs seen past it, and
   * the DMs held until the ones before them come.
   */
  private static final class Conversation {
    long seq = -1;
    long rev = -1;
    final Set<Long> revsAhead = new HashSet<>();
    final TreeMap<Long, JsonObject> held = new TreeMap<>();
  }

  private final Map<String, Room> rooms = new LinkedHashMap<>();
  private final Map<String, Conversation> dms = new LinkedHashMap<>();
  /** DMs held past a gap at most, per conversation: more are read again with the gap. */
  private final int maxHeld;

  Streams(int maxHeld) {
    this.maxHeld = maxHeld;
  }

  // ---- rooms

  Room room(String name) {
    return rooms.get(name);
  }

  /** Follows a room from {@code since} (-1: from its newest messages), unless it is followed already. */
  Room track(String name, String ref, long since, String members) {
    return rooms.computeIfAbsent(name, n -> new Room(ref, since, members));
  }

  void untrack(String name) {
    rooms.remove(name);
  }

  Map<String, Room> rooms() {
    return rooms;
  }

  /** The room whose join frames carry {@code ref}, or null. */
  String roomOfRef(String ref) {
    return rooms.entrySet().stream().filter(e -> e.getValue().ref.equals(ref)).map(Map.Entry::getKey).findFirst().orElse(null);
  }

  /** The join frame of a room: from its last seq and rev once it has them, so that nothing comes twice. */
  JsonObject joinFrame(String name) {
    Room r = rooms.get(name);
    JsonObject frame = new JsonObject().put("type", "join").put("room", name).put("ref", r.ref);
    if (r.members != null) {
      frame.put("members", r.members);
    }
    if (r.seq >= 0) {
      frame.put("since", r.seq);
      if (r.rev >= 0) {
        frame.put("sinceRev", r.rev);
      }
    }
    return frame;
  }

  /** A {@code joined}: the room it answers, or null when the room is no longer followed. */
  Room joined(JsonObject f) {
    Room r = rooms.get(f.getString("room"));
    if (r == null) {
      return null;
    }
    if (r.seq < 0 || r.rev < 0) {
      r.rev = f.getLong("rev", -1L); // without sinceRev the changes start after this join's rev
    }
    if (r.seq < 0 && f.getLong("seq") == 0) {
      r.seq = 0;
    }
    r.joined = f;
    return r;
  }

  /** A room {@code message}: true when it goes to the application (a room followed, a seq not handed over yet). */
  boolean message(JsonObject f) {
    Room r = rooms.get(f.getString("room"));
    if (r == null || f.getLong("seq") <= r.seq) {
      return false;
    }
    r.seq = f.getLong("seq");
    return true;
  }

  // ---- DM conversations

  /** A live {@code dm} of the conversation with {@code peer}: the DMs that now go to the application, in order. */
  List<JsonObject> dm(String peer, JsonObject f) {
    Conversation c = dms.computeIfAbsent(peer, u -> new Conversation());
    if (c.seq < 0) {
      c.seq = f.getLong("seq") - 1; // followed from the first message seen
    }
    hold(c, f);
    return release(c);
  }

  /** A page of history of the conversation with {@code peer} read to fill a gap: the DMs that now go to the application, in order. */
  List<JsonObject> filled(String peer, JsonArray page) {
    Conversation c = dms.computeIfAbsent(peer, u -> new Conversation());
    page.forEach(m -> hold(c, ((JsonObject) m).copy().put("type", "dm")));
    return release(c);
  }

  /** Any history page of a DM conversation: one not followed yet is followed from the page's newest message on. */
  void follow(String peer, JsonArray page) {
    if (page.isEmpty()) {
      return;
    }
    Conversation c = dms.computeIfAbsent(peer, u -> new Conversation());
    if (c.seq < 0) {
      c.seq = page.getJsonObject(page.size() - 1).getLong("seq");
    }
  }

  /** True while DMs of the conversation wait for ones before them: its history must be read after {@link #seq}. */
  boolean gap(String peer) {
    Conversation c = dms.get(peer);
    return c != null && !c.held.isEmpty();
  }

  /** The conversations followed, with the last seq handed over. */
  Map<String, Long> conversations() {
    Map<String, Long> followed = new LinkedHashMap<>();
    dms.forEach((peer, c) -> followed.put(peer, c.seq));
    return followed;
  }

  long seq(String peer) {
    return dms.get(peer).seq;
  }

  /** Where the conversation's changes are to be read from: after its last rev, or from the start. */
  long changesAfter(String peer) {
    return Math.max(0, dms.get(peer).rev);
  }

  /** True while a rev of the conversation was skipped: its changes must be read after {@link #changesAfter}. */
  boolean changeGap(String peer) {
    Conversation c = dms.get(peer);
    return c != null && !c.revsAhead.isEmpty();
  }

  private void hold(Conversation c, JsonObject f) {
    if (f.getLong("seq") > c.seq && c.held.size() < maxHeld) {
      c.held.put(f.getLong("seq"), f);
    }
  }

  private static List<JsonObject> release(Conversation c) {
    List<JsonObject> out = new ArrayList<>();
    for (JsonObject next = c.held.remove(c.seq + 1); next != null; next = c.held.remove(c.seq + 1)) {
      c.seq++;
      out.add(next);
    }
    return out;
  }

  // ---- changes

  /** A change ({@code edited}, {@code deleted}, {@code reaction}) of a room, or of the conversation with {@code peer}: true when it goes to the application. */
  boolean change(JsonObject f, String peer) {
    long rev = f.getLong("rev");
    if (f.containsKey("room")) {
      Room r = rooms.get(f.getString("room"));
      if (r == null || rev <= r.rev) {
        return false;
      }
      r.rev = rev;
      return true;
    }
    Conversation c = dms.computeIfAbsent(peer, u -> new Conversation());
    if (c.rev < 0) {
      c.rev = rev - 1; // the first change seen: the stream is followed from there
    }
    if (rev <= c.rev || !c.revsAhead.add(rev)) {
      return false;
    }
    while (c.revsAhead.remove(c.rev + 1)) {
      c.rev++;
    }
    return true;
  }
}
