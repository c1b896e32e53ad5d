package chatnode.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatnode.store.Store;
import chatnode.testing.Await;
import chatnode.testing.Stores;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;

/** Login budgets are token buckets in the store: spent, refilled with time, forgotten when full. On each store. */
@ExtendWith(VertxExtension.class)
class LoginBudgetsTest {

  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.MethodSource("chatnode.testing.Stores#kinds")
  @DisplayName("three a minute: the fourth attempt is refused, another bucket is not, 20 s later one more passes")
  void bucket(String kind, Vertx vertx, @TempDir Path data) {
    Stores.withStore(kind, vertx, data, store -> {
      long now = 1_000_000L;
      for (int i = 0; i < 3; i++) {
        assertTrue(spend(store, "user:kim", now), "attempt " + (i + 1));
      }
      assertFalse(spend(store, "user:kim", now));
      assertTrue(spend(store, "user:lee", now));
      // Refused attempts keep the bucket empty (never below -1), and time refills it.
      assertFalse(spend(store, "user:kim", now + 1_000));
      assertFalse(spend(store, "user:kim", now + 30_000));
      assertTrue(spend(store, "user:kim", now + 70_000));
      assertEquals(1, forget(store, now + LoginBudgets.FORGET_AFTER_MS + 1));
      assertEquals(0, forget(store, now + LoginBudgets.FORGET_AFTER_MS + 1));
    });
  }

  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.MethodSource("chatnode.testing.Stores#kinds")
  @DisplayName("a login spends failures per user and address; a right password gives its tokens back; a guessed user lets other addresses fail once")
  void loginAttempts(String kind, Vertx vertx, @TempDir Path data) {
    Stores.withStore(kind, vertx, data, store -> {
      long now = 1_000_000L;
      for (int i = 0; i < 3; i++) {
        assertTrue(attempt(store, "127.0.0.1", now).allowed(), "failure " + (i + 1) + " from A");
      }
      assertFalse(attempt(store, "127.0.0.1", now).allowed(), "A has spent its failures for kim");
      LoginBudgets.Attempt right = attempt(store, "127.0.0.2", now);
      assertTrue(right.allowed(), "B is slowed down, not blocked");
      Await.result(store.read(c -> {
        LoginBudgets.succeeded(c, right);
        return null;
      }));
      assertTrue(attempt(store, "127.0.0.2", now).allowed(), "B's right password cost nothing");
      assertFalse(attempt(store, "127.0.0.2", now).allowed(), "while kim is guessed, B fails once a minute");
      assertTrue(attempt(store, "127.0.0.2", now + 60_000).allowed(), "a minute later once more");
    });
  }

  private static LoginBudgets.Attempt attempt(Store store, String address, long at) {
    return Await.result(store.read(c -> LoginBudgets.attempt(c, address, 100, "kim", 3, at)));
  }

  private static boolean spend(Store store, String bucket, long at) {
    return Await.<Boolean>result(store.transaction(c -> LoginBudgets.spend(c, bucket, 3, at)));
  }

  private static int forget(Store store, long at) {
    return Await.<Integer>result(store.transaction(c -> LoginBudgets.forget(c, at)));
  }
}
