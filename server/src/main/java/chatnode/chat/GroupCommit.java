package chatnode.chat;

import chatnode.bus.Draft;
import chatnode.bus.Stored;
import chatnode.config.NodeConfig;
import chatnode.ops.Metrics;
import chatnode.protocol.ChatException;
import chatnode.protocol.ErrorCode;
import chatnode.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's queue of messages to store, committed many per transaction (one transaction at a time;
 * whatever arrives meanwhile goes into the next one, so under load each disk sync carries many).
 *
 * <p>Every draft is answered exactly once, and only with the outcome of the transaction that held
 * it: stored (then published, then acknowledged) or refused, and a refused draft is never stored
 * later. That is what keeps "a refused frame takes no seq": the gateways wait for this answer
 * however long it takes, and this queue bounds it: a draft that waited longer than
 * {@code store-wait-ms} for a transaction is refused without one, and each transaction's locks are
 * bounded by {@code store-lock-timeout-ms}.
 *
 * <p>A batch that fails for its timing (a lock not had in time, a deadlock) is run again, a few
 * times; one that fails for its content is split, each draft stored alone, so that the one the
 * store refuses fails by itself.
 */
final class GroupCommit {
  private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
  private static final int MAX_ATTEMPTS = 3;
  private static final long RETRY_BACKOFF_MS = 20;

  private record Pending(Draft draft, Promise<Stored> answer, long arrivedNanos) {}

  private final Vertx vertx;
  private final Store store;
  private final NodeConfig config;
  private final Metrics metrics;
  private final Consumer<Stored> publish;
  private final RoomVisibility visibility;
  private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
  private boolean committing;

  /** {@code publish} sends a newly stored message to the cluster, before its sender is answered. */
  GroupCommit(Vertx vertx, Store store, NodeConfig config, Metrics metrics, RoomVisibility visibility, Consumer<Stored> publish) {
    this.vertx = vertx;
    this.store = store;
    this.config = config;
    this.metrics = metrics;
    this.publish = publish;
    this.visibility = visibility;
  }

  /** True when nothing waits for the store and no transaction runs. */
  boolean idle() {
    return !committing && waiting.isEmpty();
  }

  /** The draft's outcome: the stored message, or the {@link ChatException} that refused it. */
  Future<Stored> submit(Draft draft) {
    if (waiting.size() >= config.storeQueueMax()) {
      return Future.failedFuture(new ChatException(ErrorCode.RATE_LIMITED, "the node is storing too many messages; retry shortly"));
    }
    Promise<Stored> answer = Promise.promise();
    waiting.add(new Pending(draft, answer, System.nanoTime()));
    commitNext();
    return answer.future();
  }

  private void commitNext() {
    if (committing || waiting.isEmpty()) {
      return;
    }
    committing = true;
    List<Pending> batch = new ArrayList<>(Math.min(waiting.size(), config.storeBatchMax()));
    while (!waiting.isEmpty() && batch.size() < config.storeBatchMax()) {
      batch.add(waiting.poll());
    }
    store(batch, 1).onComplete(done -> {
      committing = false;
      commitNext();
    });
  }

  /** Stores the batch and answers each of its drafts; the future tells only that all are answered. */
  private Future<Void> store(List<Pending> batch, int attempt) {
    List<Pending> live = refuseExpired(batch);
    if (live.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Draft> drafts = live.stream().map(Pending::draft).toList();
    long ts = System.currentTimeMillis();
    long started = System.nanoTime();
    return store.transaction(c -> MessageLog.append(c, drafts, ts, visibility))
        .compose(appended -> {
          metrics.storeBatch(drafts.size(), System.nanoTime() - started);
          appended.learned().forEach(visibility::learn);
          appended.fresh().forEach(publish);
          for (int i = 0; i < live.size(); i++) {
            Object result = appended.results().get(i);
            if (result instanceof Stored stored) {
              live.get(i).answer().complete(stored);
            } else {
              live.get(i).answer().fail((ChatException) result);
            }
          }
          return Future.<Void>succeededFuture();
        }, failure -> afterFailure(live, attempt, failure));
  }

  private Future<Void> afterFailure(List<Pending> batch, int attempt, Throwable failure) {
    if (Store.isTransient(failure) && attempt < MAX_ATTEMPTS) {
      metrics.storeRetry("transient");
      log.info("a batch of {} messages met a lock or conflict ({}); trying again", batch.size(), failure.toString());
      return vertx.timer(RETRY_BACKOFF_MS * attempt).compose(v -> store(batch, attempt + 1));
    }
    if (!Store.isTransient(failure) && batch.size() > 1) {
      metrics.storeRetry("isolate");
      log.warn("a batch of {} messages failed ({}); storing them one by one", batch.size(), failure.toString());
      Future<Void> each = Future.succeededFuture();
      for (Pending p : batch) {
        each = each.compose(v -> store(List.of(p), 1));
      }
      return each;
    }
    log.error("storing {} message(s) failed; they were not stored", batch.size(), failure);
    batch.forEach(p -> p.answer().fail(new ChatException(ErrorCode.INTERNAL, "the message could not be stored; it was not kept")));
    return Future.succeededFuture();
  }

  /** Refuses the drafts that waited too long for a transaction; returns the others, in order. */
  private List<Pending> refuseExpired(List<Pending> batch) {
    long now = System.nanoTime();
    long maxWait = config.storeWaitMs() * 1_000_000L;
    List<Pending> live = new ArrayList<>(batch.size());
    for (Pending p : batch) {
      if (now - p.arrivedNanos() > maxWait) {
        p.answer().fail(new ChatException(ErrorCode.INTERNAL, "the store did not take the message in time; it was not stored"));
      } else {
        live.add(p);
      }
    }
    return live;
  }
}
