package chatnode.ops;

import chatnode.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What {@code /ready} reports: the node is a member of its cluster, not cut off from the other
 * members (or it runs standalone), and its store answers reads and takes writes. A load balancer
 * sends new clients only to ready nodes. Optional inputs (Redis) report their state beside it, in
 * the details, without making the node unready. The outcome of the latest check is the gauge
 * {@code chat_ready}; the node checks itself every few seconds, so the gauge holds where nothing
 * probes {@code /ready}.
 */
public final class Readiness {
  private static final long SELF_CHECK_MS = 5_000;

  private final Store store;
  private final BooleanSupplier inCluster;
  private final Map<String, Supplier<String>> inputs = new ConcurrentHashMap<>();
  private final Vertx vertx;
  private final long selfCheck;
  private volatile boolean draining;
  private volatile boolean ready;

  public Readiness(Vertx vertx, Store store, BooleanSupplier inCluster, Metrics metrics) {
    this.vertx = vertx;
    this.store = store;
    this.inCluster = inCluster;
    metrics.readiness(() -> ready);
    selfCheck = vertx.setPeriodic(0, SELF_CHECK_MS, id -> check());
  }

  /** An optional input whose state ({@code "connected"}...) {@code /ready} shows under {@code name}. */
  public void reportInput(String name, Supplier<String> state) {
    inputs.put(name, state);
  }

  /** The optional inputs' states, by name. */
  public JsonObject details() {
    JsonObject details = new JsonObject();
    inputs.forEach((name, state) -> details.put(name, state.get()));
    return details;
  }

  /** The node is shutting down: not ready any more, for good. */
  public void drain() {
    draining = true;
    ready = false;
    vertx.cancelTimer(selfCheck);
  }

  public boolean draining() {
    return draining;
  }

  /** Succeeds when ready; fails naming what is missing. */
  public Future<Void> check() {
    return whatIsMissing().onComplete(outcome -> ready = outcome.succeeded() && !draining);
  }

  private Future<Void> whatIsMissing() {
    if (draining) {
      return Future.failedFuture("draining: the node is shutting down");
    }
    if (!inCluster.getAsBoolean()) {
      return Future.failedFuture("not a member of the cluster, or cut off from its other members");
    }
    return store.read(c -> c.isValid(2))
        .recover(e -> Future.succeededFuture(false))
        .compose(valid -> valid ? Future.succeededFuture() : Future.failedFuture("the store does not answer"))
        .compose(v -> store.writable().recover(e -> Future.failedFuture("the store takes no writes: " + e.getMessage())));
  }
}
