package chatnode.ingress;

import static chatnode.testing.TestClient.seqs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatnode.testing.Await;
import chatnode.testing.Http;
import chatnode.testing.Prometheus;
import chatnode.testing.RedisServer;
import chatnode.testing.Stores;
import chatnode.testing.TestClient;
import chatnode.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
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
      Await.result(redis.send(Request.cmd(Command.DEL, stream, stream + ":parked")));
      redis.close();
    }
  }

  TestNode node(Path data) {
    return TestNode.start(data, "--redis-url", "redis://127.0.0.1:6379", "--redis-stream", stream, "--redis-claim-ms", "500");
  }

  void add(String room, String from, String text) {
    add(redis, room, from, text);
  }

  void add(Redis to, String room, String from, String text) {
    Await.result(to.send(Request.cmd(Command.XADD, stream, "*", "room", room, "from", from, "text", text)));
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
  @DisplayName("entries the node is too busy to take now are left pending and posted later, none lost")
  void busyNodeLosesNothing(Vertx vertx, @TempDir Path data) {
    try (TestNode node = TestNode.start(data, "--redis-url", "redis://127.0.0.1:6379", "--redis-stream", stream,
        "--redis-claim-ms", "500", "--store-queue-max", "1");
        TestClient member = TestClient.login(vertx, node, "redis_patient")) {
      member.join("burst");
      int entries = 40;
      for (int i = 0; i < entries; i++) {
        add("burst", "monitor", "entry " + i);
      }
      List<JsonObject> messages = member.collect("message", entries);
      assertEquals(java.util.stream.LongStream.rangeClosed(1, entries).boxed().toList(), seqs(messages));
      assertEquals(java.util.stream.IntStream.range(0, entries).mapToObj(i -> "entry " + i).collect(java.util.stream.Collectors.toSet()),
          messages.stream().map(m -> m.getString("text")).collect(java.util.stream.Collectors.toSet()), "every entry, once");
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

  @Test
  @DisplayName("after Redis restarts, the reader reconnects and posts what is added then; /ready stays 200 and says reconnecting meanwhile")
  void reconnectsAfterRedisRestart(Vertx vertx, @TempDir Path data) {
    try (RedisServer server = RedisServer.start();
        TestNode node = TestNode.start(data, "--redis-url", server.url(), "--redis-stream", stream);
        TestClient member = TestClient.login(vertx, node, "redis_survivor")) {
      member.join("restarts");
      Redis before = Redis.createClient(vertx, server.url());
      add(before, "restarts", "monitor", "before the restart");
      assertEquals("before the restart", member.awaitType("message").getString("text"));
      before.close();
      server.kill();
      Await.until(() -> redisState(node).equals("reconnecting"), "/ready says the Redis reader is reconnecting");
      server.startAgain();
      Redis after = Redis.createClient(vertx, server.url());
      add(after, "restarts", "monitor", "after the restart");
      JsonObject m = member.awaitType("message");
      assertEquals("after the restart", m.getString("text"));
      assertEquals(2, m.getLong("seq"));
      after.close();
      Await.until(() -> redisState(node).equals("connected"), "/ready says the Redis reader is connected");
      String metrics = Prometheus.scrape(node);
      assertEquals(1, Prometheus.value(metrics, "chat_redis_connected", ""));
      assertTrue(Prometheus.value(metrics, "chat_redis_reconnects_total", "") >= 1, "reconnects counted");
    }
  }

  /** The Redis reader's state in /ready, which answers 200 whatever it is: Redis is an optional input. */
  private static String redisState(TestNode node) {
    Http.Reply ready = Http.get(node.url() + "/ready", null);
    assertEquals(200, ready.status(), ready.body().encode());
    return ready.body().getJsonArray("checks").getJsonObject(0).getJsonObject("data", new JsonObject()).getString("redis", "");
  }

  @Test
  @DisplayName("an entry the store refuses every time is parked after 5 deliveries, with the reason, and acknowledged; the next is posted")
  void failingEntryIsParked(Vertx vertx, @TempDir Path data) throws Exception {
    try (TestNode node = node(data); TestClient member = TestClient.login(vertx, node, "redis_parker")) {
      Stores.refuseText(node, "refused by the store every time");
      member.join("parking");
      add("parking", "monitor", "refused by the store every time");
      Await.until(() -> Await.result(redis.send(Request.cmd(Command.XLEN, stream + ":parked"))).toLong() == 1,
          "the failing entry is parked in " + stream + ":parked");
      awaitNoPending();
      Response parked = Await.result(redis.send(Request.cmd(Command.XRANGE, stream + ":parked", "-", "+"))).get(0).get(1);
      JsonObject fields = new JsonObject();
      for (int i = 0; i + 1 < parked.size(); i += 2) {
        fields.put(parked.get(i).toString(), parked.get(i + 1).toString());
      }
      assertEquals("refused by the store every time", fields.getString("text"));
      assertEquals("parking", fields.getString("room"));
      assertEquals("5", fields.getString("deliveries"));
      assertTrue(!fields.getString("reason", "").isBlank(), "the reason is kept: " + fields.encode());
      assertTrue(fields.getString("entry").matches("\\d+-\\d+"), fields.encode());
      add("parking", "monitor", "stored");
      JsonObject m = member.awaitType("message");
      assertEquals("stored", m.getString("text"));
      assertEquals(1, m.getLong("seq"));
      assertEquals(1, Prometheus.value(Prometheus.scrape(node), "chat_redis_parked_total", ""));
    }
  }

  /**
   * Makes the node's own store refuse every message with this text, as a constraint an operator
   * added would: a trigger in its SQLite file, so that storing it fails with an SQL error each time.
   */
  private void awaitNoPending() {
    Await.until(() -> pending() == 0, "every entry acknowledged");
  }

}
