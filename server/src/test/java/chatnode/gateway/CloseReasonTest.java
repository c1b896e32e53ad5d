package chatnode.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatnode.testing.Http;
import chatnode.testing.NodeExtension;
import chatnode.testing.TestClient;
import chatnode.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A close frame carries at most 123 bytes of reason; browsers drop a longer one and report 1006. */
@ExtendWith(VertxExtension.class)
class CloseReasonTest {
  @RegisterExtension
  static final NodeExtension shared = new NodeExtension();

  private static int bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  @Test
  @DisplayName("a short reason is kept as it is, 123 bytes included")
  void shortReasonKept() {
    assertEquals("kicked", ChatConnection.closeReason("kicked"));
    String exact = "k".repeat(123);
    assertEquals(exact, ChatConnection.closeReason(exact));
    assertEquals("", ChatConnection.closeReason(null));
  }

  @Test
  @DisplayName("a long reason is cut to at most 123 bytes of UTF-8, never inside a character")
  void longReasonCutOnCharacters() {
    assertEquals("a".repeat(123), ChatConnection.closeReason("a".repeat(200)));
    // Two-byte characters: 61 fit (122 bytes), the 62nd would need 124.
    assertEquals("é".repeat(61), ChatConnection.closeReason("é".repeat(100)));
    // Three-byte characters after one ASCII: 1 + 3 * 40 = 121.
    assertEquals("x" + "€".repeat(40), ChatConnection.closeReason("x" + "€".repeat(100)));
    // Four-byte characters are surrogate pairs in Java: 30 whole ones (120 bytes), no half pair.
    String emoji = "😀".repeat(50);
    String fitted = ChatConnection.closeReason(emoji);
    assertEquals("😀".repeat(30), fitted);
    assertTrue(bytes(fitted) <= 123);
  }

  @Test
  @DisplayName("a kick with a 200-character reason: kicked carries it whole, the close is 4001 with the reason cut")
  void longKickReason(Vertx vertx) {
    TestNode node = shared.node();
    String reason = "é".repeat(100) + "r".repeat(100);
    try (TestClient c = TestClient.login(vertx, node, "long_kicked")) {
      Http.Reply reply = Http.post(node.url() + "/api/admin/users/long_kicked/kick", node.token("kick_admin", "admin"),
          new JsonObject().put("reason", reason));
      assertEquals(200, reply.status(), reply.body().encode());
      assertEquals(reason, c.awaitType("kicked").getString("reason"));
      assertEquals(4001, c.awaitClose());
    }
  }
}
