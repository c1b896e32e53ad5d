package chatnode.gateway;

import chatnode.bus.Addresses;
import chatnode.bus.Delivery;
import chatnode.bus.Interest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * One gateway instance's index of its connections: by room, by user and by watched user. A room
 * with members here has one local consumer, and the node's delivery verticle is told when the
 * first arrives and the last leaves; DMs come for all users on one address, and the delivery
 * verticle counts each session. Owned by one gateway's event loop.
 */
final class LocalSessions {
  private final Vertx vertx;
  private final int maxFrame;
  private final Flusher flusher;
  private final Map<String, Group> rooms = new HashMap<>();
  private final Map<String, Set<ChatConnection>> users = new HashMap<>();
  private final Map<String, Set<ChatConnection>> watchers = new HashMap<>();

  private static final class Group {
    final Set<ChatConnection> members = new LinkedHashSet<>();
    /** The members who joined for a {@code member} frame per change; the others get {@code members} batches. */
    final Set<ChatConnection> each = new HashSet<>();
    MessageConsumer<Delivery> consumer;
    Future<Void> ready;
  }

  LocalSessions(Vertx vertx, int maxFrame, Flusher flusher) {
    this.vertx = vertx;
    this.maxFrame = maxFrame;
    this.flusher = flusher;
  }

  /**
   * Adds a member, who gets member changes one frame each or in batches; the future completes once
   * the room's frames reach this gateway.
   */
  Future<Void> joinRoom(String room, ChatConnection c, boolean batchedMembers) {
    Group g = rooms.get(room);
    if (g == null) {
      Group group = new Group();
      group.consumer = vertx.eventBus().localConsumer(Addresses.localRoom(room), m -> deliver(room, group, m.body()));
      group.ready = group.consumer.completion()
          .compose(v -> vertx.eventBus().request(Addresses.DELIVERY_INTEREST, new Interest(room, null, 1), Addresses.local()))
          .mapEmpty();
      rooms.put(room, group);
      g = group;
    }
    g.members.add(c);
    if (batchedMembers) {
      g.each.remove(c);
    } else {
      g.each.add(c);
    }
    return g.ready;
  }

  /** A frame of the room to its members here; a member change only to those who want it in that form. */
  private void deliver(String room, Group group, Delivery d) {
    boolean single = d.type().equals("member");
    boolean batch = d.type().equals("members");
    if ((single && group.each.isEmpty()) || (batch && group.each.size() == group.members.size())) {
      return; // nobody here takes it: not even encoded
    }
    ByteBuf wire = wire(d);
    try {
      for (ChatConnection member : single ? group.each : group.members) {
        if (!batch || !group.each.contains(member)) {
          member.deliverRoom(room, d, wire);
        }
      }
    } finally {
      wire.release();
    }
    flusher.delivered();
  }

  void leaveRoom(String room, ChatConnection c) {
    Group g = rooms.get(room);
    if (g == null || !g.members.remove(c)) {
      return;
    }
    g.each.remove(c);
    if (g.members.isEmpty()) {
      rooms.remove(room);
      g.consumer.unregister();
      vertx.eventBus().send(Addresses.DELIVERY_INTEREST, new Interest(room, null, -1), Addresses.local());
    }
  }

  /** The future completes once the node delivers this user's DMs here. */
  Future<Void> addSession(String user, ChatConnection c) {
    users.computeIfAbsent(user, u -> new LinkedHashSet<>()).add(c);
    return vertx.eventBus().request(Addresses.DELIVERY_INTEREST, new Interest(null, user, 1), Addresses.local()).mapEmpty();
  }

  void removeSession(String user, ChatConnection c) {
    Set<ChatConnection> sessions = users.get(user);
    if (sessions != null && sessions.remove(c)) {
      if (sessions.isEmpty()) {
        users.remove(user);
      }
      vertx.eventBus().send(Addresses.DELIVERY_INTEREST, new Interest(null, user, -1), Addresses.local());
    }
  }

  /** A DM or a frame for a user: to every local session of its recipients (but the one it skips). */
  void direct(Delivery d) {
    ByteBuf wire = wire(d);
    try {
      for (String user : d.recipients()) {
        Set<ChatConnection> sessions = users.get(user);
        if (sessions != null) {
          for (ChatConnection c : sessions) {
            if (!c.isSession(d.skipSession())) {
              c.deliverUser(d, wire);
            }
          }
        }
      }
    } finally {
      wire.release();
    }
    flusher.delivered();
  }

  void watch(ChatConnection c, Set<String> watched) {
    watched.forEach(u -> watchers.computeIfAbsent(u, k -> new LinkedHashSet<>()).add(c));
  }

  void unwatch(ChatConnection c, Set<String> watched) {
    for (String u : watched) {
      Set<ChatConnection> set = watchers.get(u);
      if (set != null && set.remove(c) && set.isEmpty()) {
        watchers.remove(u);
      }
    }
  }

  /** A presence or profile change: to every local connection watching that user. */
  void presence(Delivery d) {
    Set<ChatConnection> set = watchers.get(d.about());
    if (set != null) {
      ByteBuf wire = wire(d);
      try {
        set.forEach(c -> c.deliverUser(d, wire));
      } finally {
        wire.release();
      }
      flusher.delivered();
    }
  }

  /** The delivery's frame as wire bytes, encoded once here for all the sessions it goes to. */
  private ByteBuf wire(Delivery d) {
    return WireFrames.text(ByteBufAllocator.DEFAULT, d.frame(), maxFrame);
  }

  /** Every connection of this gateway, for a node-wide action such as shutting down. */
  Set<ChatConnection> all() {
    Set<ChatConnection> all = new LinkedHashSet<>();
    users.values().forEach(all::addAll);
    return all;
  }

  Set<ChatConnection> sessionsOf(String user) {
    return Set.copyOf(users.getOrDefault(user, Set.of()));
  }
}
