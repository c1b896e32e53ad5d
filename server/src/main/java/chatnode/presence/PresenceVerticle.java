package chatnode.presence;

import chatnode.bus.Addresses;
import chatnode.bus.Delivery;
import chatnode.bus.PresenceChange;
import chatnode.bus.PresenceQueries;
import chatnode.protocol.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.Json;
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
 * sessions, encoded once, and into {@code members} batches ({@link MemberBatches}). A starting
 * node asks the others for their sessions; when the cluster
 * reports a node gone, its sessions are removed here at once, without waiting for it; when it
 * reports a node joined (or back after a partition), that node is asked for its sessions. One
 * instance per node.
 */
public final class PresenceVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(PresenceVerticle.class);
  /** Asked once more after start, for answers from nodes that had not yet seen our subscription. */
  private static final long SECOND_SYNC_MS = 3_000;
  private static final int MAX_DEPARTED = 1_000;
  /**
   * A node that just joined may not have registered its consumers yet (a starting node deploys its
   * verticles first; a merged one re-registers them): it is asked again this often, this many times.
   */
  private static final long ASK_RETRY_MS = 1_000;
  private static final int ASK_ATTEMPTS = 60;
  private static final long ASK_TIMEOUT_MS = 5_000;

  private final String nodeId;
  private final JsonObject info;
  private final Registry registry = new Registry();
  /** Every node this one knows of, with its {address, startedAt, version}: for the admin's node list. */
  private final Map<String, JsonObject> nodes = new LinkedHashMap<>();
  private final int maxSessionsPerUser;
  private final long drainGraceMs;
  private DrainGrace grace;
  private MemberBatches batches;
  /** Nodes the cluster reported gone: late events of theirs must not bring their sessions back. */
  private final Set<String> departed = new LinkedHashSet<>();

  /**
   * {@code info}: this node's {address, startedAt, version}, shown to admins; {@code maxSessionsPerUser}:
   * a user's sessions in the whole cluster, past which a new one is refused.
   */
  public PresenceVerticle(String nodeId, JsonObject info, int maxSessionsPerUser, long drainGraceMs) {
    this.nodeId = nodeId;
    this.info = info;
    this.maxSessionsPerUser = maxSessionsPerUser;
    this.drainGraceMs = drainGraceMs;
    nodes.put(nodeId, info);
  }

  @Override
  public Future<?> start() {
    EventBus bus = vertx.eventBus();
    grace = new DrainGrace(vertx, drainGraceMs, this::announce);
    batches = new MemberBatches(vertx);
    return Future.all(List.of(
            bus.<String>consumer(Addresses.NODE_LEAVING, m -> grace.draining(m.body())).completion(),
            bus.<PresenceChange>localConsumer(Addresses.PRESENCE_UPDATE, this::localChange).completion(),
            bus.<PresenceQueries.Status>localConsumer(Addresses.PRESENCE_STATUS, m -> m.reply(status(m.body().users()))).completion(),
            bus.<PresenceQueries.Absent>localConsumer(Addresses.PRESENCE_ABSENT, m -> m.reply(absent(m.body()))).completion(),
            bus.localConsumer(Addresses.PRESENCE_SESSIONS, m -> m.reply(sessions())).completion(),
            bus.localConsumer(Addresses.PRESENCE_ROOMS, m -> m.reply(rooms())).completion(),
            bus.localConsumer(Addresses.PRESENCE_NODES, m -> m.reply(nodeList())).completion(),
            bus.<String>localConsumer(Addresses.NODE_LEFT, m -> nodeLeft(m.body())).completion(),
            bus.<String>localConsumer(Addresses.NODE_JOINED, m -> nodeJoined(m.body())).completion(),
            bus.<JsonObject>consumer(Addresses.presenceAsk(nodeId), this::answerAsk).completion(),
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

  private void localChange(Message<PresenceChange> request) {
    PresenceChange change = request.body();
    // Counted in the registry, so across the cluster (another node's newest sessions may be a bus
    // hop away); this node's own are all here, as changes of them arrive one by one.
    if (change instanceof PresenceChange.Opened o && registry.sessionsOfUser(o.user()) >= maxSessionsPerUser) {
      request.fail(ErrorCode.RATE_LIMITED.ordinal(), "too many sessions of " + o.user());
      return;
    }
    apply(nodeId, change);
    vertx.eventBus().publish(Addresses.PRESENCE_EVENTS, PresenceChange.toWire(nodeId, change));
    request.reply(change instanceof PresenceChange.Joined j ? members(j) : null, Addresses.local());
  }

  private PresenceChange.Members members(PresenceChange.Joined j) {
    return new PresenceChange.Members(j.batchedMembers() ? batches.snapshot(j.room(), registry.userOf(j.session()), () -> registry.members(j.room()))
        : Json.encode(registry.members(j.room())));
  }

  private void remoteChange(Message<JsonObject> event) {
    PresenceChange.Remote remote = PresenceChange.fromWire(event.body());
    if (remote != null && !nodeId.equals(remote.node()) && !departed.contains(remote.node())) {
      apply(remote.node(), remote.change());
    }
  }

  private void apply(String node, PresenceChange change) {
    List<Registry.Transition> transitions;
    if (change instanceof PresenceChange.Opened o) {
      transitions = registry.open(o.session(), o.user(), node, o.connectedAt(), o.remote());
    } else if (change instanceof PresenceChange.Joined j) {
      transitions = registry.join(j.session(), j.room());
    } else if (change instanceof PresenceChange.Left l) {
      transitions = registry.leave(l.session(), l.room());
    } else {
      transitions = registry.close(change.session());
    }
    transitions.forEach(t -> grace.transition(node, t));
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
    vertx.eventBus().send(Addresses.presenceSnapshots(asking), ownSnapshot());
  }

  /**
   * The same answer to one node that asked this one alone, as a reply (which follows this node's
   * earlier events to it as well). Answered even while the asker still counts as departed here:
   * this node may not have heard yet that the asker is back, and a snapshot sent to a node that is
   * really gone harms no one.
   */
  private void answerAsk(Message<JsonObject> request) {
    String asking = request.body().getString("node");
    if (!departed.contains(asking)) {
      nodes.put(asking, request.body().getJsonObject("info"));
    }
    request.reply(ownSnapshot());
  }

  private JsonObject ownSnapshot() {
    JsonArray sessions = new JsonArray();
    for (Registry.Session s : registry.sessions()) {
      if (s.node().equals(nodeId)) {
        sessions.add(sessionJson(s));
      }
    }
    return new JsonObject().put("node", nodeId).put("info", info).put("sessions", sessions);
  }

  /**
   * A node joined, or came back after it was cut off (frozen, partitioned): its events count again,
   * and it is asked for its sessions, which replace whatever this node still holds of it. It does
   * the same with this node, so both registries agree as soon as the members see each other.
   */
  private void nodeJoined(String node) {
    if (nodeId.equals(node)) {
      return;
    }
    departed.remove(node);
    ask(node, 1);
  }

  private void ask(String node, int attempt) {
    vertx.eventBus().<JsonObject>request(Addresses.presenceAsk(node), new JsonObject().put("node", nodeId).put("info", info),
            new DeliveryOptions().setSendTimeout(ASK_TIMEOUT_MS))
        .onSuccess(reply -> snapshot(reply.body()))
        .onFailure(e -> {
          if (departed.contains(node)) {
            return; // gone again: nothing to ask
          }
          if (attempt < ASK_ATTEMPTS) {
            vertx.setTimer(ASK_RETRY_MS, t -> ask(node, attempt + 1));
          } else {
            log.warn("node {} did not answer for its sessions after {} attempts: {}", node, attempt, e.getMessage());
          }
        });
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
    registry.replaceNode(node, sessions).forEach(t -> grace.transition(node, t));
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
    transitions.forEach(t -> grace.transition(node, t));
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
      batches.changed(t.room(), t.user(), t.up());
    }
  }

  private static JsonObject sessionJson(Registry.Session s) {
    return new JsonObject().put("user", s.user()).put("session", s.id()).put("node", s.node())
        .put("connectedAt", s.connectedAt()).put("remote", s.remote()).put("rooms", new JsonArray(List.copyOf(s.rooms())));
  }

  /** Which of {@code users} are online anywhere: {@code {online: {user: bool}}}. */
  private JsonObject status(List<String> users) {
    JsonObject online = new JsonObject();
    users.forEach(u -> online.put(u, registry.online(u)));
    return new JsonObject().put("online", online);
  }

  /** Which of the users have no session in the room: {@code {absent: [users]}}. */
  private JsonObject absent(PresenceQueries.Absent q) {
    return new JsonObject().put("absent", new JsonArray(q.users().stream().filter(u -> !registry.in(q.room(), u)).toList()));
  }

  /** Every session of the cluster: {@code {sessions: [...]}}. */
  private JsonObject sessions() {
    JsonArray sessions = new JsonArray();
    registry.sessions().forEach(s -> sessions.add(sessionJson(s)));
    return new JsonObject().put("sessions", sessions);
  }

  /** Rooms with members online, and how many users: {@code {online: {room: n}}}. */
  private JsonObject rooms() {
    JsonObject online = new JsonObject();
    registry.rooms().forEach(room -> online.put(room, registry.onlineIn(room)));
    return new JsonObject().put("online", online);
  }

  /** The nodes this one knows of: {@code {nodes: [...]}}. */
  private JsonObject nodeList() {
    JsonArray list = new JsonArray();
    long now = System.currentTimeMillis();
    nodes.forEach((id, i) -> list.add(new JsonObject().put("node", id).put("address", i.getString("address"))
        .put("connections", registry.countOn(id)).put("uptimeS", (now - i.getLong("startedAt")) / 1000)
        .put("version", i.getString("version"))));
    return new JsonObject().put("nodes", list);
  }
}
