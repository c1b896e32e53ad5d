package chatnode.bus;

import io.vertx.core.json.JsonObject;

/**
 * A change of one of this node's sessions, told to its presence verticle ({@link Addresses#PRESENCE_UPDATE})
 * and by it to the other nodes ({@link Addresses#PRESENCE_EVENTS}, as JSON with the node's id: see
 * {@link #toWire} and {@link #fromWire}, the one place that knows that format, which is the
 * previous version's, so that nodes of both versions share one registry during a rolling upgrade).
 */
public sealed interface PresenceChange {
  String session();

  /** A session authenticated; refused with {@code rate_limited} past the sessions a user may have in the cluster. */
  record Opened(String session, String user, long connectedAt, String remote) implements PresenceChange {}

  record Closed(String session) implements PresenceChange {}

  /**
   * A session joined a room; answered with the room's {@link Members} (the session's user among
   * them): the users in it now, or, for a session that takes member changes batched, as of the
   * room's last batch (the next batch brings the rest).
   */
  record Joined(String session, String room, boolean batchedMembers) implements PresenceChange {
    public Joined(String session, String room) {
      this(session, room, false);
    }
  }

  record Left(String session, String room) implements PresenceChange {}

  /** The users online in a room, each once, as a JSON array of names (encoded once for many joins). */
  record Members(String json) {}

  /** A change as another node told it. */
  record Remote(String node, PresenceChange change) {}

  static JsonObject toWire(String node, PresenceChange change) {
    JsonObject wire = new JsonObject().put("node", node).put("session", change.session());
    if (change instanceof Opened o) {
      wire.put("op", "open").put("user", o.user()).put("connectedAt", o.connectedAt()).put("remote", o.remote());
    } else if (change instanceof Closed) {
      wire.put("op", "close");
    } else if (change instanceof Joined j) {
      wire.put("op", "join").put("room", j.room());
    } else if (change instanceof Left l) {
      wire.put("op", "leave").put("room", l.room());
    }
    return wire;
  }

  /** The change another node published; null for one this version does not know (a newer node's). */
  static Remote fromWire(JsonObject wire) {
    String session = wire.getString("session");
    PresenceChange change = switch (String.valueOf(wire.getString("op"))) {
      case "open" -> new Opened(session, wire.getString("user"), wire.getLong("connectedAt", 0L), wire.getString("remote"));
      case "close" -> new Closed(session);
      case "join" -> new Joined(session, wire.getString("room"));
      case "leave" -> new Left(session, wire.getString("room"));
      default -> null;
    };
    return change == null ? null : new Remote(wire.getString("node"), change);
  }
}
