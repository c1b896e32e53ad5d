package chatnode.chat;

import chatnode.bus.Addresses;
import chatnode.bus.Change;
import chatnode.bus.ChangeRequests;
import chatnode.bus.Replies;
import chatnode.bus.Wire;
import chatnode.config.NodeConfig;
import chatnode.protocol.ChatException;
import chatnode.protocol.ErrorCode;
import chatnode.store.Store;
import chatnode.store.Users;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Edits, deletions and reactions: each is decided and stored in one transaction
 * ({@link MessageChanges}), then published to the conversation's nodes, then answered (the
 * gateway sends the {@code ack}). Also reads a conversation's change stream. One instance per node.
 */
public final class ChangeVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(ChangeVerticle.class);
  /** A change that met a lock or a conflict (another node's change of the same conversation) is run again, this often at most. */
  private static final int MAX_ATTEMPTS = 3;
  private static final long RETRY_BACKOFF_MS = 20;

  private final Store store;
  private final long editWindowMs;

  public ChangeVerticle(Store store, NodeConfig config) {
    this.store = store;
    this.editWindowMs = config.editWindowMinutes() * 60_000L;
  }

  @Override
  public Future<?> start() {
    return Future.all(
        Replies.serve(vertx, Addresses.CHANGE_EDIT, (ChangeRequests.Edit e) ->
            store(c -> MessageChanges.edit(c, e.caller(), e.of(), e.seq(), e.text(), System.currentTimeMillis(), editWindowMs), 1), log),
        Replies.serve(vertx, Addresses.CHANGE_DELETE, (ChangeRequests.Delete d) ->
            store(c -> MessageChanges.delete(c, d.caller(), d.of(), d.seq(), System.currentTimeMillis()), 1), log),
        Replies.serve(vertx, Addresses.CHANGE_REACT, (ChangeRequests.React r) ->
            store(c -> MessageChanges.react(c, r.caller(), r.of(), r.seq(), r.emoji(), r.on(), System.currentTimeMillis()), 1), log),
        Replies.serve(vertx, Addresses.CHANGES_READ, this::read, log));
  }

  /** The change is published once committed, before its author is answered; null (nothing changed) is only answered. */
  private Future<Change> store(Store.Work<Change> change, int attempt) {
    return store.transaction(change)
        .recover(e -> Store.isTransient(e) && attempt < MAX_ATTEMPTS
            ? vertx.timer(RETRY_BACKOFF_MS * attempt).compose(v -> store(change, attempt + 1))
            : Future.failedFuture(e))
        .onSuccess(stored -> {
          if (stored != null) {
            publish(vertx.eventBus(), stored);
          }
        });
  }

  private Future<ChangeRequests.Page> read(ChangeRequests.Read r) {
    return store.read(c -> {
      if (r.of().with() != null && !Users.exists(c, r.of().with())) {
        throw new ChatException(ErrorCode.NOT_FOUND, "no user named " + r.of().with());
      }
      if (r.of().room() != null && !r.admitted() && !r.caller().admin() && !r.caller().service()) {
        MessageLog.requireReader(c, r.of().room(), r.caller().user());
      }
      return new ChangeRequests.Page(MessageChanges.read(c, r.of().conversation(r.caller().user()), r.of().room(), r.after(), null, r.limit()));
    });
  }

  /** To the room's nodes, or to every node for a DM (each delivers it to the sessions of the message's two users). */
  public static void publish(EventBus bus, Change change) {
    bus.publish(change.isRoom() ? Addresses.room(change.room()) : Addresses.DIRECT, change.toFrame().encode(), Wire.changed(change));
  }
}
