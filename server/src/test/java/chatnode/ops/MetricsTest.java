package chatnode.ops;

import static chatnode.testing.TestClient.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatnode.testing.Prometheus;
import chatnode.testing.TestClient;
import chatnode.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** /metrics in Prometheus format shows what the node did: connections, frames, deliveries, errors, store, bus, JVM. */
@ExtendWith(VertxExtension.class)
class MetricsTest {

  @Test
  @DisplayName("after some chat, /metrics counts it all")
  void metrics(Vertx vertx, @TempDir Path data) {
    try (TestNode node = TestNode.start(data); TestClient a = TestClient.login(vertx, node, "metric_a");
        TestClient b = TestClient.login(vertx, node, "metric_b")) {
      a.join("metered");
      b.join("metered");
      for (int i = 0; i < 5; i++) {
        a.say("metered", "m" + i, "r" + i);
      }
      a.collect("ack", 5);
      b.collect("message", 5);
      a.send(frame("say").put("room", "not-joined").put("text", "x"));
      assertEquals("not_joined", a.awaitType("error").getString("code"));
      String text = Prometheus.scrape(node);
      // The node is this test's own: every count is exactly what the test did.
      assertEquals(2, Prometheus.value(text, "chat_connections", ""), "connections");
      assertEquals(6, Prometheus.value(text, "chat_frames_in_total", "type=\"say\""), "frames in by type");
      assertEquals(10, Prometheus.value(text, "chat_frames_out_total", "type=\"message\""), "frames out by type: 5 messages to 2 members");
      assertEquals(5, Prometheus.value(text, "chat_frames_out_total", "type=\"ack\""), "acks");
      assertEquals(10, Prometheus.value(text, "chat_deliveries_total", ""), "deliveries");
      assertEquals(1, Prometheus.value(text, "chat_errors_total", "code=\"not_joined\""), "errors by code");
      assertEquals(5, Prometheus.value(text, "chat_store_batch_size_sum", ""), "every message stored once, in some batch");
      double batches = Prometheus.value(text, "chat_store_batch_size_count", "");
      assertTrue(batches >= 1 && batches <= 5, "store batches: " + batches);
      assertEquals(batches, Prometheus.value(text, "chat_store_commit_seconds_count", ""), "one commit timed per batch");
      assertTrue(text.contains("vertx_eventbus_"), "event bus traffic");
      assertTrue(text.contains("jvm_memory_used_bytes"), "JVM");
    }
  }
}
