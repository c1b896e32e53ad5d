package chatnode.ops;

import static chatnode.testing.TestClient.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatnode.testing.Await;
import chatnode.testing.Http;
import chatnode.testing.Prometheus;
import chatnode.testing.TestClient;
import chatnode.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Connections per node, per address and per user; login attempts; the Origin allow-list. */
@ExtendWith(VertxExtension.class)
class AbuseLimitsTest {

  @Test
  @DisplayName("connections beyond the per-address and per-node limits are refused (429, 503) and counted")
  void connectionLimits(Vertx vertx, @TempDir Path data) throws Exception {
    try (TestNode node = TestNode.start(data, "--max-connections-per-ip", "3", "--max-connections", "5")) {
      List<TestClient> open = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        open.add(TestClient.login(vertx, node, "limited_" + i));
      }
      assertEquals(429, TestClient.upgradeStatus(vertx, node.port(), null), "a fourth from the same address");
      open.get(0).close();
      open.get(0).awaitClose();
      Await.until(() -> Prometheus.value(Prometheus.scrape(node), "chat_connections", "") == 2, "the node let go of the closed session's slot");
      open.set(0, TestClient.login(vertx, node, "limited_again"));
      open.forEach(TestClient::close);
      assertTrue(Prometheus.value(Prometheus.scrape(node), "chat_connections_refused_total", "") >= 1);
    }
    try (TestNode node = TestNode.start(data.resolve("small"), "--max-connections", "2")) {
      TestClient one = TestClient.login(vertx, node, "full_a");
      TestClient two = TestClient.login(vertx, node, "full_b");
      assertEquals(503, TestClient.upgradeStatus(vertx, node.port(), null), "the node is full");
      one.close();
      two.close();
    }
  }

  @Test
  @DisplayName("a user with too many sessions gets the next one closed with 4008")
  void sessionsPerUser(Vertx vertx, @TempDir Path data) {
    try (TestNode node = TestNode.start(data, "--max-connections-per-user", "2")) {
      TestClient a = TestClient.login(vertx, node, "busy_user");
      TestClient b = TestClient.login(vertx, node, "busy_user");
      try (TestClient c = TestClient.connect(vertx, node.port())) {
        c.send(frame("auth").put("token", node.token("busy_user")));
        assertEquals(4008, c.awaitClose());
      }
      a.close();
      b.close();
    }
  }

  @Test
  @DisplayName("login attempts past the per-user budget get 429, other users are not affected")
  void loginAttempts(@TempDir Path data) {
    try (TestNode node = TestNode.start(data, "--logins-per-minute-per-user", "3", "--logins-per-minute-per-ip", "100")) {
      JsonObject wrong = new JsonObject().put("username", "guessed").put("password", "nope-nope");
      for (int i = 0; i < 3; i++) {
        assertEquals(401, Http.post(node.url() + "/api/auth/login", null, wrong).status());
      }
      Http.Reply limited = Http.post(node.url() + "/api/auth/login", null, wrong);
      assertEquals(429, limited.status());
      assertEquals("rate_limited", limited.body().getJsonObject("error").getString("code"));
      assertEquals(401, Http.post(node.url() + "/api/auth/login", null,
          new JsonObject().put("username", "someone_else").put("password", "x")).status());
    }
  }

  @Test
  @DisplayName("a WebSocket from a foreign Origin is refused with 403; the node's own origin, localhost and listed ones pass")
  void origins(Vertx vertx, @TempDir Path data) {
    try (TestNode node = TestNode.start(data, "--allowed-origins", "https://chat.example.com")) {
      assertEquals(403, TestClient.upgradeStatus(vertx, node.port(), "https://evil.example.net"));
      assertEquals(101, TestClient.upgradeStatus(vertx, node.port(), "https://chat.example.com"));
      assertEquals(101, TestClient.upgradeStatus(vertx, node.port(), "http://127.0.0.1:" + node.port()));
      assertEquals(101, TestClient.upgradeStatus(vertx, node.port(), "http://localhost:3000"));
      assertEquals(101, TestClient.upgradeStatus(vertx, node.port(), null));
    }
  }
}
