package chatnode.gateway;

import static chatnode.testing.TestClient.frame;
import static chatnode.testing.TestClient.seqs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatnode.testing.Prometheus;
import chatnode.testing.TestClient;
import chatnode.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Per-connection limits: the rate limit, flooding, and a client that stops reading. */
@ExtendWith(VertxExtension.class)
class LimitsTest {

  @Test
  @DisplayName("frames over the rate limit get rate_limited (checked before shape) and are not processed")
  void rateLimit(Vertx vertx, @TempDir Path data) {
    try (TestNode node = TestNode.start(data); TestClient c = TestClient.login(vertx, node, "hasty")) {
      int sent = 100;
      long started = System.nanoTime();
      for (int i = 0; i < sent; i++) {
        c.sendText(i % 2 == 0 ? frame("ping").put("ref", "p" + i).encode() : "{broken");
      }
      int pongs = 0;
      int limited = 0;
      int bad = 0;
      for (int i = 0; i < sent; i++) {
        JsonObject f = c.next();
        if (f.getString("type").equals("pong")) {
          pongs++;
        } else if ("rate_limited".equals(f.getString("code"))) {
          limited++;
        } else {
          assertEquals("bad_request", f.getString("code"));
          bad++;
        }
      }
      // The bucket lets the burst of 40 through, plus 20 a second for as long as the sending took.
      long mostThatMayPass = 40 + (long) Math.ceil(20 * (System.nanoTime() - started) / 1e9) + 1;
      assertEquals(sent, pongs + limited + bad, "every frame answered once");
      assertTrue(pongs + bad >= 40, "the burst passes");
      assertTrue(pongs + bad <= mostThatMayPass, (pongs + bad) + " passed, at most " + mostThatMayPass + " may");
      assertTrue(limited > 0, "the rest is refused");
    }
  }

  @Test
  @DisplayName("a client that keeps flooding is closed with 4008 only after more than flood-refusals rate_limited errors")
  void flooding(Vertx vertx, @TempDir Path data) {
    try (TestNode node = TestNode.start(data, "--flood-refusals", "30");
        TestClient c = TestClient.login(vertx, node, "flooder")) {
      for (int i = 0; i < 120 && c.offer(frame("ping").encode()); i++) {
        // until the node closes the connection
      }
      assertEquals(4008, c.awaitClose());
      long refused = c.drain("error").stream().filter(e -> "rate_limited".equals(e.getString("code"))).count();
      assertTrue(refused > 30, refused + " rate_limited errors before the close; the contract allows it after more than 30");
    }
  }

  @Test
  @DisplayName("a session joins at most max-rooms-per-session rooms: past it join is forbidden; a re-join does not count twice")
  void roomsPerSession(Vertx vertx, @TempDir Path data) {
    try (TestNode node = TestNode.start(data, "--max-rooms-per-session", "3");
        TestClient c = TestClient.login(vertx, node, "collector")) {
      c.join("first");
      c.join("second");
      c.join("third");
      c.join("first");
      c.send(frame("join").put("room", "fourth"));
      JsonObject refused = c.expectError("forbidden");
      assertTrue(refused.getString("message").contains("3 rooms"), refused.encode());
      c.send(frame("say").put("room", "fourth").put("text", "not joined").put("ref", "s1"));
      c.expectError("not_joined");
      c.send(frame("leave").put("room", "second"));
      c.join("fourth");
      c.say("fourth", "now joined", "s2");
      c.await(f -> "ack".equals(f.getString("type")) && "s2".equals(f.getString("ref")));
    }
  }

  @Test
  @DisplayName("a member that stops reading: typing dropped past half its queue, closed with 4008 when full; the others get everything")
  // 4000 messages of 4 KB: more than the kernel's socket buffers on loopback take, so the node's queue fills.
  // Small store batches make it fill in steps, so typing frames arrive while it is between half and full.
  void slowConsumer(Vertx vertx, @TempDir Path data) throws Exception {
    int messages = 4000;
    try (TestNode node = TestNode.start(data, "--rate-limit", "100000", "--rate-burst", "100000",
            "--write-queue-bytes", "1048576", "--store-batch-max", "10");
        TestClient poster = TestClient.login(vertx, node, "poster");
        TestClient typist = TestClient.login(vertx, node, "typist");
        TestClient reader = TestClient.login(vertx, node, "reader");
        TestClient stalled = TestClient.login(vertx, node, "stalled")) {
      for (TestClient c : new TestClient[] {poster, typist, reader, stalled}) {
        c.join("firehose");
      }
      stalled.pause();
      CompletableFuture<Void> typing = CompletableFuture.runAsync(() -> {
        while (!stalled.isClosed() && typist.offer(frame("typing").put("room", "firehose").encode())) {
          sleepQuietly(2);
        }
      });
      String text = "x".repeat(3900);
      for (int i = 0; i < messages; i++) {
        poster.say("firehose", text + i, "r" + i);
      }
      assertEquals(LongStream.rangeClosed(1, messages).boxed().toList(), seqs(reader.collect("message", messages)));
      stalled.resume();
      assertEquals(4008, stalled.awaitClose());
      typing.get();
      String metrics = Prometheus.scrape(node);
      assertTrue(Prometheus.value(metrics, "chat_ephemeral_dropped_total", "") >= 1, "typing dropped first");
      assertTrue(Prometheus.value(metrics, "chat_slow_consumers_closed_total", "") >= 1, "then closed");
    }
  }

  @Test
  @DisplayName("members closing their sockets while a room's messages fan out keep nothing from the members who stay")
  void leaversDuringFanout(Vertx vertx, @TempDir Path data) {
    int messages = 600;
    List<TestClient> leavers = new ArrayList<>();
    List<TestClient> stayers = new ArrayList<>();
    try (TestNode node = TestNode.start(data, "--rate-limit", "100000", "--rate-burst", "100000");
        TestClient poster = TestClient.login(vertx, node, "churn_poster")) {
      // Leavers join first, so each gateway hands them every frame before the members who stay.
      for (int i = 0; i < 60; i++) {
        leavers.add(TestClient.login(vertx, node, "leaver_" + i));
        leavers.get(i).join("churn");
      }
      for (int i = 0; i < 6; i++) {
        stayers.add(TestClient.login(vertx, node, "stayer_" + i));
        stayers.get(i).join("churn");
      }
      poster.join("churn");
      for (int i = 0; i < messages; i++) {
        poster.say("churn", "message " + i, "r" + i);
        if (i % 10 == 5) {
          leavers.get(i / 10).close();
        }
      }
      for (TestClient stayer : stayers) {
        assertEquals(LongStream.rangeClosed(1, messages).boxed().toList(), seqs(stayer.collect("message", messages)), stayer.user());
      }
    } finally {
      leavers.forEach(TestClient::close);
      stayers.forEach(TestClient::close);
    }
  }

  private static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
