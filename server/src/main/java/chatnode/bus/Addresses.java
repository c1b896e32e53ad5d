package chatnode.bus;

import io.vertx.core.eventbus.DeliveryOptions;

/**
 * Every event-bus address of a node, in one place. Cluster-wide addresses carry traffic between
 * nodes; local ones (registered with {@code localConsumer}, sent with {@code localOnly}) stay in
 * the node that sent them.
 */
public final class Addresses {
  private Addresses() {}

  /** Options for a message to a local address: it never leaves this node. */
  public static DeliveryOptions local() {
    return new DeliveryOptions().setLocalOnly(true);
  }

  /**
   * Options for a request to {@link #CHAT_APPEND}. The chat verticle answers every draft with the
   * outcome of the transaction that held it, and bounds how long that takes (store-wait-ms, then
   * lock timeouts); a requester that gave up first would report a failure for a message that may
   * still be stored. So the bus's own timeout here is only a backstop, far beyond those bounds.
   */
  public static DeliveryOptions append() {
    return local().setSendTimeout(APPEND_BACKSTOP_MS);
  }

  private static final long APPEND_BACKSTOP_MS = 3_600_000;

  // Cluster-wide.
  /** Stored room messages and room typing: one publish per message, one consumer per node with members. */
  public static String room(String room) {
    return "chat.room." + room;
  }

  /**
   * Stored DMs and DM typing: published to every node (one consumer each), which delivers to the
   * users it holds. No address per user: a consumer per session costs heap, a DM to each node
   * costs little.
   */
  public static final String DIRECT = "chat.direct";

  /** Close every session of a user, on every node: {@code {user, reason, code}}; each gateway answers for its own. */
  public static final String KICK = "admin.kick";
  /** A user was banned, unbanned or its tokens revoked: the user's name; each node forgets its cached admission. */
  public static final String ACCOUNT_CHANGED = "admin.account";
  /** Forget a user's cached admission on this node: the user's name; replied once forgotten. */
  public static final String ADMISSION_FORGET = "profile.admission.forget";
  /** A user's mutes changed: {@code {user}}; each node's chat verticle reloads them. */
  public static final String MUTES_CHANGED = "admin.mutes";

  /** A profile changed: the new public profile, header {@code about} = the user; each node's delivery verticle tells its watchers. */
  public static final String PROFILE_CHANGED = "profile.changed";

  /** Session registry changes, published by the node that owns the session: {@link PresenceChange#toWire}. */
  public static final String PRESENCE_EVENTS = "presence.events";
  /** A node that just started asks every other node for its sessions: {@code {node}}. */
  public static final String PRESENCE_SYNC = "presence.sync";

  /** A node about to drain tells the others, so they count its leaving as graceful: its id. */
  public static final String NODE_LEAVING = "cluster.node-leaving";

  /**
   * Drafts for the conversations this node owns ({@code cluster.Owners}), from the nodes where they
   * were posted: {@link Draft#toJson} in, the stored message's frame back ({@link Stored#fromFrame}).
   */
  public static String owner(String nodeId) {
    return "chat.owner." + nodeId;
  }

  /** Asks one node for its sessions (a node that joined or came back): {@code {node, info}}, replied with its snapshot. */
  public static String presenceAsk(String nodeId) {
    return "presence.ask." + nodeId;
  }

  /** Where a node receives the other nodes' answers to its sync: {@code {node, sessions}}. */
  public static String presenceSnapshots(String nodeId) {
    return "presence.snapshot." + nodeId;
  }

  // Local to a node.
  /** Store a room message or DM (group commit), then publish it: {@link Draft} in, {@link Stored} back. */
  public static final String CHAT_APPEND = "chat.append";
  /** Read stored messages: {@link HistoryQuery} in, {@link HistoryPage} back. */
  public static final String CHAT_HISTORY = "chat.history";
  /** A gateway gains or loses interest in a room or user: {@link Interest}; replied once frames flow. */
  public static final String DELIVERY_INTEREST = "delivery.interest";
  /** Session and room changes of this node's sessions: {@link PresenceChange}. */
  public static final String PRESENCE_UPDATE = "presence.update";
  /** Questions to the registry: {@link PresenceQueries.Status} in, {@code {online}} back; the others take no body. */
  public static final String PRESENCE_STATUS = "presence.status";
  /** {@link PresenceQueries.Absent} in, {@code {absent: [users]}} back. */
  public static final String PRESENCE_ABSENT = "presence.absent";
  public static final String PRESENCE_SESSIONS = "presence.sessions";
  public static final String PRESENCE_ROOMS = "presence.rooms";
  public static final String PRESENCE_NODES = "presence.nodes";
  /** Moderation and the audit log, one address per request of {@link AdminRequests}. */
  public static final String ADMIN_USER = "admin.user";
  public static final String ADMIN_DELETE = "admin.delete";
  public static final String ADMIN_AUDIT = "admin.audit";
  /**
   * Reload a user's mutes into this node's chat verticle: {@code {user}}, replied once the reload ended,
   * so the admin API answers only when this node already enforces the change.
   */
  public static final String CHAT_MUTES = "chat.mutes";
  /** Rooms and their members, one address per request of {@link RoomRequests}. */
  public static final String ROOMS_CREATE = "rooms.create";
  public static final String ROOMS_DETAILS = "rooms.details";
  public static final String ROOMS_UPDATE = "rooms.update";
  public static final String ROOMS_DIRECTORY = "rooms.directory";
  public static final String ROOMS_MEMBERS = "rooms.members";
  public static final String ROOMS_ADD = "rooms.add";
  public static final String ROOMS_ROLE = "rooms.role";
  public static final String ROOMS_REMOVE = "rooms.remove";
  public static final String ROOMS_JOIN = "rooms.join";
  public static final String ROOMS_MINE = "rooms.mine";
  /** Changes to stored messages, one address per request of {@link ChangeRequests}. */
  public static final String CHANGE_EDIT = "change.edit";
  public static final String CHANGE_DELETE = "change.delete";
  public static final String CHANGE_REACT = "change.react";
  public static final String CHANGES_READ = "change.read";
  /** Full-text search: {@link SearchQuery} in, {@code {results, next?}} back. */
  public static final String SEARCH = "search";
  public static final String ROOMS_DIRECTS = "rooms.directs";
  public static final String ROOMS_READ = "rooms.read";
  /** A room became private or public: {@code {room, visibility}}; each node's chat verticle updates its list of private rooms. */
  public static final String ROOM_CHANGED = "rooms.changed";
  /** Accounts and profiles, one address per request of {@link ProfileRequests}. */
  public static final String PROFILE_REGISTER = "profile.register";
  public static final String PROFILE_LOGIN = "profile.login";
  public static final String PROFILE_ADMIT = "profile.admit";
  public static final String PROFILE_READ = "profile.read";
  public static final String PROFILE_UPDATE = "profile.update";
  /** Ordered room frames for a node's gateways with members in the room: {@link Delivery}. */
  public static String localRoom(String room) {
    return "deliver.room." + room;
  }

  /** DM and typing frames for the users of a node, to every gateway of it: {@link Delivery} with its recipients. */
  public static final String LOCAL_USERS = "deliver.users";

  /** The cluster lost a node (it died or left): its id, from the cluster's membership events. */
  public static final String NODE_LEFT = "cluster.node-left";
  /** A node joined the cluster, or came back to it after a partition: its id, from the membership events. */
  public static final String NODE_JOINED = "cluster.node-joined";

  /** Presence and profile changes for every gateway of the node, to the user's watchers: {@link Delivery} with {@code about} = the user. */
  public static final String LOCAL_PRESENCE = "deliver.presence";
}
