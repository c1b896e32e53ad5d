package chatnode.ops;

import static chatnode.testing.TestClient.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatnode.testing.Await;
import chatnode.testing.Prometheus;
import chatnode.testing.TestClient;
import chatnode.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * /metrics in Prometheus format shows what the node did: connections, frames, deliveries, errors,
 * store, bus, JVM; and the operations kit (cluster-config/monitoring) reads only what it shows.
 */
@ExtendWith(VertxExtension.class)
class MetricsTest {
  /** A series name in a PromQL query: the node's, the JVM's and Vert.x's all start so. */
  static final Pattern SERIES = Pattern.compile("\\b(?:chat|jvm|vertx|process)_[a-z0-9_]+");

  /** Two members of a room, five messages and one refused frame; then what /metrics shows. */
  static String chatAndScrape(Vertx vertx, TestNode node) {
    try (TestClient a = TestClient.login(vertx, node, "metric_a"); TestClient b = TestClient.login(vertx, node, "metric_b")) {
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
      // Scraped while both are connected.
      assertEquals(2, Prometheus.value(text, "chat_connections", ""), "connections");
      return text;
    }
  }

  @Test
  @DisplayName("after some chat, /metrics counts it all")
  void metrics(Vertx vertx, @TempDir Path data) {
    try (TestNode node = TestNode.start(data)) {
      String text = chatAndScrape(vertx, node);
      // The node is this test's own: every count is exactly what the test did.
      assertEquals(6, Prometheus.value(text, "chat_frames_in_total", "type=\"say\""), "frames in by type");
      assertEquals(10, Prometheus.value(text, "chat_frames_out_total", "type=\"message\""), "frames out by type: 5 messages to 2 members");
      assertEquals(5, Prometheus.value(text, "chat_frames_out_total", "type=\"ack\""), "acks");
      assertEquals(10, Prometheus.value(text, "chat_deliveries_total", ""), "deliveries");
      assertEquals(1, Prometheus.value(text, "chat_errors_total", "code=\"not_joined\""), "errors by code");
      assertEquals(5, Prometheus.value(text, "chat_store_batch_size_sum", ""), "every message stored once, in some batch");
      double batches = Prometheus.value(text, "chat_store_batch_size_count", "");
      assertTrue(batches >= 1 && batches <= 5, "store batches: " + batches);
      assertEquals(batches, Prometheus.value(text, "chat_store_commit_seconds_count", ""), "one commit timed per batch");
      assertEquals(0, Prometheus.value(text, "chat_store_retries_total", "cause=\"transient\""), "retries, at 0 before any");
      assertEquals(1, Prometheus.value(text, "chat_ready", ""), "ready");
      assertTrue(text.contains("vertx_eventbus_"), "event bus traffic");
      assertTrue(text.contains("jvm_memory_used_bytes"), "JVM");
    }
  }

  @Test
  @DisplayName("the Grafana dashboard and the alert rules use only series a running node exports (and Prometheus's own up)")
  void opsKitUsesExportedMetrics(Vertx vertx, @TempDir Path data) throws IOException {
    String dashboard = Files.readString(Path.of("../cluster-config/monitoring/grafana-dashboard.json"));
    String alerts = Files.readString(Path.of("../cluster-config/monitoring/prometheus-alerts.yml"));
    JsonArray panels = new JsonObject(dashboard).getJsonArray("panels");
    List<String> queries = new ArrayList<>();
    panels.stream().map(JsonObject.class::cast).forEach(p -> p.getJsonArray("targets").stream()
        .map(JsonObject.class::cast).forEach(t -> queries.add(t.getString("expr"))));
    Matcher rule = Pattern.compile("(?m)^ +expr: (\\|\n(?: {10}.*\n)+|.*)").matcher(alerts);
    while (rule.find()) {
      queries.add(rule.group(1));
    }
    assertTrue(queries.size() >= 12 + 4, "the panels' queries and the four rules: " + queries);

    Set<String> used = new TreeSet<>();
    queries.forEach(q -> SERIES.matcher(q).results().forEach(r -> used.add(r.group())));
    assertTrue(used.containsAll(List.of("chat_connections", "chat_deliveries_total", "chat_store_commit_seconds_sum",
        "chat_store_batch_size_sum", "chat_errors_total", "chat_slow_consumers_closed_total", "jvm_memory_used_bytes",
        "jvm_gc_pause_seconds_sum", "chat_ready")), "what the issue asks to see: " + used);

    try (TestNode node = TestNode.start(data)) {
      chatAndScrape(vertx, node);
      // The JVM's GC pause timers exist once a collection ran; a fresh JVM may not have had one yet.
      // The node runs in this JVM: ask for one, and wait for the pause to be reported.
      System.gc();
      Await.until(() -> Prometheus.scrape(node).contains("jvm_gc_pause_seconds_sum"), "a GC pause reported");
      Set<String> exported = new HashSet<>();
      Pattern.compile("(?m)^([a-z_:][a-z0-9_:]*)[{ ]").matcher(Prometheus.scrape(node)).results().forEach(r -> exported.add(r.group(1)));
      for (String series : used) {
        assertTrue(exported.contains(series), series + " is used by the ops kit but not exported by the node");
      }
    }
  }
}
