package chatnode.presence;

import chatnode.bus.Addresses;
import chatnode.bus.Delivery;
import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A room's member changes coalesced for the sessions that joined it with {@code members:
 * "batched"}: every user who came or went within one interval, with where they are at its end, in
 * one {@code members} frame per room and interval. N arrivals then cost each member a frame per
 * interval instead of N frames. A user who came and went within the interval is still named (as
 * left): a session whose {@code joined} list was taken meanwhile may hold them. Runs on the
 * presence verticle's event loop.
 */
final class MemberBatches {
  /** Long enough that a join storm is a few frames, short enough that a member list looks live. */
  static final long INTERVAL_MS = 200;
  /** A room's batch goes out early once it names this many users, so that a frame stays bounded. */
  static final int MAX_USERS = 1_000;

  private final Vertx vertx;
  /** room → user → whether the user is in the room now; bounded by the registry's users and rooms. */
  private final Map<String, Map<String, Boolean>> pending = new LinkedHashMap<>();
  /** room → its users as a batched join is told them, until the room's next batch; bounded by the rooms with users. */
  private final Map<String, Snapshot> snapshots = new HashMap<>();

  private record Snapshot(Set<String> users, String json) {}
  private boolean scheduled;

  MemberBatches(Vertx vertx) {
    this.vertx = vertx;
  }

  void changed(String room, String user, boolean in) {
    Map<String, Boolean> users = pending.computeIfAbsent(room, r -> new LinkedHashMap<>());
    users.put(user, in);
    if (users.size() >= MAX_USERS) {
      pending.remove(room);
      publish(room, users);
    } else if (!scheduled) {
      scheduled = true;
      vertx.setTimer(INTERVAL_MS, t -> flush());
    }
  }

  /**
   * The room's users for the {@code joined} of a session of {@code user} that takes batches: taken
   * once and given to every batched join until the room's next batch, which names everyone who came
   * or went since the previous one, so a session that applies it to this list has the room as it
   * is. The joining user is in it, added where the list was taken before they came.
   */
  String snapshot(String room, String user, Supplier<List<String>> members) {
    Snapshot s = snapshots.computeIfAbsent(room, r -> {
      List<String> users = members.get();
      return new Snapshot(Set.copyOf(users), Json.encode(users));
    });
    if (user == null || s.users().contains(user)) {
      return s.json();
    }
    return "[" + Json.encode(user) + (s.users().isEmpty() ? "" : ",") + s.json().substring(1);
  }

  private void flush() {
    scheduled = false;
    pending.forEach(this::publish);
    pending.clear();
  }

  private void publish(String room, Map<String, Boolean> users) {
    snapshots.remove(room);
    JsonArray joined = new JsonArray();
    JsonArray left = new JsonArray();
    users.forEach((user, in) -> (in ? joined : left).add(user));
    String frame = new JsonObject().put("type", "members").put("room", room).put("joined", joined).put("left", left).encode();
    vertx.eventBus().publish(Addresses.localRoom(room), Delivery.toRoom(0, null, null, false, "members", frame), Addresses.local());
  }
}
