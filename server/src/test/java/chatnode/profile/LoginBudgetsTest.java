package chatnode.profile;

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

  private static boolean spend(Store store, String bucket, long at) {
    return Await.<Boolean>result(store.transaction(c -> LoginBudgets.spend(c, bucket, 3, at)));
  }

  private static int forget(Store store, long at) {
    return Await.<Integer>result(store.transaction(c -> LoginBudgets.forget(c, at)));
  }
}
