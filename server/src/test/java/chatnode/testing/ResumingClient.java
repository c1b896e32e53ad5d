package chatnode.testing;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * A client of a cluster that resumes exactly as the protocol documents it: when its node goes
 * away (1012, a kill, a freeze), it connects to another node and sends {@code join} with
 * {@code since} and {@code sinceRev} = the last seq and rev it saw for each room, and
 * {@code history} with {@code after} = the last seq for each DM conversation. Everything the
 * server promises is checked as frames arrive: each room's messages come exactly once each, in seq
 * order with no gap (backlog and live alike), and so do its changes in rev order; each session's
 * DMs of a conversation come in increasing seq. Each room's messages are kept as a
 * {@link MessageModel}. What breaks a promise is listed in
 * {@link #problems()}; what was acknowledged is kept, to check against what the others received.
 */
public final class ResumingClient implements AutoCloseable {
  private static final int PAGE = 200;

  private final Vertx vertx;
  private final TestCluster cluster;
  private final String user;
  private TestClient client;
  private int node;
  private int reconnects;
  private long sent;
  private final Set<String> rooms = new LinkedHashSet<>();
  private final Map<String, Long> roomLast = new HashMap<>();
  private final Map<String, Long> roomRev = new HashMap<>();
  private final Map<String, MessageModel> roomModels = new HashMap<>();
  /** Per DM peer: every seq received, live or by history; and the last live one of this session. */
  private final Map<String, TreeSet<Long>> dmSeen = new HashMap<>();
  private final Map<String, Long> dmLiveLast = new HashMap<>();
  /** Frames sent and not yet answered: ref → "room" or "@peer". */
  private final Map<String, String> pending = new HashMap<>();
  private final Map<String, Set<Long>> acked = new HashMap<>();
  private final List<String> problems = new ArrayList<>();
  private final List<String> errors = new ArrayList<>();

  public ResumingClient(Vertx vertx, TestCluster cluster, int node, String user) {
    this.vertx = vertx;
    this.cluster = cluster;
    this.user = user;
    this.node = node;
    this.client = TestClient.login(vertx, cluster, node, user);
  }

  public String user() {
    return user;
  }

  public int node() {
    return node;
  }

  public int reconnects() {
    return reconnects;
  }

  public void join(String room) {
    rooms.add(room);
    roomLast.putIfAbsent(room, 0L);
    roomRev.putIfAbsent(room, 0L);
    roomModels.computeIfAbsent(room, r -> new MessageModel(user));
    client.offer(new JsonObject().put("type", "join").put("room", room).put("since", roomLast.get(room))
        .put("sinceRev", roomRev.get(room)).encode());
  }

  /** Sends a change frame about a room message ({@code edit}, {@code delete} or {@code react} with its fields). */
  public void change(String room, JsonObject frame) {
    send(room + "~", frame.put("room", room), false);
  }

  public void say(String room) {
    send(room, new JsonObject().put("type", "say").put("room", room), true);
  }

  public void dm(String peer) {
    dmSeen.computeIfAbsent(peer, p -> new TreeSet<>());
    send("@" + peer, new JsonObject().put("type", "dm").put("to", peer), true);
  }

  /** {@code withText}: a message, whose text names its sender and ref. */
  private void send(String target, JsonObject frame, boolean withText) {
    String ref = Long.toString(++sent);
    if (withText) {
      frame.put("text", user + " " + ref);
    }
    if (client.offer(frame.put("ref", ref).encode())) {
      pending.put(ref, target);
    }
  }

  /**
   * Handles every frame that has arrived; if the connection is gone, resumes on the first node
   * (from {@code preferred} on) that is ready. Returns false while no node takes it.
   */
  public boolean pump(int preferred) {
    JsonObject f;
    while ((f = client.poll()) != null) {
      handle(f);
    }
    if (!client.isClosed()) {
      return true;
    }
    pending.clear(); // their outcome is unknown: neither acknowledged nor refused to us
    for (int i = 0; i < cluster.size(); i++) {
      int candidate = (preferred + i) % cluster.size();
      if (cluster.node(candidate).ready()) {
        try {
          resume(candidate);
          return true;
        } catch (AssertionError e) {
          // that node went away too: the next one
        }
      }
    }
    return false;
  }

  private void resume(int to) {
    client.close();
    client = TestClient.login(vertx, cluster, to, user);
    node = to;
    reconnects++;
    dmLiveLast.clear();
    rooms.forEach(this::join);
    dmSeen.keySet().forEach(peer -> history(peer, dmSeen.get(peer).isEmpty() ? 0 : dmSeen.get(peer).last()));
  }

  private void history(String peer, long after) {
    client.offer(new JsonObject().put("type", "history").put("with", peer).put("after", after).put("limit", PAGE).encode());
  }

  private void handle(JsonObject f) {
    switch (f.getString("type")) {
      case "message" -> {
        String room = f.getString("room");
        long seq = f.getLong("seq");
        long last = roomLast.getOrDefault(room, 0L);
        if (seq != last + 1) {
          problems.add(user + " on node " + node + ": room " + room + " seq " + seq + " after " + last);
        }
        roomLast.put(room, Math.max(last, seq));
        roomModels.get(room).message(f);
      }
      case "edited", "deleted", "reaction" -> {
        String room = f.getString("room");
        if (room != null) {
          long rev = f.getLong("rev");
          long last = roomRev.getOrDefault(room, 0L);
          if (rev != last + 1) {
            problems.add(user + " on node " + node + ": room " + room + " rev " + rev + " after " + last);
          }
          roomRev.put(room, Math.max(last, rev));
          if (f.getLong("seq") > roomLast.getOrDefault(room, 0L)) {
            problems.add(user + " on node " + node + ": room " + room + " rev " + rev + " changes seq " + f.getLong("seq") + " before it came");
          }
          roomModels.get(room).change(f);
        }
      }
      case "dm" -> {
        String peer = user.equals(f.getString("from")) ? f.getString("to") : f.getString("from");
        long seq = f.getLong("seq");
        long lastLive = dmLiveLast.getOrDefault(peer, 0L);
        if (seq <= lastLive) {
          problems.add(user + " on node " + node + ": DM with " + peer + " seq " + seq + " live after " + lastLive);
        }
        dmLiveLast.put(peer, seq);
        dmSeen.computeIfAbsent(peer, p -> new TreeSet<>()).add(seq);
      }
      case "history" -> {
        String peer = f.getString("with");
        List<Long> seqs = f.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getLong("seq")).toList();
        dmSeen.computeIfAbsent(peer, p -> new TreeSet<>()).addAll(seqs);
        if (seqs.size() == PAGE) {
          history(peer, seqs.get(seqs.size() - 1));
        }
      }
      case "ack" -> {
        String target = pending.remove(f.getString("ref"));
        if (target != null) {
          acked.computeIfAbsent(target, t -> new TreeSet<>()).add(f.containsKey("seq") ? f.getLong("seq") : f.getLong("rev", 0L));
        }
      }
      case "error" -> {
        pending.remove(f.getString("ref"));
        errors.add(f.encode());
      }
      default -> { }
    }
  }

  /** True when every frame sent since the last resume has its answer. */
  public boolean answered() {
    return pending.isEmpty();
  }

  /** Pumps every client until {@code done} holds. */
  public static void settle(List<ResumingClient> clients, BooleanSupplier done, String what) {
    Await.until(() -> {
      clients.forEach(c -> c.pump(0));
      return done.getAsBoolean();
    }, what);
  }

  /** Paces a load of rounds; nothing waits on it. */
  public static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public List<String> problems() {
    return problems;
  }

  /** Refusals received (none is expected of a healthy node; a dying one may refuse). */
  public List<String> errors() {
    return errors;
  }

  /** The seqs acknowledged to this client, per room and per "@peer". */
  public Map<String, Set<Long>> acked() {
    return acked;
  }

  public long roomLast(String room) {
    return roomLast.getOrDefault(room, 0L);
  }

  public long roomRev(String room) {
    return roomRev.getOrDefault(room, 0L);
  }

  /** The room's messages as this client has them. */
  public List<JsonObject> roomMessages(String room) {
    return roomModels.get(room).messages();
  }

  /** Every DM seq of the conversation with {@code peer} this client has, live or by history. */
  public Set<Long> directSeqs(String peer) {
    return dmSeen.getOrDefault(peer, new TreeSet<>());
  }

  @Override
  public void close() {
    client.close();
  }
}
