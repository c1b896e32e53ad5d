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
}
