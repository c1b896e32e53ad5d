package chatnode.gateway;

import static chatnode.testing.TestClient.frame;
import static chatnode.testing.TestClient.seqs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatnode.testing.Await;
import chatnode.testing.Prometheus;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Backlogs sent to clients that read slowly or not at all: every frame through one bounded outbox. */
@ExtendWith(VertxExtension.class)
class BacklogTest {
  /** 4 KB texts: a page of 200 is 800 KB, and a room of 2000 more than the kernel's loopback buffers take. */
  private static final String BIG = "x".repeat(3990);

  private static void fill(TestClient poster, String room, int messages) {
    poster.send(frame("join").put("room", room));
    poster.awaitType("joined");
    for (int i = 1; i <= messages; i++) {
      poster.say(room, BIG + i, room + i);
    }
    poster.await(f -> "ack".equals(f.getString("type")) && (room + messages).equals(f.getString("ref")));
  }

  private static List<Long> upTo(int n) {
    return LongStream.rangeClosed(1, n).boxed().toList();
  }

  @Test
  @DisplayName("a client that resumes two rooms while not reading gets, once it reads, both backlogs whole and then both rooms live")
  void twoResumesOnAFullQueue(Vertx vertx, @TempDir Path data) {
    int messages = 2000;
    try (TestNode node = TestNode.start(data, "--rate-limit", "100000", "--rate-burst", "100000");
        TestClient poster = TestClient.login(vertx, node, "archivist");
        TestClient reader = TestClient.login(vertx, node, "returning")) {
      fill(poster, "annals", messages);
      fill(poster, "chronicle", messages);
      reader.pause();
      reader.send(frame("join").put("room", "annals").put("since", 0));
      reader.send(frame("join").put("room", "chronicle").put("since", 0));
      // Both joins answered, and the reader's queue half full: both backlogs wait for it to read.
      Await.until(() -> {
        String metrics = Prometheus.scrape(node);
        return Prometheus.value(metrics, "chat_frames_out_total", "type=\"joined\"") >= 4
            && Prometheus.value(metrics, "chat_outbound_queued_bytes", "") >= node.config().writeQueueBytes() / 2;
      }, "both backlogs waiting on the reader's full queue");
      reader.resume();
      List<JsonObject> received = reader.collect("message", 2 * messages);
      assertEquals(upTo(messages), seqs(received.stream().filter(f -> f.getString("room").equals("annals")).toList()));
      assertEquals(upTo(messages), seqs(received.stream().filter(f -> f.getString("room").equals("chronicle")).toList()));
      poster.say("annals", "live in annals", "live1");
      poster.say("chronicle", "live in chronicle", "live2");
      assertEquals(messages + 1, reader.await(f -> "live in annals".equals(f.getString("text"))).getLong("seq"));
      assertEquals(messages + 1, reader.await(f -> "live in chronicle".equals(f.getString("text"))).getLong("seq"));
    }
  }

  @Test
  @DisplayName("a client that repeats join since 0 of a room of big messages without reading: what is queued to it stays within its write queue, each join stops the backlog before it, and once it reads it gets the last one whole")
  void repeatedJoinsOfABigBacklog(Vertx vertx, @TempDir Path data) {
    int messages = 2500;
    int queueBytes = 65536;
    try (TestNode node = TestNode.start(data, "--rate-limit", "100000", "--rate-burst", "100000",
            "--write-queue-bytes", Integer.toString(queueBytes));
        TestClient poster = TestClient.login(vertx, node, "hoarder");
        TestClient greedy = TestClient.login(vertx, node, "greedy")) {
      fill(poster, "vault", messages);
      greedy.pause();
      double mostQueued = -1;
      for (int joins = 1; joins <= 300; joins++) {
        greedy.send(frame("join").put("room", "vault").put("since", 0));
        if (joins % 20 == 0) {
          mostQueued = Math.max(mostQueued, Prometheus.value(Prometheus.scrape(node), "chat_outbound_queued_bytes", ""));
        }
      }
      assertTrue(mostQueued >= 0, "the node reports the bytes queued to its sessions");
      // One backlog frame may start while the queue is just under half.
      assertTrue(mostQueued <= queueBytes + BIG.length() + 200, mostQueued + " bytes queued, more than the write queue");
      greedy.resume();
      int received = 0;
      List<Long> sinceLastJoined = new ArrayList<>();
      while (sinceLastJoined.size() < messages) {
        JsonObject f = greedy.next();
        if ("joined".equals(f.getString("type"))) {
          sinceLastJoined.clear();
        } else if ("message".equals(f.getString("type"))) {
          received++;
          sinceLastJoined.add(f.getLong("seq"));
        }
      }
      assertEquals(upTo(messages), sinceLastJoined, "the last join's backlog, whole and in order");
      // What the first join had sent before the client stopped reading, then the last join's backlog.
      assertTrue(received <= 2 * messages, received + " backlog messages sent for a room of " + messages);
    }
  }

  @Test
  @DisplayName("a join whose live frames overflow while its backlog waits on a reader reads the messages again, and keeps the member changes it held")
  void memberChangesSurviveAHeldOverflow(Vertx vertx, @TempDir Path data) {
    int queueBytes = 65536; // a join holds at most half of it
    int backlog = 4000; // 16 MB, more than the kernel's loopback buffers take: the rest waits on the reader
    try (TestNode node = TestNode.start(data, "--rate-limit", "100000", "--rate-burst", "100000",
            "--write-queue-bytes", Integer.toString(queueBytes));
        TestClient poster = TestClient.login(vertx, node, "crier");
        TestClient reader = TestClient.login(vertx, node, "latecomer")) {
      fill(poster, "square", backlog);
      poster.send(frame("join").put("room", "square").put("members", "batched"));
      poster.await(f -> "joined".equals(f.getString("type")));
      reader.pause();
      reader.send(frame("join").put("room", "square").put("since", 0).put("members", "batched"));
      // Frames queued by the node: the socket to the reader takes no more, and the backlog waits.
      Await.until(() -> Prometheus.value(Prometheus.scrape(node), "chat_outbound_queued_bytes", "") > 0, "the backlog waiting on the reader");
      try (TestClient newcomer = TestClient.login(vertx, node, "newcomer")) {
        newcomer.send(frame("join").put("room", "square").put("members", "batched"));
        poster.await(f -> "members".equals(f.getString("type")) && f.getJsonArray("joined").contains("newcomer"));
        for (int i = backlog + 1; i <= backlog + 20; i++) { // 80 KB of live messages: more than the join may hold
          poster.say("square", BIG + i, "square" + i);
        }
        poster.await(f -> "ack".equals(f.getString("type")) && ("square" + (backlog + 20)).equals(f.getString("ref")));
        reader.resume();
        List<JsonObject> received = reader.collect("message", backlog + 20);
        assertEquals(upTo(backlog + 20), seqs(received), "every message once, in order: those dropped from the held frames read again");
        // Its own coming may be told first, in a batch of its own: the newcomer's is the one held during the backlog.
        reader.await(f -> "members".equals(f.getString("type")) && f.getJsonArray("joined").contains("newcomer"));
      }
    }
  }
}
