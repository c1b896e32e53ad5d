package chatnode.cluster;

import static chatnode.testing.TestClient.seqs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatnode.testing.Http;
import chatnode.testing.Prometheus;
import chatnode.testing.Stores;
import chatnode.testing.TestClient;
import chatnode.testing.TestCluster;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A room's messages are stored by one node of the cluster, the owner of the room's partition,
 * whichever node they were posted on; when that node dies, the drafts it had not answered are
 * stored by the nodes they were posted on, each once. Three node JVMs, on both stores.
 */
@ExtendWith(VertxExtension.class)
class OwnershipClusterTest {
  private static final String ROOM = "owned";
  @TempDir
  Path data;

  @ParameterizedTest(name = "{0}")
  @MethodSource("chatnode.testing.Stores#kinds")
  @DisplayName("one node stores a room posted to from three; killed mid-stream, every say is acked once and stored once")
  void oneNodeStoresARoom(String kind, Vertx vertx) throws Exception {
    String url = Stores.url(kind, data);
    try (TestCluster cluster = TestCluster.start(3, data, "owners-" + kind, "--store-url", url,
        "--rate-limit", "10000", "--rate-burst", "10000")) {
      List<TestClient> posters = IntStream.range(0, 3).mapToObj(n -> TestClient.login(vertx, cluster, n, "poster_" + n)).toList();
      try {
        posters.forEach(p -> p.join(ROOM));
        Map<Integer, Double> storedBefore = stored(cluster);
        for (TestClient p : posters) {
          for (int i = 0; i < 20; i++) {
            p.say(ROOM, p.user() + " #" + i, p.user() + i);
            assertEquals("ack", p.answer(p.user() + i).getString("type"));
          }
        }
        Map<Integer, Double> storedAfter = stored(cluster);
        List<Integer> storing = IntStream.range(0, 3).filter(n -> storedAfter.get(n) > storedBefore.get(n)).boxed().toList();
        assertEquals(1, storing.size(), "one node stored the room's messages: " + storedBefore + " → " + storedAfter);
        int owner = storing.get(0);
        assertEquals(60, storedAfter.get(owner) - storedBefore.get(owner));
        assertEquals(40, IntStream.range(0, 3).mapToDouble(n -> forwarded(cluster, n, "owner")).sum(),
            "the other two nodes sent theirs to it");

        // The owner dies while the other nodes' posters keep saying, without waiting for acks.
        List<TestClient> survivors = IntStream.range(0, 3).filter(n -> n != owner).mapToObj(posters::get).toList();
        int each = 150;
        for (int i = 0; i < each; i++) {
          for (TestClient p : survivors) {
            p.say(ROOM, p.user() + " burst " + i, "b" + i);
          }
          if (i == each / 3) {
            cluster.node(owner).kill();
          }
        }
        List<Long> acked = new ArrayList<>();
        for (TestClient p : survivors) {
          for (int i = 0; i < each; i++) {
            JsonObject answer = p.answer("b" + i);
            assertEquals("ack", answer.getString("type"), p.user() + "'s say b" + i + " was stored: " + answer);
            acked.add(answer.getLong("seq"));
          }
        }
        assertEquals(2 * each, acked.stream().distinct().count(), "every ack names a seq of its own");
        assertTrue(IntStream.range(0, 3).filter(n -> n != owner).mapToDouble(n -> forwarded(cluster, n, "stored_here")).sum() > 0,
            "drafts the dead owner had not answered were stored where they were posted");

        int reader = IntStream.range(0, 3).filter(n -> n != owner).findFirst().orElseThrow();
        try (TestClient history = TestClient.login(vertx, cluster, reader, "reader")) {
          history.joinSince(ROOM, 0);
          int total = 60 + 2 * each;
          List<JsonObject> messages = history.collect("message", total);
          assertEquals(LongStream.rangeClosed(1, total).boxed().toList(), seqs(messages), "gapless, nothing more");
          assertEquals(total, messages.stream().map(m -> m.getString("text")).distinct().count(), "no say stored twice");
          history.expectSilence(300);
        }
      } finally {
        posters.forEach(TestClient::close);
      }
    }
  }

  /** Messages each live node has stored (the sum of its store batches). */
  private static Map<Integer, Double> stored(TestCluster cluster) {
    Map<Integer, Double> stored = new HashMap<>();
    for (int n = 0; n < cluster.size(); n++) {
      stored.put(n, Math.max(0, Prometheus.value(metrics(cluster, n), "chat_store_batch_size_sum", "")));
    }
    return stored;
  }

  private static double forwarded(TestCluster cluster, int node, String outcome) {
    return Math.max(0, Prometheus.value(metrics(cluster, node), "chat_store_forwarded_total", "outcome=\"" + outcome + "\""));
  }

  private static String metrics(TestCluster cluster, int node) {
    return Http.text("http://127.0.0.1:" + cluster.node(node).port() + "/metrics");
  }
}
