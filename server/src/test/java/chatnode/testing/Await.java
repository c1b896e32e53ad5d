package chatnode.testing;

import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Waits for a future, or for a condition, from a test thread (never from an event loop). */
public final class Await {
  private static final long CONDITION_WAIT_MS = 10_000;

  private Await() {}

  public static <T> T result(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("future failed: " + e, e);
    }
  }

  /** Checks {@code condition} every 50 ms until it holds; fails naming {@code what} after 10 s. */
  public static void until(BooleanSupplier condition, String what) {
    until(condition, what, CONDITION_WAIT_MS);
  }

  /** Checks {@code condition} every 50 ms until it holds; fails naming {@code what} after {@code ms}. */
  public static void until(BooleanSupplier condition, String what, long ms) {
    long deadline = System.currentTimeMillis() + ms;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("not within " + ms + " ms: " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for: " + what, e);
      }
    }
  }
}
