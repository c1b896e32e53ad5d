package chatnode.delivery;

import chatnode.bus.Addresses;
import chatnode.bus.Delivery;
import chatnode.bus.Interest;
import chatnode.bus.Wire;
import chatnode.chat.MessageLog;
import chatnode.config.NodeConfig;
import chatnode.protocol.ErrorCode;
import chatnode.store.Conversations;
import chatnode.store.Store;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's one subscriber to the cluster addresses of the rooms that have local members, and to
 * the DMs of all nodes, so that each node receives a message once whatever its number of
 * gateways. It restores each conversation's seq order (messages posted on different nodes may
 * cross on the bus), fills gaps from the store, and hands each frame, encoded once, to the local
 * gateways; DMs only when one of their two users has a session here; profile changes to the
 * gateways, for the sessions that watch the user.
 */
public final class DeliveryVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(DeliveryVerticle.class);
  /** A new room subscription checks the store once more after this, for a message published before the subscription reached its publisher. */
  private static final long CATCH_UP_MS = 1_000;
  /** How far two nodes' clocks may differ, beyond what the store's own bounds allow. */
  private static final long CLOCK_SKEW_MS = 1_000;
  /** DM conversations whose newest seq on the bus is remembered (see {@link RecentDirect}). */
  private static final int RECENT_DIRECT = 100_000;

  private final Store store;
  private final NodeConfig config;
  private final Map<String, Subscription> subscriptions = new HashMap<>();
  /** Users with sessions on this node: how many gateways hold some, and since when (ms). */
  private final Map<String, LocalUser> localUsers = new HashMap<>();
  /** DM conversations of local users, put back in order. */
  private final Map<String, Ordered> direct = new HashMap<>();
  /** The newest DM seqs and DM change revs seen on the bus, by conversation. */
  private RecentDirect recentDirect;
  private RecentDirect recentDirectChanges;

  public DeliveryVerticle(Store store, NodeConfig config) {
    this.store = store;
    this.config = config;
  }

  private static final class LocalUser {
    final long since = System.currentTimeMillis();
    int gateways;
  }

  @Override
  public Future<?> start() {
    recentDirect = new RecentDirect(RECENT_DIRECT, commitLagMs());
    recentDirectChanges = new RecentDirect(RECENT_DIRECT, commitLagMs());
    return Future.all(
        vertx.eventBus().<Interest>localConsumer(Addresses.DELIVERY_INTEREST, this::interest).completion(),
        vertx.eventBus().<String>localConsumer(Addresses.NODE_LEFT, m -> catchUp("left", m.body())).completion(),
        vertx.eventBus().<String>localConsumer(Addresses.NODE_JOINED, m -> catchUp("joined", m.body())).completion(),
        vertx.eventBus().<String>consumer(Addresses.DIRECT, this::receiveDirect).completion(),
        vertx.eventBus().<JsonObject>consumer(Addresses.PROFILE_CHANGED, this::receiveProfile).completion());
  }

  /** A user's new profile, from any node: encoded once, for the local sessions watching that user. */
  private void receiveProfile(Message<JsonObject> message) {
    String user = message.headers().get(Wire.ABOUT);
    String frame = new JsonObject().put("type", "profile").put("user", user).put("profile", message.body()).encode();
    vertx.eventBus().publish(Addresses.LOCAL_PRESENCE, Delivery.toRoom(0, null, user, false, "profile", frame), Addresses.local());
  }

  private void interest(Message<Interest> request) {
    Interest interest = request.body();
    if (interest.user() != null) {
      userInterest(interest.user(), interest.delta());
      request.reply(null);
      return;
    }
    String address = Addresses.room(interest.room());
    if (interest.delta() > 0) {
      Subscription s = subscriptions.computeIfAbsent(address, a -> new Subscription(interest));
      s.gateways++;
      s.ready.onSuccess(v -> request.reply(null))
          .onFailure(e -> request.fail(ErrorCode.INTERNAL.ordinal(), "subscription failed"));
    } else {
      Subscription s = subscriptions.get(address);
      if (s != null && --s.gateways == 0) {
        subscriptions.remove(address);
        s.close();
      }
    }
  }

  /**
   * A node died or left: what it committed but had not published yet reaches its members only
   * from the store. A node joined, or came back after the cluster was split: what either side
   * published meanwhile never crossed. Either way, every stream this node delivers reads on from
   * its last seq at once.
   */
  private void catchUp(String event, String node) {
    log.info("node {} {}: catching up {} rooms and {} DM conversations from the store", node, event, subscriptions.size(), direct.size());
    subscriptions.values().forEach(s -> s.streams.fill());
    direct.values().forEach(Ordered::fill);
  }

  private void userInterest(String user, int delta) {
    LocalUser local = localUsers.computeIfAbsent(user, u -> new LocalUser());
    local.gateways += delta;
    if (local.gateways > 0) {
      return;
    }
    localUsers.remove(user);
    // Conversations neither of whose users is here any more need no ordering here.
    direct.entrySet().removeIf(e -> {
      String[] users = e.getKey().substring(2).split(":");
      boolean idle = !localUsers.containsKey(users[0]) && !localUsers.containsKey(users[1]);
      if (idle) {
        e.getValue().cancel();
      }
      return idle;
    });
  }

  /** A DM, a DM's change or a DM typing notice of any node: delivered if the DM's sender or recipient is here. */
  private void receiveDirect(Message<String> message) {
    String about = message.headers().get(Wire.ABOUT);
    String to = message.headers().get(Wire.TO);
    String seq = message.headers().get(Wire.SEQ);
    List<String> recipients = seq == null ? List.of(to) : List.of(to, about);
    String type = message.headers().get(Wire.TYPE);
    if (seq == null) {
      if (recipients.stream().anyMatch(localUsers::containsKey)) {
        forwardDirect(new Delivery(0, 0, null, about, false, type, message.body(), recipients, message.headers().get(Wire.SKIP_SESSION)));
      }
      return;
    }
    String conv = message.headers().get(Wire.CONV);
    String rev = message.headers().get(Wire.REV);
    long now = System.currentTimeMillis();
    long messageSeq = Long.parseLong(seq);
    long seenBefore = recentDirect.newest(conv, now);
    long changesSeenBefore = recentDirectChanges.newest(conv, now);
    Delivery delivery = rev == null ? Delivery.direct(messageSeq, conv, about, type, message.body(), recipients)
        : Delivery.change(messageSeq, Long.parseLong(rev), conv, type, message.body(), recipients);
    (rev == null ? recentDirect : recentDirectChanges).record(conv, rev == null ? messageSeq : delivery.rev(), now);
    if (recipients.stream().noneMatch(localUsers::containsKey)) {
      return;
    }
    Ordered streams = direct.computeIfAbsent(conv, c -> new Ordered(vertx, store, c, null, config.gapFillMs(), this::forwardDirect));
    // Each stream starts at the first frame of it seen here for its local users; a change starts
    // the messages too, after the message it changes (which the change must not overtake).
    if (streams.messages.beginAnchor()) {
      anchorDirect(streams.messages, rev == null ? messageSeq : messageSeq + 1, seenBefore, recipients);
    }
    if (rev != null && streams.changes.beginAnchor()) {
      anchorDirect(streams.changes, delivery.rev(), changesSeenBefore, recipients);
    }
    streams.offer(delivery);
  }

  /**
   * Starts a stream of a DM conversation on this node before position {@code first}. Lower
   * positions were committed before it and may still be on their way from another node (two
   * nodes' publishes can cross): those the bus had not brought before ({@code seenBefore}) and
   * committed since the conversation's users came to this node are read from the store and go
   * first, in order.
   */
  private void anchorDirect(Sequencer sequencer, long first, long seenBefore, List<String> users) {
    if (first - 1 <= seenBefore) {
      sequencer.start(first - 1);
      return;
    }
    long since = users.stream().map(localUsers::get).filter(u -> u != null).mapToLong(u -> u.since).min().orElse(0)
        - commitLagMs();
    sequencer.source().before(first, Sequencer.FILL_PAGE).onComplete(read -> {
      long anchor = first - 1;
      if (read.failed()) {
        log.warn("conversation {}: reading what precedes {} failed; starting there", sequencer.source().conversation(), first, read.cause());
      } else {
        for (StreamSource.Item item : read.result()) {
          if (item.position() > seenBefore && item.ts() >= since) {
            anchor = Math.min(anchor, item.position() - 1);
            sequencer.offer(item.delivery());
          }
        }
      }
      sequencer.start(anchor);
    });
  }

  /**
   * How long after its {@code ts} a message may still be committed, so published: its ts is taken
   * when its transaction starts, which then waits for locks at most the lock timeout; plus skew.
   */
  private long commitLagMs() {
    return config.storeLockTimeoutMs() + CLOCK_SKEW_MS;
  }

  private void forwardDirect(Delivery delivery) {
    vertx.eventBus().publish(Addresses.LOCAL_USERS, delivery, Addresses.local());
  }

  /** A room's cluster consumer and the ordering of its streams. */
  private final class Subscription {
    final String localAddress;
    final String conv;
    final MessageConsumer<String> consumer;
    final Ordered streams;
    final Future<Void> ready;
    int gateways;
    long catchUpTimer = -1;

    Subscription(Interest interest) {
      String room = interest.room();
      this.localAddress = Addresses.localRoom(room);
      this.consumer = vertx.eventBus().consumer(Addresses.room(room), this::receive);
      // A room's streams start after the newest seq and rev stored once the consumer is registered:
      // older ones are the joining sessions' backlog, read from the store.
      this.conv = Conversations.room(room);
      this.streams = new Ordered(vertx, store, conv, room, config.gapFillMs(), this::forward);
      ready = consumer.completion()
          .compose(v -> store.read(c -> MessageLog.read(c, conv, room, null, null, 1, null)))
          .onSuccess(newest -> {
            streams.messages.start(newest.newest());
            streams.changes.start(newest.rev());
            catchUpTimer = vertx.setTimer(CATCH_UP_MS, t -> streams.fill());
          })
          .mapEmpty();
    }

    void receive(Message<String> message) {
      String seq = message.headers().get(Wire.SEQ);
      String rev = message.headers().get(Wire.REV);
      String about = message.headers().get(Wire.ABOUT);
      if (rev != null) {
        streams.offer(Delivery.change(Long.parseLong(seq), Long.parseLong(rev), conv, message.headers().get(Wire.TYPE), message.body(), List.of()));
      } else if (seq == null) {
        forward(Delivery.toRoom(0, null, about, message.headers().contains(Wire.SKIP_ABOUT), message.headers().get(Wire.TYPE),
            message.body()));
      } else {
        streams.offer(Delivery.toRoom(Long.parseLong(seq), conv, about, false, "message", message.body()));
      }
    }

    void forward(Delivery delivery) {
      vertx.eventBus().publish(localAddress, delivery, Addresses.local());
    }

    void close() {
      consumer.unregister();
      vertx.cancelTimer(catchUpTimer);
      streams.cancel();
    }
  }
}
