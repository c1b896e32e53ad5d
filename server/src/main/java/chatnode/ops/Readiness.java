package chatnode.ops;

import chatnode.store.Store;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What {@code /ready} reports: the node is a member of its cluster, not cut off from the other
 * members (or it runs standalone), and its store answers reads and takes writes. A load balancer
 * sends new clients only to ready nodes. Optional inputs (Redis) report their state beside it, in
 * the details, without making the node unready.
 */
public final class Readiness {
  private final Store store;
  private final BooleanSupplier inCluster;
  private final Map<String, Supplier<String>> inputs = new ConcurrentHashMap<>();
  private volatile boolean draining;

  public Readiness(Store store, BooleanSupplier inCluster) {
    this.store = store;
    this.inCluster = inCluster;
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
  }

  public boolean draining() {
    return draining;
  }

  /** Succeeds when ready; fails naming what is missing. */
  public Future<Void> check() {
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
