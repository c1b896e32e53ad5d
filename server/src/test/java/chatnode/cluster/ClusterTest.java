package chatnode.cluster;

import static chatnode.testing.TestClient.frame;
import static chatnode.testing.TestClient.seqs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatnode.testing.Await;
import chatnode.testing.Http;
import chatnode.testing.TestClient;
import chatnode.testing.TestCluster;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three node JVMs in one Hazelcast cluster over loopback, sharing the embedded store of one host.
 * Clients on different nodes must not notice they are apart. The last test kills a node.
 */
@ExtendWith(VertxExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest {
  @TempDir
  static Path data;
  static TestCluster cluster;

  @BeforeAll
  static void start() {
    cluster = TestCluster.start(3, data, "cluster", "--rate-limit", "10000", "--rate-burst", "10000",
        "--logins-per-minute-per-user", "4", "--max-connections-per-user", "3");
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  @Order(1)
  @DisplayName("a room and DMs across three nodes: members, messages and DMs reach every node")
  void roomsAndDirectMessages(Vertx vertx) {
    try (TestClient a = TestClient.login(vertx, cluster, 0, "ann_x");
        TestClient b = TestClient.login(vertx, cluster, 1, "ben_x");
        TestClient c = TestClient.login(vertx, cluster, 2, "cat_x")) {
      a.join("across");
      b.join("across");
      JsonObject joined = c.join("across");
      assertEquals(Set.of("ann_x", "ben_x", "cat_x"), Set.copyOf(joined.getJsonArray("members").getList()));
      assertEquals("cat_x", a.await(f -> "member".equals(f.getString("type")) && "cat_x".equals(f.getString("user"))).getString("user"));

      a.say("across", "from node 0", "1");
      assertEquals(1, a.awaitType("ack").getLong("seq"));
      c.say("across", "from node 2", "2");
      assertEquals(2, c.awaitType("ack").getLong("seq"));
      for (TestClient client : List.of(a, b, c)) {
        List<JsonObject> messages = client.collect("message", 2);
        assertEquals(List.of(1L, 2L), seqs(messages));
        assertEquals("from node 2", messages.get(1).getString("text"));
      }

      a.dm("cat_x", "node 0 to node 2", "d");
      assertEquals(1, a.awaitType("ack").getLong("seq"));
      assertEquals("node 0 to node 2", c.awaitType("dm").getString("text"));
      assertEquals("ann_x", a.awaitType("dm").getString("from"));

      c.send(frame("typing").put("to", "ann_x"));
      assertEquals("cat_x", a.awaitType("typing").getString("from"));
    }
  }

  @Test
  @Order(2)
  @DisplayName("presence is per user across the cluster: online once, offline after the last session anywhere; profile edits reach watchers on other nodes")
  void presenceAcrossNodes(Vertx vertx) {
    try (TestClient watcher = TestClient.login(vertx, cluster, 0, "watcher_x")) {
      watcher.send(frame("watch").put("users", new JsonArray().add("roamer_x")));
      assertEquals("offline", watcher.expect("presence").getString("status"));
      TestClient onOne = TestClient.login(vertx, cluster, 1, "roamer_x");
      assertEquals("online", watcher.expect("presence").getString("status"));
      TestClient onTwo = TestClient.login(vertx, cluster, 2, "roamer_x");
      String nodeTwo = "http://127.0.0.1:" + cluster.node(2).port();
      assertEquals(200, Http.call("PUT", nodeTwo + "/api/profiles/roamer_x", cluster.token("roamer_x"), "{\"statusText\":\"roaming\"}").status());
      assertEquals("roaming", watcher.expect("profile").getJsonObject("profile").getString("statusText"), "a profile edit on node 2 reaches node 0");
      onOne.close();
      watcher.expectSilence(1_000);
      onTwo.close();
      JsonObject offline = watcher.expect("presence");
      assertEquals("roamer_x", offline.getString("user"));
      assertEquals("offline", offline.getString("status"));
    }
  }

  @Test
  @Order(3)
  @DisplayName("posters on every node at once: members on every node see one identical gapless sequence")
  void concurrentPostersOnEveryNode(Vertx vertx) throws Exception {
    int each = 100;
    List<TestClient> posters = new ArrayList<>();
    List<TestClient> members = new ArrayList<>();
    try {
      for (int n = 0; n < cluster.size(); n++) {
        posters.add(TestClient.login(vertx, cluster, n, "poster_" + n));
        members.add(TestClient.login(vertx, cluster, n, "member_" + n));
      }
      for (TestClient c : members) {
        c.join("busy");
      }
      for (TestClient c : posters) {
        c.join("busy");
      }
      List<CompletableFuture<Void>> posting = new ArrayList<>();
      for (TestClient p : posters) {
        posting.add(CompletableFuture.runAsync(() -> {
          for (int i = 0; i < each; i++) {
            p.say("busy", p.user() + " #" + i, "r" + i);
          }
        }));
      }
      CompletableFuture.allOf(posting.toArray(CompletableFuture[]::new)).get();
      int total = each * posters.size();
      List<String> first = null;
      for (TestClient m : members) {
        List<JsonObject> got = m.collect("message", total);
        assertEquals(LongStream.rangeClosed(1, total).boxed().toList(), seqs(got), m.user() + " got a gap or a repeat");
        List<String> texts = got.stream().map(f -> f.getString("text")).toList();
        if (first == null) {
          first = texts;
        } else {
          assertEquals(first, texts, "every node delivers the same order");
        }
        m.discard("member");
        m.expectSilence(300);
      }
    } finally {
      posters.forEach(TestClient::close);
      members.forEach(TestClient::close);
    }
  }

  @Test
  @Order(4)
  @DisplayName("an admin on one node kicks and bans a user whose sessions are on the other nodes")
  void moderationAcrossNodes(Vertx vertx) {
    TestClient onOne = TestClient.login(vertx, cluster, 1, "unruly_x");
    TestClient onTwo = TestClient.login(vertx, cluster, 2, "unruly_x");
    String admin = cluster.token("root_x", "admin");
    String base = "http://127.0.0.1:" + cluster.node(0).port();
    assertEquals(200, Http.post(base + "/api/admin/users/unruly_x/kick", admin, new JsonObject()).status());
    for (TestClient c : List.of(onOne, onTwo)) {
      assertEquals("kicked", c.awaitType("kicked").getString("reason"));
      assertEquals(4001, c.awaitClose());
    }
    TestClient back = TestClient.login(vertx, cluster, 2, "unruly_x");
    assertEquals(200, Http.call("PUT", base + "/api/admin/users/unruly_x/ban", admin, "{\"reason\":\"spam\"}").status());
    assertEquals("spam", back.awaitType("kicked").getString("reason"));
    assertEquals(4403, back.awaitClose());
    try (TestClient refused = TestClient.connect(vertx, cluster.node(1).port())) {
      refused.send(frame("auth").put("token", cluster.token("unruly_x")));
      assertEquals(4403, refused.awaitClose());
    }
    JsonArray nodes = Http.get(base + "/api/admin/nodes", admin).body().getJsonArray("nodes");
    assertEquals(3, nodes.size());
  }

  @Test
  @Order(4)
  @DisplayName("sessions per user count across the cluster: one on each of three nodes, a fourth anywhere is closed with 4008")
  void sessionsPerUserAcrossNodes(Vertx vertx) {
    List<TestClient> sessions = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        sessions.add(TestClient.login(vertx, cluster, i, "crowd_x"));
      }
      String admin = cluster.token("root_x", "admin");
      String nodeZero = "http://127.0.0.1:" + cluster.node(0).port();
      Await.until(() -> Http.get(nodeZero + "/api/admin/sessions", admin).body().getJsonArray("sessions").stream()
          .filter(x -> "crowd_x".equals(((JsonObject) x).getString("user"))).count() == 3, "node 0 knows all three sessions");
      try (TestClient fourth = TestClient.connect(vertx, cluster.node(0).port())) {
        fourth.send(frame("auth").put("token", cluster.token("crowd_x")));
        assertEquals(4008, fourth.awaitClose());
      }
    } finally {
      sessions.forEach(TestClient::close);
    }
  }

  @Test
  @Order(4)
  @DisplayName("login attempts share one budget across the cluster: guesses spread over three nodes gain nothing")
  void loginBudgetAcrossNodes() {
    JsonObject guess = new JsonObject().put("username", "guessed_x").put("password", "not the password");
    for (int i = 0; i < 4; i++) {
      String node = "http://127.0.0.1:" + cluster.node(i % 3).port();
      assertEquals(401, Http.post(node + "/api/auth/login", null, guess).status(), "guess " + (i + 1) + " is within the budget");
    }
    for (int i = 0; i < 3; i++) {
      String node = "http://127.0.0.1:" + cluster.node(i).port();
      assertEquals(429, Http.post(node + "/api/auth/login", null, guess).status(), "node " + i + " knows the budget is spent");
    }
  }

  @Test
  @Order(5)
  @DisplayName("kill -9 of a node: its clients resume elsewhere with every acked message exactly once; its users go offline")
  void nodeDeath(Vertx vertx) throws Exception {
    TestClient watcher = TestClient.login(vertx, cluster, 0, "watcher_k");
    TestClient steady = TestClient.login(vertx, cluster, 1, "steady_k");
    TestClient doomedPoster = TestClient.login(vertx, cluster, 2, "doomed_poster");
    TestClient doomedMember = TestClient.login(vertx, cluster, 2, "doomed_member");
    try {
      watcher.send(frame("watch").put("users", new JsonArray().add("doomed_member")));
      // The login on node 2 reaches node 0's registry a bus hop later: the first answer may still say offline.
      watcher.await(f -> "presence".equals(f.getString("type")) && "online".equals(f.getString("status")));
      for (TestClient c : List.of(watcher, steady, doomedPoster, doomedMember)) {
        c.join("survive");
      }
      ConcurrentLinkedQueue<Long> acked = new ConcurrentLinkedQueue<>();
      CompletableFuture<Void> survivorPosting = CompletableFuture.runAsync(() -> {
        for (int i = 0; i < 100; i++) {
          steady.say("survive", "steady " + i, "s" + i);
          acked.add(steady.awaitType("ack").getLong("seq"));
        }
      });
      for (int i = 0; i < 30; i++) {
        doomedPoster.say("survive", "doomed " + i, "d" + i);
        acked.add(doomedPoster.awaitType("ack").getLong("seq"));
      }
      List<JsonObject> seenBefore = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        seenBefore.add(doomedMember.awaitType("message"));
      }
      cluster.node(2).kill();
      doomedMember.awaitClose();

      JsonObject offline = watcher.await(f -> "presence".equals(f.getString("type")));
      assertEquals("doomed_member", offline.getString("user"));
      assertEquals("offline", offline.getString("status"), "the dead node's users go offline within the wait");

      survivorPosting.get();
      long lastSeen = seenBefore.get(seenBefore.size() - 1).getLong("seq");
      try (TestClient resumed = TestClient.login(vertx, cluster, 0, "doomed_member")) {
        resumed.joinSince("survive", lastSeen);
        long newest = acked.stream().mapToLong(Long::longValue).max().orElseThrow();
        List<Long> after = seqs(resumed.collect("message", (int) (newest - lastSeen)));
        List<Long> all = new ArrayList<>(seqs(seenBefore));
        all.addAll(after);
        assertEquals(LongStream.rangeClosed(1, newest).boxed().toList(), all, "every message exactly once, in order");
        Set<Long> delivered = new HashSet<>(all);
        assertTrue(delivered.containsAll(acked), "every acknowledged message is there");
        resumed.expectSilence(300);
      }
    } finally {
      for (TestClient c : List.of(watcher, steady, doomedPoster, doomedMember)) {
        c.close();
      }
    }
  }
}
