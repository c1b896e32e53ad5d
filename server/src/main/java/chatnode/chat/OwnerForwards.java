package chatnode.chat;

import chatnode.bus.Addresses;
import chatnode.bus.Draft;
import chatnode.bus.Stored;
import chatnode.ops.Metrics;
import chatnode.protocol.ChatException;
import chatnode.protocol.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Drafts posted here for conversations another node owns, sent to that node to be stored, each
 * answered with that node's outcome. Each carries a source key (its own, or one made here), so
 * that when the owner cannot answer (it left the cluster, the address has no consumer, or the
 * answer is overdue) the draft is stored here instead, and is stored once even if the owner
 * committed it before it went: the store finds the key. Owned by the chat verticle's event loop.
 */
final class OwnerForwards {
  private static final String KEY_SOURCE = "node";

  private static final class Forward {
    final String owner;
    final Draft draft;
    final Promise<Stored> answer = Promise.promise();

    Forward(String owner, Draft draft) {
      this.owner = owner;
      this.draft = draft;
    }
  }

  private final EventBus bus;
  private final int max;
  private final DeliveryOptions options;
  private final Function<Draft, Future<Stored>> storeHere;
  private final Metrics metrics;
  private final Set<Forward> pending = new HashSet<>();

  /**
   * {@code timeoutMs} is past the longest an owner takes to answer (its store wait and lock
   * timeouts); {@code storeHere} stores a draft on this node; at most {@code max} wait at once.
   */
  OwnerForwards(EventBus bus, int max, long timeoutMs, Function<Draft, Future<Stored>> storeHere, Metrics metrics) {
    this.bus = bus;
    this.metrics = metrics;
    this.max = max;
    this.options = new DeliveryOptions().setSendTimeout(timeoutMs);
    this.storeHere = storeHere;
  }

  /** True when no forwarded draft waits for its answer. */
  boolean idle() {
    return pending.isEmpty();
  }

  Future<Stored> send(String owner, Draft draft) {
    if (pending.size() >= max) {
      return Future.failedFuture(new ChatException(ErrorCode.RATE_LIMITED, "the node is storing too many messages; retry shortly"));
    }
    Forward f = new Forward(owner, draft.sourceKey() != null ? draft : draft.withSourceKey(KEY_SOURCE, UUID.randomUUID().toString()));
    pending.add(f);
    bus.<JsonObject>request(Addresses.owner(owner), f.draft.toJson(), options).onComplete(answered -> {
      if (!pending.remove(f)) {
        return;
      }
      if (answered.succeeded()) {
        metrics.forwarded(false);
        f.answer.complete(Stored.fromFrame(answered.result().body()));
      } else if (answered.cause() instanceof ReplyException r && r.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
        metrics.forwarded(false);
        f.answer.fail(ChatException.of(r));
      } else {
        storeHere(f);
      }
    });
    return f.answer.future();
  }

  /** The drafts waiting for {@code node}, which left the cluster, are stored here now. */
  void ownerLeft(String node) {
    List<Forward> orphaned = pending.stream().filter(f -> f.owner.equals(node)).toList();
    orphaned.forEach(pending::remove);
    orphaned.forEach(this::storeHere);
  }

  private void storeHere(Forward f) {
    metrics.forwarded(true);
    storeHere.apply(f.draft).onComplete(f.answer);
  }
}
