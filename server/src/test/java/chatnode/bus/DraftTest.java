package chatnode.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DraftTest {

  @Test
  @DisplayName("text is trimmed and counted in code points; empty, NUL and lone surrogates are bad_request, too long too_large")
  void validText() {
    assertEquals("hi there", Draft.validText("  hi there \n", 10));
    assertEquals("😀😀", Draft.validText("😀😀", 2), "two code points, four chars");
    assertEquals(ErrorCode.TOO_LARGE, assertThrows(ChatException.class, () -> Draft.validText("😀😀😀", 2)).code());
    assertEquals(ErrorCode.BAD_REQUEST, assertThrows(ChatException.class, () -> Draft.validText("   ", 10)).code());
    assertEquals(ErrorCode.BAD_REQUEST, assertThrows(ChatException.class, () -> Draft.validText("a\u0000b", 10)).code());
    assertEquals(ErrorCode.BAD_REQUEST, assertThrows(ChatException.class, () -> Draft.validText("a\ud83d", 10)).code());
    assertEquals(ErrorCode.BAD_REQUEST, assertThrows(ChatException.class, () -> Draft.validText("\ude00a", 10)).code());
  }

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
