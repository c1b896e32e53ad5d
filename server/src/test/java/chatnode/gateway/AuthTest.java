package chatnode.gateway;

import static chatnode.testing.TestClient.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;

import chatnode.testing.Jwt;
import chatnode.testing.NodeExtension;
import chatnode.testing.TestClient;
import chatnode.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The first frame must be a valid auth, in time; anything else closes with 4401. */
@ExtendWith(VertxExtension.class)
class AuthTest {
  @RegisterExtension
  static final NodeExtension shared = new NodeExtension("--auth-timeout-ms", "700");
  static TestNode node;

  @BeforeAll
  static void start() {
    node = shared.node();
  }

  static long inAnHour() {
    return System.currentTimeMillis() / 1000 + 3600;
  }

  static Stream<Arguments> badTokens() {
    return Stream.of(
        Arguments.of("signed with another secret", (Function<TestNode, String>) n ->
            Jwt.hs256("another-secret-another-secret-another", new JsonObject().put("sub", "mallory").put("exp", inAnHour()))),
        Arguments.of("expired", (Function<TestNode, String>) n ->
            Jwt.hs256(n.secret(), new JsonObject().put("sub", "late_user").put("exp", System.currentTimeMillis() / 1000 - 60))),
        Arguments.of("alg none", (Function<TestNode, String>) n ->
            Jwt.none(new JsonObject().put("sub", "mallory").put("exp", inAnHour()))),
        Arguments.of("sub outside the name rule", (Function<TestNode, String>) n ->
            Jwt.hs256(n.secret(), new JsonObject().put("sub", "Not Valid").put("exp", inAnHour()))),
        Arguments.of("no sub", (Function<TestNode, String>) n ->
            Jwt.hs256(n.secret(), new JsonObject().put("exp", inAnHour()))),
        Arguments.of("no exp", (Function<TestNode, String>) n ->
            Jwt.hs256(n.secret(), new JsonObject().put("sub", "forever_user"))),
        Arguments.of("garbage", (Function<TestNode, String>) n -> "not.a.token"),
        Arguments.of("empty", (Function<TestNode, String>) n -> ""));
  }

  @ParameterizedTest(name = "token {0}")
  @MethodSource("badTokens")
  @DisplayName("a bad token closes the connection with 4401")
  void badToken(String name, Function<TestNode, String> token, Vertx vertx) {
    try (TestClient c = TestClient.connect(vertx, node.port())) {
      c.send(frame("auth").put("token", token.apply(node)));
      assertEquals(4401, c.awaitClose());
    }
  }

  @Test
  @DisplayName("auth without a token, another frame first, a binary frame first or invalid JSON first close with 4401")
  void wrongFirstFrame(Vertx vertx) {
    for (String first : new String[] {frame("auth").encode(), frame("ping").encode(), "{oops", "[]"}) {
      try (TestClient c = TestClient.connect(vertx, node.port())) {
        c.sendText(first);
        assertEquals(4401, c.awaitClose(), first);
      }
    }
    try (TestClient c = TestClient.connect(vertx, node.port())) {
      c.sendBinary(Buffer.buffer("{\"type\":\"auth\"}"));
      assertEquals(4401, c.awaitClose());
    }
  }

  @Test
  @DisplayName("no auth within the time limit closes with 4401")
  void authTimeout(Vertx vertx) {
    try (TestClient c = TestClient.connect(vertx, node.port())) {
      assertEquals(4401, c.awaitClose());
    }
  }

  @Test
  @DisplayName("a valid token of a user never registered is accepted, and the user exists from then on")
  void externalUser(Vertx vertx) {
    try (TestClient c = TestClient.connect(vertx, node.port())) {
      c.auth(node.token("from_elsewhere"));
    }
    try (TestClient c = TestClient.login(vertx, node, "someone_else")) {
      c.dm("from_elsewhere", "you exist now", "e");
      assertEquals(1, c.awaitType("ack").getLong("seq"));
    }
  }
}
