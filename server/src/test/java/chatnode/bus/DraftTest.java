package chatnode.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DraftTest {

  @Test
  @DisplayName("a source key fits its column: kept as it is when it does, its SHA-256 when the prefix makes it too long")
  void sourceKeyFits() {
    Draft d = Draft.forRoom("feed", "bot", "x");
    assertEquals("http:order-7", d.withSourceKey("http", "order-7").sourceKey());
    String longKey = d.withSourceKey("http", "k".repeat(200)).sourceKey();
    assertTrue(longKey.startsWith("http#") && longKey.length() <= Draft.MAX_SOURCE_KEY, longKey);
    assertEquals(longKey, d.withSourceKey("http", "k".repeat(200)).sourceKey(), "the same key, the same stored key");
  }

  @Test
  @DisplayName("a draft and the message stored from it cross nodes unchanged: every field, absent ones absent")
  void crossesNodes() {
    Draft full = new Draft("lobby", null, "ann", "hi @ben", "node:7f", 3L);
    assertEquals(full, Draft.fromJson(full.toJson()));
    Draft direct = Draft.direct("ben", "ann", "psst");
    assertEquals(direct, Draft.fromJson(direct.toJson()));
    Stored stored = new Stored("lobby", null, 9, "ann", "hi @ben", 1_700_000_000_000L, false, java.util.List.of("ben"), 3L, null);
    assertEquals(stored, Stored.fromFrame(stored.toFrame()));
    Stored dm = new Stored(null, "ben", 1, "ann", "psst", 1_700_000_000_001L, false, java.util.List.of(), null, null);
    assertEquals(dm, Stored.fromFrame(dm.toFrame()));
  }
}
