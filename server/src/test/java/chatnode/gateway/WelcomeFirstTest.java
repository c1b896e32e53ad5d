package chatnode.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chatnode.testing.NodeExtension;
import chatnode.testing.TestClient;
import chatnode.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The first frame after auth is the welcome, whatever arrives for the user meanwhile. */
@ExtendWith(VertxExtension.class)
class WelcomeFirstTest {
  @RegisterExtension
  static final NodeExtension shared = new NodeExtension("--rate-limit", "100000", "--rate-burst", "100000");

  @Test
  @DisplayName("a user logging in again and again while DMs stream to them: each session's first frame is welcome, then the DMs")
  void welcomeBeforeAnyDm(Vertx vertx) throws Exception {
    TestNode node = shared.node();
    try (TestClient target = TestClient.login(vertx, node, "wanda_w"); TestClient sender = TestClient.login(vertx, node, "sam_w")) {
      AtomicBoolean sending = new AtomicBoolean(true);
      Thread stream = new Thread(() -> {
        for (int i = 0; sending.get(); i++) {
          sender.offer(TestClient.frame("dm").put("to", "wanda_w").put("text", "dm " + i).encode());
        }
      });
      stream.start();
      try {
        target.awaitType("dm");
        for (int i = 0; i < 40; i++) {
          try (TestClient again = TestClient.connect(vertx, node.port())) {
            again.send(TestClient.frame("auth").put("token", node.token("wanda_w")));
            assertEquals("welcome", again.next().getString("type"), "login " + i + ": the welcome comes first");
            assertEquals("dm", again.awaitType("dm").getString("type"));
          }
        }
      } finally {
        sending.set(false);
        stream.join();
      }
    }
  }
}
