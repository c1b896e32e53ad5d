package chatnode.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.client.ChatException;
import chat.client.ChatSession;
import chatnode.testing.Await;
import chatnode.testing.NodeExtension;
import chatnode.testing.Relay;
import chatnode.testing.TestClient;
import chatnode.testing.TestCluster;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The Java client (client-java): its README's backend against a real node, and its session through a kill, a restart and a drain. */
@ExtendWith(VertxExtension.class)
class JavaClientTest {
  @RegisterExtension
  static final NodeExtension node = new NodeExtension();

  @Test
  @DisplayName("the README's backend posts into a room over REST and answers a DM over its session")
  void readmeBackend(Vertx vertx) throws IOException {
    String source = Files.readString(Path.of("src", "test", "java", "chatnode", "client", "EchoBackend.java"));
    String method = source.substring(source.indexOf("  static ChatSession start"), source.indexOf("\n  }\n") + 4)
        .lines().map(l -> l.substring(2)).collect(Collectors.joining("\n", "", "\n"));
    assertTrue(Files.readString(Path.of("..", "client-java", "README.md")).contains(method), "the README shows EchoBackend.start as it is");

    ChatSession backend = EchoBackend.start(vertx, URI.create(node.node().url()), node.node().token("echo_service", "service"));
    try (TestClient alice = TestClient.login(vertx, node.node(), "java_alice")) {
      Await.until(() -> {
        alice.send(TestClient.frame("history").put("room", "news").put("ref", "h"));
        return !alice.await(f -> "history".equals(f.getString("type"))).getJsonArray("messages").isEmpty();
      }, "the backend's post in news");
      Await.until(() -> backend.user() != null, "the backend's session is up");
      alice.dm("echo_service", "ping?", "1");
      JsonObject answer = alice.await(f -> "dm".equals(f.getString("type")) && "echo_service".equals(f.getString("from")));
      assertEquals("you said: ping?", answer.getString("text"));
    } finally {
      Await.result(backend.close());
    }
  }

  @Test
  @DisplayName("across a kill, a restart and a drain the Java session hands over every message and DM once, in order, and loses or repeats no post")
  void sessionAcrossKillRestartAndDrain(Vertx vertx, @TempDir Path data) {
    // The bystander's rounds come one after another faster than the default frame rate allows one session (the client paces itself).
    try (TestCluster cluster = TestCluster.start(3, data, "javaclient", "--rate-limit", "1000", "--rate-burst", "1000")) {
      List<WebSocketConnectOptions> nodes = IntStream.range(0, 2)
          .mapToObj(i -> new WebSocketConnectOptions().setHost("127.0.0.1").setPort(cluster.node(i).port()).setURI("/ws")).toList();
      String token = cluster.token("java_alice");
      ChatSession session = new ChatSession(vertx, new ChatSession.Options(nodes, () -> Future.succeededFuture(token), null, 60_000));
      List<JsonObject> messages = new CopyOnWriteArrayList<>();
      List<JsonObject> dms = new CopyOnWriteArrayList<>();
      AtomicInteger online = new AtomicInteger();
      session.on("message", messages::add).on("dm", dms::add)
          .on("state", s -> online.addAndGet("online".equals(s.getString("state")) ? 1 : 0));
      Await.result(session.connect());
      Await.result(session.join(Relay.ROOM));
      Posts posts = new Posts(session);
      try (Relay relay = new Relay(vertx, cluster, 2, "java_bob", "java_alice")) {
        posts.round(10);
        relay.round(10);
        cluster.node(0).kill(); // the node the session is on, with no goodbye
        posts.round(10);
        relay.round(10);
        Await.until(() -> online.get() == 2, "the session back, on the other node");
        cluster.restart(0);
        posts.round(10);
        relay.round(10);
        cluster.node(1).close(); // SIGTERM: the node the session moved to drains, and closes with 1012
        posts.round(10);
        relay.round(10);
        Await.until(() -> online.get() == 3, "the session back, on the restarted node");
        posts.round(10);
        relay.round(10);
        Await.until(posts::settled, "every post answered", 90_000);
        Await.until(() -> messages.size() >= posts.acked.size() + 50, "the room handed over");
        relay.check(messages, dms, posts.acked, posts.unknown, posts.failed, posts.posted);
      } finally {
        Await.result(session.close());
      }
    }
  }

  /** The session's own posts and how each ended. */
  static final class Posts {
    final ChatSession session;
    final List<String> acked = new CopyOnWriteArrayList<>();
    final List<String> unknown = new CopyOnWriteArrayList<>();
    final List<String> failed = new CopyOnWriteArrayList<>();
    int posted;

    Posts(ChatSession session) {
      this.session = session;
    }

    void round(int n) {
      for (int i = 0; i < n; i++) {
        String text = "java " + (++posted);
        session.say(Relay.ROOM, text).onComplete(answer -> {
          if (answer.succeeded()) {
            acked.add(text);
          } else if (answer.cause() instanceof ChatException e && "unknown".equals(e.code())) {
            unknown.add(text);
          } else {
            failed.add(text + ": " + answer.cause());
          }
        });
      }
    }

    boolean settled() {
      return acked.size() + unknown.size() + failed.size() == posted;
    }
  }
}
