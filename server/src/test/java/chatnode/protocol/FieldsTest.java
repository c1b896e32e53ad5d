package chatnode.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The one validator every path (WebSocket, REST, Redis) refuses bad fields with. */
class FieldsTest {

  @Test
  @DisplayName("text is trimmed and counted in code points; empty, NUL and lone surrogates are bad_request, too long too_large")
  void messageText() {
    assertEquals("hi there", Fields.messageText("  hi there \n", 10));
    assertEquals("😀😀", Fields.messageText("😀😀", 2), "two code points, four chars");
    assertEquals(ErrorCode.TOO_LARGE, refusal(() -> Fields.messageText("😀😀😀", 2)).code());
    assertEquals(ErrorCode.BAD_REQUEST, refusal(() -> Fields.messageText("   ", 10)).code());
    assertEquals(ErrorCode.BAD_REQUEST, refusal(() -> Fields.messageText("a\u0000b", 10)).code());
    assertEquals(ErrorCode.BAD_REQUEST, refusal(() -> Fields.messageText("a\ud83d", 10)).code());
    assertEquals(ErrorCode.BAD_REQUEST, refusal(() -> Fields.messageText("\ude00a", 10)).code());
  }

  @Test
  @DisplayName("an emoji is 1 to 10 code points with no whitespace, control or unassigned character; joiners and flags are fine")
  void emoji() {
    for (String fine : java.util.List.of("\ud83d\udc4d", "\ud83c\uddeb\ud83c\uddf7", "\ud83d\udc69\u200d\ud83d\udc67", "\u2764\ufe0f", ":party:", "+1")) {
      assertEquals(fine, Fields.emoji(new JsonObject().put("emoji", fine)), fine);
    }
    for (String bad : java.util.List.of("", " ", "\ud83d\udc4d ", "a\tb", "\u0000", "\u2028", "\ud83d", "\uffff", "12345678901")) {
      assertEquals("emoji", refusal(() -> Fields.emoji(new JsonObject().put("emoji", bad))).field(), () -> "'" + bad + "'");
    }
    assertEquals("emoji", refusal(() -> Fields.emoji(new JsonObject().put("emoji", 1))).field());
  }

  @Test
  @DisplayName("a number is whole and in range, from JSON or from a query parameter, and the refusal names the field")
  void numbers() {
    JsonObject f = new JsonObject().put("n", 5).put("big", Long.MAX_VALUE).put("frac", 1.5).put("text", "5");
    assertEquals(5L, Fields.number(f, "n", 1, 10));
    assertEquals(Long.MAX_VALUE, Fields.number(f, "big", 0, Long.MAX_VALUE));
    assertNull(Fields.number(f, "absent", 1, 10));
    assertEquals("n", refusal(() -> Fields.number(f, "n", 6, 10)).field());
    assertEquals("n must be a whole number from 6 to 10", refusal(() -> Fields.number(f, "n", 6, 10)).getMessage());
    assertEquals("frac", refusal(() -> Fields.number(f, "frac", 0, 10)).field());
    assertEquals("text", refusal(() -> Fields.number(f, "text", 0, 10)).field(), "a number in a string is not a number");
    assertEquals(7L, Fields.number("7", "limit", 1, 200));
    assertNull(Fields.number((String) null, "limit", 1, 200));
    assertEquals("limit must be a whole number from 1 to 200", refusal(() -> Fields.number("0", "limit", 1, 200)).getMessage());
    assertEquals("after must be a whole number from 0 up", refusal(() -> Fields.number("x", "after", 0, Long.MAX_VALUE)).getMessage());
  }

  @Test
  @DisplayName("names follow the protocol's patterns; optional text is trimmed and bounded in code points")
  void namesAndOptionalText() {
    JsonObject f = new JsonObject().put("room", "dev-ops").put("bad", "Dev").put("to", "alice").put("short", "al")
        .put("bio", "  hi  ").put("n", 3);
    assertEquals("dev-ops", Fields.room(f, "room"));
    assertEquals("bad", refusal(() -> Fields.room(f, "bad")).field());
    assertEquals("alice", Fields.user(f, "to"));
    assertEquals("short must be a user name matching ^[a-z0-9_]{3,32}$", refusal(() -> Fields.user(f, "short")).getMessage());
    assertEquals("room is required", refusal(() -> Fields.string(new JsonObject(), "room")).getMessage());
    assertEquals("n must be a string", refusal(() -> Fields.string(f, "n")).getMessage());
    assertEquals("hi", Fields.optionalText(f, "bio", 0, 2));
    assertEquals("bio must be a string of 0..1 characters", refusal(() -> Fields.optionalText(f, "bio", 0, 1)).getMessage());
    assertNull(Fields.optionalText(f, "absent", 1, 5));
  }

  @Test
  @DisplayName("a ref is a string of at most 64 code points, else it is not echoed")
  void refs() {
    assertEquals("r1", Fields.validRef(new JsonObject().put("ref", "r1")));
    assertNull(Fields.validRef(new JsonObject().put("ref", 7)));
    assertNull(Fields.validRef(new JsonObject().put("ref", "x".repeat(Protocol.MAX_REF + 1))));
  }

  private static ChatException refusal(Runnable call) {
    return assertThrows(ChatException.class, call::run);
  }
}
