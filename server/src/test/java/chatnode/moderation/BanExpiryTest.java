package chatnode.moderation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import chatnode.chat.Mutes;
import chatnode.testing.Await;
import chatnode.testing.Stores;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A ban or mute with a duration ends by itself; one without lasts until lifted. On each store. */
@ExtendWith(VertxExtension.class)
class BanExpiryTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("chatnode.testing.Stores#kinds")
  @DisplayName("a timed ban and mute end at their time; an open ban does not")
  void expiry(String kind, Vertx vertx, @TempDir Path data) {
    Stores.withStore(kind, vertx, data, store -> {
      long now = 1_000_000L;
      Await.result(store.transaction(c -> {
        Moderation.ban(c, "timed", now + 60_000, "a minute", now);
        Moderation.ban(c, "forever", null, null, now);
        Mutes.mute(c, "hushed", "room", now + 60_000);
        return null;
      }));
      assertNotNull(Await.result(store.read(c -> Moderation.activeBan(c, "timed", now + 59_999))));
      assertNull(Await.result(store.read(c -> Moderation.activeBan(c, "timed", now + 60_000))));
      assertNotNull(Await.result(store.read(c -> Moderation.activeBan(c, "forever", Long.MAX_VALUE))));
      assertEquals(1, Await.result(store.read(c -> Mutes.activeMutes(c, null, now + 59_999))).size());
      assertEquals(0, Await.result(store.read(c -> Mutes.activeMutes(c, null, now + 60_000))).size());
    });
  }
}
