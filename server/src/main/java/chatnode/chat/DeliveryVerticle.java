package chatnode.chat;

import chatnode.bus.Addresses;
import chatnode.bus.Conversations;
import chatnode.bus.Delivery;
import chatnode.bus.ErrorCode;
import chatnode.bus.Interest;
import chatnode.bus.Stored;
import chatnode.bus.Wire;
import chatnode.config.NodeConfig;
import chatnode.store.Store;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
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
  /** Out-of-order frames held per conversation while waiting for a missing seq. */
  private static final int MAX_EARLY = 10_000;
  private static final int FILL_PAGE = 200;
  /** A new room subscription checks the store once more after this, for a message published before the subscription reached its publisher. */
  private static final long CATCH_UP_MS = 1_000;

  private final Store store;
  private final NodeConfig config;
  private final Map<String, Subscription> subscriptions = new HashMap<>();
  /** Users with sessions on this node: how many gateways hold some. */
  private final Map<String, Integer> localUsers = new HashMap<>();
  /** DM conversations of local users, put back in order. */
  private final Map<String, Sequencer> direct = new HashMap<>();

  public DeliveryVerticle(Store store, NodeConfig config) {
    this.store = store;
    this.config = config;
  }

  @Override
  public Future<?> start() {
    return Future.all(
        vertx.eventBus().<Interest>localConsumer(Addresses.DELIVERY_INTEREST, this::interest).completion(),
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

  private void userInterest(String user, int delta) {
    int gateways = localUsers.merge(user, delta, Integer::sum);
    if (gateways > 0) {
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

  /** A DM or a DM typing notice of any node: delivered if its sender or recipient is here. */
  private void receiveDirect(Message<String> message) {
    String about = message.headers().get(Wire.ABOUT);
    String to = message.headers().get(Wire.TO);
    String seq = message.headers().get(Wire.SEQ);
    List<String> recipients = seq == null ? List.of(to) : List.of(to, about);
    if (recipients.stream().noneMatch(localUsers::containsKey)) {
      return;
    }
    String type = message.headers().get(Wire.TYPE);
    if (seq == null) {
      forwardDirect(new Delivery(0, null, about, false, type, message.body(), recipients));
      return;
    }
    String conv = message.headers().get(Wire.CONV);
    direct.computeIfAbsent(conv, c -> new Sequencer(c, null, false, this::forwardDirect))
        .offer(new Delivery(Long.parseLong(seq), conv, about, false, type, message.body(), recipients));
  }

  private void forwardDirect(Delivery delivery) {
    vertx.eventBus().publish(Addresses.LOCAL_USERS, delivery, Addresses.local());
  }

  /** A room's cluster consumer and the ordering of its stream. */
  private final class Subscription {
    final String localAddress;
    final MessageConsumer<String> consumer;
    final Sequencer sequencer;
    final Future<Void> ready;
    int gateways;
    long catchUpTimer = -1;

    Subscription(Interest interest) {
      String room = interest.room();
      this.localAddress = Addresses.localRoom(room);
      this.consumer = vertx.eventBus().consumer(Addresses.room(room), this::receive);
      // A room's stream starts after the newest seq stored once the consumer is registered: older
      // messages are the joining sessions' backlog, read from the store.
      String conv = Conversations.room(room);
      this.sequencer = new Sequencer(conv, room, true, this::forward);
      ready = consumer.completion()
          .compose(v -> store.read(c -> MessageLog.read(c, conv, room, null, null, 1).newest()))
          .onSuccess(newest -> {
            sequencer.start(newest);
            catchUpTimer = vertx.setTimer(CATCH_UP_MS, t -> sequencer.fill());
          })
          .mapEmpty();
    }

    void receive(Message<String> message) {
      String seq = message.headers().get(Wire.SEQ);
      String about = message.headers().get(Wire.ABOUT);
      if (seq == null) {
        forward(Delivery.toRoom(0, null, about, message.headers().contains(Wire.SKIP_ABOUT), message.headers().get(Wire.TYPE),
            message.body()));
      } else {
        sequencer.offer(Delivery.toRoom(Long.parseLong(seq), sequencer.conv, about, false, "message", message.body()));
      }
    }

    void forward(Delivery delivery) {
      vertx.eventBus().publish(localAddress, delivery, Addresses.local());
    }

    void close() {
      consumer.unregister();
      vertx.cancelTimer(catchUpTimer);
      sequencer.cancel();
    }
  }

  /**
   * Puts one conversation's frames back in seq order. A room's sequencer holds everything until its
   * starting point is read; a DM conversation starts at the first frame this node sees of it.
   */
  private final class Sequencer {
    final String conv;
    final String room;
    final Consumer<Delivery> forward;
    final TreeMap<Long, Delivery> early = new TreeMap<>();
    long last = -1;
    boolean holding;
    boolean filling;
    long gapTimer = -1;

    /** {@code room} is null for a DM conversation; {@code holding}: wait for {@link #start}. */
    Sequencer(String conv, String room, boolean holding, Consumer<Delivery> forward) {
      this.conv = conv;
      this.room = room;
      this.holding = holding;
      this.forward = forward;
    }

    void start(long newest) {
      holding = false;
      last = newest;
      early.headMap(newest, true).clear();
      drain();
    }

    void offer(Delivery d) {
      if (last >= 0 && d.seq() <= last) {
        return;
      }
      if (!holding && last < 0) {
        last = d.seq() - 1;
      }
      early.put(d.seq(), d);
      if (early.size() > MAX_EARLY) {
        // The store has them: a later gap fill reads them back.
        early.pollLastEntry();
        log.warn("conversation {}: more than {} frames out of order, relying on the store", conv, MAX_EARLY);
      }
      if (!holding) {
        drain();
      }
    }

    void drain() {
      while (!early.isEmpty() && early.firstKey() == last + 1) {
        forward.accept(early.pollFirstEntry().getValue());
        last++;
      }
      if (early.isEmpty()) {
        cancel();
      } else if (gapTimer < 0 && !filling) {
        gapTimer = vertx.setTimer(config.gapFillMs(), t -> {
          gapTimer = -1;
          fill();
        });
      }
    }

    /** Reads what follows {@code last} from the store: a gap the bus did not fill in time. */
    void fill() {
      if (filling || holding) {
        return;
      }
      filling = true;
      long from = last;
      store.read(c -> MessageLog.read(c, conv, room, null, from, FILL_PAGE))
          .onComplete(read -> {
            filling = false;
            if (read.failed()) {
              log.warn("conversation {}: gap fill failed, retrying", conv, read.cause());
            } else {
              for (Stored m : read.result().messages()) {
                if (m.seq() > last && !early.containsKey(m.seq())) {
                  early.put(m.seq(), m.isRoom()
                      ? Delivery.toRoom(m.seq(), conv, m.from(), false, "message", m.toFrame().encode())
                      : new Delivery(m.seq(), conv, m.from(), false, "dm", m.toFrame().encode(), List.of(m.to(), m.from())));
                }
              }
            }
            drain();
          });
    }

    void cancel() {
      if (gapTimer >= 0) {
        vertx.cancelTimer(gapTimer);
        gapTimer = -1;
      }
    }
  }
}
