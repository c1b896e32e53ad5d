package chatnode.ops;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.BooleanSupplier;

/** What a stopping verticle waits on: work in flight to finish, checked on its own event loop, for a bounded time. */
public final class Drain {
  private static final long CHECK_EVERY_MS = 10;

  private Drain() {}

  /** Completes once {@code done} holds, or after {@code maxWaitMs} whatever happens. */
  public static Future<Void> until(Vertx vertx, BooleanSupplier done, long maxWaitMs) {
    Promise<Void> finished = Promise.promise();
    long deadline = System.currentTimeMillis() + maxWaitMs;
    vertx.setPeriodic(CHECK_EVERY_MS, id -> {
      if (done.getAsBoolean() || System.currentTimeMillis() > deadline) {
        vertx.cancelTimer(id);
        finished.complete();
      }
    });
    return finished.future();
  }
}
