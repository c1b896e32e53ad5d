package chatnode.ingress;

import chatnode.bus.Addresses;
import chatnode.bus.Draft;
import chatnode.bus.Stored;
import chatnode.protocol.ChatException;
import chatnode.protocol.ErrorCode;
import chatnode.protocol.Fields;
import chatnode.protocol.Names;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * What the message inputs (a Redis stream, a RabbitMQ queue) share: turning an input's message into
 * a room message, posting it like the publish API, and telling the input what to do with it.
 */
final class Inbound {
  /** After this many deliveries that failed to store, a message is parked instead of retried. */
  static final int MAX_DELIVERIES = 5;

  /** What became of a posted message, and so what its input does with it. */
  enum Outcome {
    /** Stored (or stored before, under its idempotency key): acknowledge it. */
    STORED,
    /** Refused for what it is (a bad name, a muted sender, too long): acknowledge it, never retry it. */
    REFUSED,
    /** The node is too busy to take it now: leave it for later; it does not count towards parking. */
    BUSY,
    /** Storing failed: retry it, until its deliveries are spent, then park it. */
    FAILED
  }

  record Result(Outcome outcome, String reason) {}

  private Inbound() {}

  /**
   * Posts an input's message like the publish API, its id in that input ({@code source}) as its
   * idempotency key, so that a message delivered again is not stored twice. Never fails: the result
   * says what became of it; one that breaks the rules is refused before it reaches the store.
   */
  static Future<Result> post(Vertx vertx, String source, String id, String room, String from, String text, int maxText) {
    Draft draft;
    try {
      if (!Names.isRoom(room) || !Names.isUser(from) || text == null) {
        throw new ChatException(ErrorCode.BAD_REQUEST, "a message needs a valid room, from and text");
      }
      draft = Draft.forRoom(room, from, Fields.messageText(text, maxText)).withSourceKey(source, id);
    } catch (ChatException e) {
      return Future.succeededFuture(refused(e.getMessage()));
    }
    return vertx.eventBus().<Stored>request(Addresses.CHAT_APPEND, draft, Addresses.append())
        .map(stored -> new Result(Outcome.STORED, null))
        .otherwise(e -> {
          ChatException refused = ChatException.of(e);
          return new Result(switch (refused.code()) {
            case RATE_LIMITED -> Outcome.BUSY;
            case INTERNAL -> Outcome.FAILED;
            default -> Outcome.REFUSED;
          }, refused.getMessage());
        });
  }

  /** A message its input could not even read as one (not JSON, no id...): refused, as one breaking the rules. */
  static Result refused(String why) {
    return new Result(Outcome.REFUSED, why);
  }
}
