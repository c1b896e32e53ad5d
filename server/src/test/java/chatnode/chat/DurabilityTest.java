package chatnode.chat;

import static chatnode.testing.TestClient.frame;
import static chatnode.testing.TestClient.seqs;
import static org.junit.jupiter.api.Assertions.assertEquals;

import chatnode.testing.Stores;
import chatnode.testing.TestClient;
import chatnode.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Acknowledged messages survive the node's restart, on each store. */
@ExtendWith(VertxExtension.class)
class DurabilityTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("chatnode.testing.Stores#kinds")
  @DisplayName("after a restart, join since 0 returns every acknowledged message in order, and DMs are kept")
  void messagesSurviveRestart(String kind, Vertx vertx, @TempDir Path data) {
    String url = Stores.url(kind, data);
    int count = 80;
    List<String> texts = new ArrayList<>();
    try (TestNode node = TestNode.start(data, "--store-url", url, "--rate-limit", "10000", "--rate-burst", "10000")) {
      try (TestClient alice = TestClient.login(vertx, node, "alice_k"); TestClient bob = TestClient.login(vertx, node, "bob_k")) {
        alice.join("durable");
        for (int i = 1; i <= count; i++) {
          texts.add("message " + i);
          alice.say("durable", "message " + i, "r" + i);
        }
        assertEquals(count, alice.collect("ack", count).size());
        bob.dm("alice_k", "kept?", "d");
        bob.awaitType("ack");
      }
      node.restart();
      try (TestClient carol = TestClient.login(vertx, node, "carol_k"); TestClient alice = TestClient.login(vertx, node, "alice_k")) {
        assertEquals(count, carol.joinSince("durable", 0).getLong("seq"));
        List<JsonObject> messages = carol.collect("message", count);
        assertEquals(LongStream.rangeClosed(1, count).boxed().toList(), seqs(messages));
        assertEquals(texts, messages.stream().map(m -> m.getString("text")).toList());
        alice.send(frame("history").put("with", "bob_k").put("after", 0));
        JsonObject history = alice.awaitType("history");
        assertEquals("kept?", history.getJsonArray("messages").getJsonObject(0).getString("text"));
      }
    } finally {
      Stores.drop(url);
    }
  }
}
