package chatnode.accounts;

import chatnode.protocol.ChatException;
import chatnode.protocol.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;

/**
 * Worker threads for password hashing (slow on purpose), with a bounded queue: past
 * {@code maxWaiting} hashes waiting or running, a new one is refused at once with
 * {@code rate_limited}, so that requests from many addresses cannot pile up without end. Used
 * from the profile verticle's event loop only.
 */
final class HashingPool {
  private final WorkerExecutor workers;
  private final int maxWaiting;
  private int waiting;

  HashingPool(Vertx vertx, String name, int threads, int maxWaiting) {
    this.workers = vertx.createSharedWorkerExecutor(name, threads);
    this.maxWaiting = maxWaiting;
  }

  <T> Future<T> run(Callable<T> hashing) {
    if (waiting >= maxWaiting) {
      return Future.failedFuture(new ChatException(ErrorCode.RATE_LIMITED, "the node is busy checking passwords; retry shortly"));
    }
    waiting++;
    return workers.executeBlocking(hashing, false).onComplete(done -> waiting--);
  }
}
