package chatnode.cluster;

import static chatnode.testing.TestClient.seqs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatnode.testing.Await;
import chatnode.testing.Http;
import chatnode.testing.TestClient;
import chatnode.testing.TestCluster;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM during steady traffic: the node drains, its clients move over and nothing acknowledged is lost. */
@ExtendWith(VertxExtension.class)
class DrainTest {

  @Test
  @DisplayName("SIGTERM: clients get 1012, reconnect to another node and every acknowledged message is there exactly once")
  void gracefulDrain(Vertx vertx, @TempDir Path data) throws Exception {
    try (TestCluster cluster = TestCluster.start(2, data, "drain", "--rate-limit", "10000", "--rate-burst", "10000")) {
      TestClient poster = TestClient.login(vertx, cluster, 1, "drain_poster");
      TestClient member = TestClient.login(vertx, cluster, 1, "drain_member");
      TestClient elsewhere = TestClient.login(vertx, cluster, 0, "drain_other");
      for (TestClient c : List.of(poster, member, elsewhere)) {
        c.join("steady");
      }
      ConcurrentLinkedQueue<Long> acked = new ConcurrentLinkedQueue<>();
      CompletableFuture<Void> posting = CompletableFuture.runAsync(() -> {
        for (int i = 0; i < 2_000 && poster.offer(TestClient.frame("say").put("room", "steady").put("text", "m" + i)
            .put("ref", "r" + i).encode()); i++) {
          try {
            Thread.sleep(2);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      for (int i = 0; i < 50; i++) {
        acked.add(poster.awaitType("ack").getLong("seq"));
      }
      cluster.node(1).close(); // SIGTERM, and wait for the process to end
      assertEquals(1012, poster.awaitClose(), "told to reconnect elsewhere");
      assertEquals(1012, member.awaitClose());
      String admin = cluster.token("root_d", "admin");
      String nodeZero = "http://127.0.0.1:" + cluster.node(0).port();
      Await.until(() -> Http.get(nodeZero + "/api/admin/nodes", admin).body().getJsonArray("nodes").size() == 1,
          "node 0 saw node 1 leave");
      assertTrue(cluster.node(0).ready(), "a node left alone by a drain is not cut off: it stays ready");
      posting.get();
      // Every ack the poster got before the close.
      JsonObject f;
      while ((f = poster.pollType("ack")) != null) {
        acked.add(f.getLong("seq"));
      }
      List<Long> seenBefore = seqs(member.drain("message"));
      long lastSeen = seenBefore.isEmpty() ? 0 : seenBefore.get(seenBefore.size() - 1);
      try (TestClient resumed = TestClient.login(vertx, cluster, 0, "drain_member")) {
        long newest = resumed.joinSince("steady", lastSeen).getLong("seq");
        List<Long> all = new ArrayList<>(seenBefore);
        all.addAll(seqs(resumed.collect("message", (int) (newest - lastSeen))));
        assertEquals(LongStream.rangeClosed(1, newest).boxed().toList(), all, "every message once, in order");
        Set<Long> delivered = new TreeSet<>(all);
        assertTrue(delivered.containsAll(acked), "every acknowledged message survived the drain");
        assertTrue(acked.size() >= 50);
      }
      elsewhere.close();
    }
  }

  @Test
  @DisplayName("a drained node's users who come back within the grace never appear to leave; one who does not gets its leave when it ends")
  void movingUsersDoNotLeave(Vertx vertx, @TempDir Path data) throws Exception {
    try (TestCluster cluster = TestCluster.start(2, data, "grace", "--drain-grace-ms", "3000")) {
      TestClient watcher = TestClient.login(vertx, cluster, 0, "grace_watcher");
      TestClient mover = TestClient.login(vertx, cluster, 1, "grace_mover");
      TestClient goner = TestClient.login(vertx, cluster, 1, "grace_goner");
      watcher.join("moving");
      watcher.send(TestClient.frame("watch").put("users", TestClient.array("grace_mover", "grace_goner")));
      mover.join("moving");
      goner.join("moving");
      for (String user : List.of("grace_mover", "grace_goner")) {
        watcher.await(f -> "member".equals(f.getString("type")) && user.equals(f.getString("user")) && "join".equals(f.getString("event")));
      }
      watcher.drain("presence");
      // Reconnects at once when told to (1012), as the protocol asks of a client.
      CompletableFuture<TestClient> moved = CompletableFuture.supplyAsync(() -> {
        assertEquals(1012, mover.awaitClose());
        TestClient back = TestClient.login(vertx, cluster, 0, "grace_mover");
        back.join("moving");
        return back;
      });
      cluster.node(1).close();
      assertEquals(1012, goner.awaitClose());
      try (TestClient back = moved.get()) {
        JsonObject left = watcher.await(f -> "member".equals(f.getString("type")) && "grace_goner".equals(f.getString("user")));
        assertEquals("leave", left.getString("event"));
        assertEquals("offline", watcher.await(f -> "presence".equals(f.getString("type"))
            && "grace_goner".equals(f.getString("user"))).getString("status"));
        List<JsonObject> aboutMover = new ArrayList<>(watcher.drain("member"));
        aboutMover.addAll(watcher.drain("presence"));
        aboutMover.removeIf(f -> !"grace_mover".equals(f.getString("user")));
        assertEquals(List.of(), aboutMover, "the user who moved never left the room nor went offline");
      }
      watcher.close();
    }
  }
}
