package chatnode.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chat.client.ChatSession;
import chatnode.testing.Await;
import chatnode.testing.NodeExtension;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The Java client (client-java): its README's backend against a real node, and its session across a node's drain. */
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
  @DisplayName("a session whose node drains moves to the other node: every message sent meanwhile is acknowledged, stored once, and handed over once in order")
  void sessionAcrossDrain(Vertx vertx, @TempDir Path data) {
    try (TestCluster cluster = TestCluster.start(2, data, "javaclient")) {
      List<WebSocketConnectOptions> nodes = IntStream.range(0, 2)
          .mapToObj(i -> new WebSocketConnectOptions().setHost("127.0.0.1").setPort(cluster.node(i).port()).setURI("/ws")).toList();
      String token = cluster.token("java_poster");
      ChatSession session = new ChatSession(vertx, new ChatSession.Options(nodes, () -> Future.succeededFuture(token), null, 60_000));
      List<JsonObject> handed = new CopyOnWriteArrayList<>();
      session.on("message", handed::add);
      Await.result(session.connect());
      Await.result(session.join("drained"));
      List<Future<JsonObject>> acks = new ArrayList<>();
      for (int i = 1; i <= 60; i++) {
        acks.add(session.say("drained", "java " + i));
        if (i == 20) {
          cluster.node(0).close(); // SIGTERM while messages are in flight: 1012, and the session moves on
        }
      }
      Await.result(Future.all(acks));
      Await.until(() -> handed.size() >= 60, "all 60 handed over");
      assertEquals(LongStream.rangeClosed(1, 60).boxed().toList(), handed.stream().map(m -> m.getLong("seq")).toList());
      assertEquals(IntStream.rangeClosed(1, 60).mapToObj(i -> "java " + i).sorted().toList(),
          handed.stream().map(m -> m.getString("text")).sorted().toList(), "each message stored once");
      Await.result(session.close());
    }
  }
}
