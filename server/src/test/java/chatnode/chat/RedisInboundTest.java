package chatnode.chat;

import static chatnode.testing.TestClient.seqs;
import static org.junit.jupiter.api.Assertions.assertEquals;

import chatnode.testing.Await;
import chatnode.testing.Stores;
import chatnode.testing.TestClient;
import chatnode.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Entries of a Redis stream are posted into rooms, once, and acknowledged once stored. Runs
 * whenever Redis answers on 127.0.0.1:6379 (CI makes sure it does); each test has its own stream.
 */
@ExtendWith(VertxExtension.class)
class RedisInboundTest {
  static final String GROUP = "chat-nodes";
  Redis redis;
  String stream;

  @BeforeEach
  void connect(Vertx vertx) {
    Assumptions.assumeTrue(Stores.answers(6379), "Redis does not answer on 127.0.0.1:6379");
    redis = Redis.createClient(vertx, new RedisOptions().setConnectionString("redis://127.0.0.1:6379")
        .setPreferredProtocolVersion(ProtocolVersion.RESP2));
    stream = "test:inbound:" + UUID.randomUUID();
  }

  @AfterEach
  void cleanUp() {
    if (redis != null) {
      Await.result(redis.send(Request.cmd(Command.DEL, stream)));
      redis.close();
    }
  }

  TestNode node(Path data) {
    return TestNode.start(data, "--redis-url", "redis://127.0.0.1:6379", "--redis-stream", stream, "--redis-claim-ms", "500");
  }

  void add(String room, String from, String text) {
    Await.result(redis.send(Request.cmd(Command.XADD, stream, "*", "room", room, "from", from, "text", text)));
  }

  long pending() {
    Response summary = Await.result(redis.send(Request.cmd(Command.XPENDING, stream, GROUP)));
    return summary.get(0).toLong();
  }

  @Test
  @DisplayName("each entry is posted into its room in stream order and acknowledged; a malformed one is acknowledged and skipped")
  void entriesArePosted(Vertx vertx, @TempDir Path data) {
    try (TestNode node = node(data); TestClient member = TestClient.login(vertx, node, "redis_reader")) {
      member.join("alerts");
      add("alerts", "monitor", "disk 91%");
      add("Bad Room", "monitor", "dropped");
      add("alerts", "monitor", "disk 95%");
      List<JsonObject> messages = member.collect("message", 2);
      assertEquals(List.of(1L, 2L), seqs(messages));
      assertEquals(List.of("disk 91%", "disk 95%"), messages.stream().map(m -> m.getString("text")).toList());
      assertEquals("monitor", messages.get(0).getString("from"));
      awaitNoPending();
    }
  }

  @Test
  @DisplayName("an entry a dead node read but never acknowledged is claimed by a live node and posted once")
  void abandonedEntryIsClaimed(Vertx vertx, @TempDir Path data) {
    Await.result(redis.send(Request.cmd(Command.XGROUP, "CREATE", stream, GROUP, "0", "MKSTREAM")));
    add("rescue", "monitor", "read by a node that died");
    // What a node that died between read and acknowledge leaves behind: a pending entry of its consumer.
    Response read = Await.result(redis.send(Request.cmd(Command.XREADGROUP, "GROUP", GROUP, "node-dead", "COUNT", 10,
        "STREAMS", stream, ">")));
    assertEquals(1, read.get(0).get(1).size());
    assertEquals(1, pending());
    try (TestNode node = node(data); TestClient member = TestClient.login(vertx, node, "redis_rescuer")) {
      member.join("rescue");
      JsonObject m = member.awaitType("message");
      assertEquals("read by a node that died", m.getString("text"));
      assertEquals(1, m.getLong("seq"));
      awaitNoPending();
      member.expectSilence(1_500);
    }
  }

  private void awaitNoPending() {
    for (int i = 0; i < 100 && pending() > 0; i++) {
      sleep(100);
    }
    assertEquals(0, pending(), "every entry acknowledged");
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
