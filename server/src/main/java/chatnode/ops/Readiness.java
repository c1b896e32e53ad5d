package chatnode.ops;

import chatnode.store.Store;
import io.vertx.core.Future;
import java.util.function.BooleanSupplier;

/**
 * What {@code /ready} reports: the node is a member of its cluster, not cut off from the other
 * members (or it runs standalone), and its store answers. A load balancer sends new clients only to ready nodes.
 */
public final class Readiness {
  private final Store store;
  private final BooleanSupplier inCluster;
  private volatile boolean draining;

  public Readiness(Store store, BooleanSupplier inCluster) {
    this.store = store;
    this.inCluster = inCluster;
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
        .compose(valid -> valid ? Future.succeededFuture() : Future.failedFuture("the store does not answer"));
  }
}
