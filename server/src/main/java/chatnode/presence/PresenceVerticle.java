package chatnode.presence;

import chatnode.bus.Addresses;
import chatnode.bus.Delivery;
import chatnode.bus.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's copy of the cluster's session registry. The gateways of this node report
 * their sessions' changes here; each change is applied, published to the other nodes (which apply
 * it to their copies), and turned into {@code presence} and {@code member} frames for this node's
 * sessions, encoded once. A starting node asks the others for their sessions; when the cluster
 * reports a node gone, its sessions are removed here at once, without waiting for it. One
 * instance per node.
 */
public final class PresenceVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(PresenceVerticle.class);
  /** Asked once more after start, for answers from nodes that had not yet seen our subscription. */
  private static final long SECOND_SYNC_MS = 3_000;
  private static final int MAX_DEPARTED = 1_000;

  private final String nodeId;
  private final JsonObject info;
  private final Registry registry = new Registry();
  /** Every node this one knows of, with its {address, startedAt, version}: for the admin's node list. */
  private final Map<String, JsonObject> nodes = new LinkedHashMap<>();
  private final int maxSessionsPerUser;
  /** Nodes the cluster reported gone: late events of theirs must not bring their sessions back. */
  private final Set<String> departed = new LinkedHashSet<>();

  /**
   * {@code info}: this node's {address, startedAt, version}, shown to admins; {@code maxSessionsPerUser}:
   * a user's sessions in the whole cluster, past which a new one is refused.
   */
  public PresenceVerticle(String nodeId, JsonObject info, int maxSessionsPerUser) {
    this.nodeId = nodeId;
    this.info = info;
    this.maxSessionsPerUser = maxSessionsPerUser;
    nodes.put(nodeId, info);
  }

  @Override
  public Future<?> start() {
    EventBus bus = vertx.eventBus();
    return Future.all(List.of(
            bus.<JsonObject>localConsumer(Addresses.PRESENCE_UPDATE, this::localChange).completion(),
            bus.<JsonObject>localConsumer(Addresses.PRESENCE_QUERY, this::query).completion(),
            bus.<String>localConsumer(Addresses.NODE_LEFT, m -> nodeLeft(m.body())).completion(),
            bus.<JsonObject>consumer(Addresses.PRESENCE_EVENTS, this::remoteChange).completion(),
            bus.<JsonObject>consumer(Addresses.PRESENCE_SYNC, this::answerSync).completion(),
            bus.<JsonObject>consumer(Addresses.presenceSnapshots(nodeId), m -> snapshot(m.body())).completion()))
        .onSuccess(v -> {
          askForSessions();
          vertx.setTimer(SECOND_SYNC_MS, t -> askForSessions());
        });
  }

  private void askForSessions() {
    vertx.eventBus().publish(Addresses.PRESENCE_SYNC, new JsonObject().put("node", nodeId).put("info", info));
  }

  private void localChange(Message<JsonObject> request) {
    JsonObject change = request.body().copy().put("node", nodeId);
    // Counted in the registry, so across the cluster (another node's newest sessions may be a bus
    // hop away); this node's own are all here, as changes of them arrive one by one.
    if ("open".equals(change.getString("op")) && registry.sessionsOfUser(change.getString("user")) >= maxSessionsPerUser) {
      request.fail(ErrorCode.RATE_LIMITED.ordinal(), "too many sessions of " + change.getString("user"));
      return;
    }
    apply(change);
    vertx.eventBus().publish(Addresses.PRESENCE_EVENTS, change);
    JsonObject reply = new JsonObject();
    if ("join".equals(change.getString("op"))) {
      reply.put("members", new JsonArray(registry.members(change.getString("room"))));
    }
    request.reply(reply);
  }

  private void remoteChange(Message<JsonObject> event) {
    String node = event.body().getString("node");
    if (!nodeId.equals(node) && !departed.contains(node)) {
      apply(event.body());
    }
  }

  private void apply(JsonObject change) {
    String session = change.getString("session");
    List<Registry.Transition> transitions = switch (change.getString("op")) {
      case "open" -> registry.open(session, change.getString("user"), change.getString("node"),
          change.getLong("connectedAt", 0L), change.getString("remote"));
      case "close" -> registry.close(session);
      case "join" -> registry.join(session, change.getString("room"));
      case "leave" -> registry.leave(session, change.getString("room"));
      default -> List.of();
    };
    transitions.forEach(this::announce);
  }

  /**
   * Sent after every event this node published before it, on the same connection, so the asking
   * node sees this node's sessions exactly as they were, then the changes that follow.
   */
  private void answerSync(Message<JsonObject> request) {
    String asking = request.body().getString("node");
    if (nodeId.equals(asking) || departed.contains(asking)) {
      return;
    }
    nodes.put(asking, request.body().getJsonObject("info"));
    JsonArray sessions = new JsonArray();
    for (Registry.Session s : registry.sessions()) {
      if (s.node().equals(nodeId)) {
        sessions.add(sessionJson(s));
      }
    }
    vertx.eventBus().send(Addresses.presenceSnapshots(asking),
        new JsonObject().put("node", nodeId).put("info", info).put("sessions", sessions));
  }

  private void snapshot(JsonObject snapshot) {
    String node = snapshot.getString("node");
    if (departed.contains(node)) {
      return;
    }
    nodes.put(node, snapshot.getJsonObject("info"));
    Map<String, Registry.Session> sessions = new LinkedHashMap<>();
    for (Object o : snapshot.getJsonArray("sessions")) {
      JsonObject s = (JsonObject) o;
      Set<String> rooms = new HashSet<>();
      s.getJsonArray("rooms").forEach(r -> rooms.add((String) r));
      sessions.put(s.getString("session"), new Registry.Session(s.getString("session"), s.getString("user"), node,
          s.getLong("connectedAt"), s.getString("remote"), rooms));
    }
    registry.replaceNode(node, sessions).forEach(this::announce);
  }

  private void nodeLeft(String node) {
    if (nodeId.equals(node)) {
      return;
    }
    departed.add(node);
    nodes.remove(node);
    if (departed.size() > MAX_DEPARTED) {
      departed.remove(departed.iterator().next());
    }
    List<Registry.Transition> transitions = registry.replaceNode(node, Map.of());
    log.info("node {} left the cluster: {} of its sessions removed", node, transitions.stream().filter(t -> t.room() == null).count());
    transitions.forEach(this::announce);
  }

  private void announce(Registry.Transition t) {
    EventBus bus = vertx.eventBus();
    if (t.room() == null) {
      String frame = new JsonObject().put("type", "presence").put("user", t.user())
          .put("status", t.up() ? "online" : "offline").encode();
      bus.publish(Addresses.LOCAL_PRESENCE, Delivery.toRoom(0, null, t.user(), false, "presence", frame), Addresses.local());
    } else {
      String frame = new JsonObject().put("type", "member").put("room", t.room()).put("user", t.user())
          .put("event", t.up() ? "join" : "leave").encode();
      bus.publish(Addresses.localRoom(t.room()), Delivery.toRoom(0, null, t.user(), true, "member", frame), Addresses.local());
    }
  }

  private static JsonObject sessionJson(Registry.Session s) {
    return new JsonObject().put("user", s.user()).put("session", s.id()).put("node", s.node())
        .put("connectedAt", s.connectedAt()).put("remote", s.remote()).put("rooms", new JsonArray(List.copyOf(s.rooms())));
  }

  private void query(Message<JsonObject> request) {
    JsonObject q = request.body();
    switch (q.getString("op", "")) {
      case "status" -> {
        JsonObject online = new JsonObject();
        q.getJsonArray("users", new JsonArray()).forEach(u -> online.put((String) u, registry.online((String) u)));
        request.reply(new JsonObject().put("online", online));
      }
      case "members" -> request.reply(new JsonObject().put("members", new JsonArray(registry.members(q.getString("room")))));
      case "sessions" -> {
        JsonArray sessions = new JsonArray();
        registry.sessions().forEach(s -> sessions.add(sessionJson(s)));
        request.reply(new JsonObject().put("sessions", sessions));
      }
      case "rooms" -> {
        JsonObject online = new JsonObject();
        registry.rooms().forEach(room -> online.put(room, registry.onlineIn(room)));
        request.reply(new JsonObject().put("online", online));
      }
      case "nodes" -> {
        JsonArray list = new JsonArray();
        long now = System.currentTimeMillis();
        nodes.forEach((id, i) -> list.add(new JsonObject().put("node", id).put("address", i.getString("address"))
            .put("connections", registry.countOn(id)).put("uptimeS", (now - i.getLong("startedAt")) / 1000)
            .put("version", i.getString("version"))));
        request.reply(new JsonObject().put("nodes", list));
      }
      default -> request.fail(ErrorCode.BAD_REQUEST.ordinal(), "unknown presence query");
    }
  }
}
