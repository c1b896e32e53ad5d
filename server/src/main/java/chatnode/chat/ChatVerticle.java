package chatnode.chat;

import chatnode.bus.Addresses;
import chatnode.bus.Draft;
import chatnode.bus.HistoryQuery;
import chatnode.bus.PresenceQueries;
import chatnode.bus.Replies;
import chatnode.bus.Stored;
import chatnode.bus.Wire;
import chatnode.config.NodeConfig;
import chatnode.ops.Drain;
import chatnode.ops.Metrics;
import chatnode.protocol.ChatException;
import chatnode.protocol.ErrorCode;
import chatnode.rooms.Rooms;
import chatnode.store.Store;
import chatnode.store.Users;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores this node's room messages and DMs ({@link GroupCommit}), publishes each stored message to
 * the cluster, then answers the gateway that asked (which sends the {@code ack}); refuses the says
 * of muted users first. One instance per node. Also serves history reads.
 */
public final class ChatVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(ChatVerticle.class);
  /** How long a stopping node waits for the queue to be committed. */
  private static final long DRAIN_WAIT_MS = 10_000;

  private final Store store;
  private final NodeConfig config;
  private final String nodeId;
  /** The id of the node that stores a conversation's messages (given the conversation's id). */
  private final UnaryOperator<String> ownerOf;
  private GroupCommit commits;
  private OwnerForwards forwards;
  /** Mutes in force, user → room or "*" → end; loaded at start, reloaded per user when an admin changes them. */
  private Map<String, Map<String, Long>> mutes = new HashMap<>();
  /**
   * The last reload of mutes: reloads run one after another, so a reload that started after a
   * change can never be overwritten by an older one that finished later.
   */
  private Future<Void> lastMuteReload = Future.succeededFuture();

  private final Metrics metrics;
  /** Rooms whose visibility is kept here; past it they are looked up as they are posted to. */
  private static final int KNOWN_ROOMS = 100_000;
  private final RoomVisibility visibility = new RoomVisibility(KNOWN_ROOMS);

  public ChatVerticle(Store store, NodeConfig config, Metrics metrics, String nodeId, UnaryOperator<String> ownerOf) {
    this.store = store;
    this.config = config;
    this.metrics = metrics;
    this.nodeId = nodeId;
    this.ownerOf = ownerOf;
  }

  /** Drain: stops once every message it accepted is committed or answered by its owner (bounded wait). */
  @Override
  public Future<?> stop() {
    return Drain.until(vertx, () -> commits.idle() && forwards.idle(), DRAIN_WAIT_MS);
  }

  @Override
  public Future<?> start() {
    EventBus bus = vertx.eventBus();
    commits = new GroupCommit(vertx, store, config, metrics, visibility, this::publish);
    // Past the longest an owner takes to answer: its wait for the store, then a batch's attempts at its locks.
    long ownerAnswersWithinMs = config.storeWaitMs() + 4L * config.storeLockTimeoutMs();
    forwards = new OwnerForwards(bus, config.storeQueueMax(), ownerAnswersWithinMs, commits::submit, metrics);
    return store.read(c -> Mutes.activeMutes(c, null, System.currentTimeMillis()))
        .onSuccess(loaded -> mutes = loaded)
        .compose(v -> store.read(c -> Rooms.privacy(c, KNOWN_ROOMS)))
        .onSuccess(rooms -> rooms.forEach(visibility::learn))
        .compose(v -> Future.all(List.of(
            bus.<Draft>localConsumer(Addresses.CHAT_APPEND, this::enqueue).completion(),
            bus.<JsonObject>consumer(Addresses.owner(nodeId), m -> Replies.answer(m,
                commits.submit(Draft.fromJson(m.body())).map(Stored::toFrame), log, "storing a message posted on another node")).completion(),
            bus.<String>localConsumer(Addresses.NODE_LEFT, m -> forwards.ownerLeft(m.body())).completion(),
            bus.<HistoryQuery>localConsumer(Addresses.CHAT_HISTORY, this::history).completion(),
            bus.<JsonObject>consumer(Addresses.ROOM_CHANGED, m -> visibility.learn(m.body().getString("room"),
                "private".equals(m.body().getString("visibility")))).completion(),
            bus.<JsonObject>localConsumer(Addresses.CHAT_MUTES, m -> reloadMutes(m.body().getString("user")).onComplete(done -> m.reply(null))).completion(),
            bus.<JsonObject>consumer(Addresses.MUTES_CHANGED, m -> reloadMutes(m.body().getString("user"))).completion())));
  }

  /** Reads the user's mutes after every earlier reload finished; the change that triggered it is committed. */
  private Future<Void> reloadMutes(String user) {
    lastMuteReload = lastMuteReload
        .transform(previous -> store.read(c -> Mutes.activeMutes(c, user, System.currentTimeMillis())))
        .onSuccess(loaded -> {
          if (loaded.containsKey(user)) {
            mutes.put(user, loaded.get(user));
          } else {
            mutes.remove(user);
          }
        })
        .onFailure(e -> log.error("reloading the mutes of {} failed", user, e))
        .mapEmpty();
    return lastMuteReload;
  }

  /** The end of the mute that keeps {@code user} from posting in {@code room}, or 0. */
  private long mutedUntil(String user, String room) {
    Map<String, Long> ofUser = mutes.get(user);
    if (ofUser == null) {
      return 0;
    }
    long now = System.currentTimeMillis();
    long until = Math.max(ofUser.getOrDefault(room, 0L), ofUser.getOrDefault(Mutes.EVERYWHERE, 0L));
    return until > now ? until : 0;
  }

  private void enqueue(Message<Draft> request) {
    Draft draft = request.body();
    long muted = draft.isRoom() ? mutedUntil(draft.from(), draft.room()) : 0;
    if (muted > 0) {
      request.fail(ErrorCode.FORBIDDEN.ordinal(), "you are muted here until " + java.time.Instant.ofEpochMilli(muted));
      return;
    }
    String owner = ownerOf.apply(draft.conversation());
    Future<Stored> outcome = owner.equals(nodeId) ? commits.submit(draft) : forwards.send(owner, draft);
    Replies.answer(request, outcome, log, "storing a message");
  }

  /** The frame is encoded here once; every node forwards this text to its own sessions. */
  private void publish(Stored stored) {
    vertx.eventBus().publish(stored.isRoom() ? Addresses.room(stored.room()) : Addresses.DIRECT, stored.toFrame().encode(),
        Wire.stored(stored));
    if (!stored.mentions().isEmpty()) {
      notifyAbsent(stored);
    }
  }

  /** The mentioned users none of whose sessions joined the room (anywhere in the cluster) get a {@code notify} on every session. */
  private void notifyAbsent(Stored m) {
    String frame = new JsonObject().put("type", "notify").put("room", m.room()).put("seq", m.seq()).put("from", m.from())
        .put("text", m.text()).encode();
    vertx.eventBus().<JsonObject>request(Addresses.PRESENCE_ABSENT, new PresenceQueries.Absent(m.room(), m.mentions()), Addresses.local())
        .onSuccess(reply -> reply.body().getJsonArray("absent").forEach(user ->
            vertx.eventBus().publish(Addresses.DIRECT, frame, Wire.toUser((String) user, "notify"))))
        .onFailure(e -> log.warn("room {} seq {}: the mentioned users' notices were not sent", m.room(), m.seq(), e));
  }

  private void history(Message<HistoryQuery> request) {
    HistoryQuery q = request.body();
    Replies.answer(request, store.read(c -> {
      if (q.with() != null && !Users.exists(c, q.with())) {
        throw new ChatException(ErrorCode.NOT_FOUND, "no user named " + q.with());
      }
      if (q.room() != null && q.viewer() != null && !q.privileged()) {
        MessageLog.requireReader(c, q.room(), q.viewer());
      }
      return MessageLog.read(c, q.conversation(), q.room(), q.before(), q.after(), q.limit(), q.viewer());
    }), log, "history read");
  }

}
