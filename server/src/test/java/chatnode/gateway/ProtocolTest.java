package chatnode.gateway;

import static chatnode.testing.TestClient.frame;
import static chatnode.testing.TestClient.seqs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatnode.testing.NodeExtension;
import chatnode.testing.TestClient;
import chatnode.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every client and server frame of the protocol, on one real node over real WebSockets. */
@ExtendWith(VertxExtension.class)
class ProtocolTest {
  @RegisterExtension
  static final NodeExtension shared = new NodeExtension("--rate-limit", "10000", "--rate-burst", "10000");
  static TestNode node;

  @BeforeAll
  static void start() {
    node = shared.node();
  }

  @Test
  @DisplayName("auth is answered by welcome with protocol 1, user, session, node and the token's roles")
  void welcome(Vertx vertx) {
    try (TestClient c = TestClient.connect(vertx, node.port())) {
      JsonObject welcome = c.auth(node.token("wally", "service"));
      assertEquals(1, welcome.getInteger("protocol"));
      assertEquals("wally", welcome.getString("user"));
      assertFalse(welcome.getString("session").isEmpty());
      assertFalse(welcome.getString("node").isEmpty());
      assertEquals(new JsonArray().add("service"), welcome.getJsonArray("roles"));
    }
  }

  @Test
  @DisplayName("say is stored, acked with its seq, and delivered to every member, the sender included")
  void sayAndMessage(Vertx vertx) {
    try (TestClient alice = TestClient.login(vertx, node, "alice_s"); TestClient bob = TestClient.login(vertx, node, "bob_s")) {
      JsonObject joined = alice.join("lobby-say");
      assertEquals(0, joined.getLong("seq"));
      assertEquals(new JsonArray().add("alice_s"), joined.getJsonArray("members"));
      assertFalse(joined.getBoolean("truncated"));
      JsonObject bobJoined = bob.join("lobby-say");
      assertEquals(2, bobJoined.getJsonArray("members").size());
      assertEquals("join", alice.awaitType("member").getString("event"));

      alice.say("lobby-say", "  hello bob  ", "r1");
      JsonObject ack = alice.awaitType("ack");
      assertEquals("r1", ack.getString("ref"));
      assertEquals(1, ack.getLong("seq"));
      for (TestClient c : List.of(alice, bob)) {
        JsonObject m = c.awaitType("message");
        assertEquals("lobby-say", m.getString("room"));
        assertEquals(1, m.getLong("seq"));
        assertEquals("alice_s", m.getString("from"));
        assertEquals("hello bob", m.getString("text"), "stored trimmed");
        assertTrue(m.getLong("ts") > 0);
      }
    }
  }

  @Test
  @DisplayName("join without since sends joined then the last 50 messages; with since every message after it")
  void joinBacklog(Vertx vertx) {
    try (TestClient alice = TestClient.login(vertx, node, "alice_b")) {
      alice.join("backlog");
      for (int i = 1; i <= 60; i++) {
        alice.say("backlog", "m" + i, "r" + i);
      }
      alice.collect("ack", 60);
      try (TestClient bob = TestClient.login(vertx, node, "bob_b")) {
        JsonObject joined = bob.join("backlog");
        assertEquals(60, joined.getLong("seq"));
        assertEquals(LongStream.rangeClosed(11, 60).boxed().toList(), seqs(bob.collect("message", 50)));
        bob.expectSilence(200);
      }
      try (TestClient carol = TestClient.login(vertx, node, "carol_b")) {
        carol.joinSince("backlog", 57);
        List<JsonObject> missing = carol.collect("message", 3);
        assertEquals(List.of(58L, 59L, 60L), seqs(missing));
        assertEquals("m58", missing.get(0).getString("text"));
        carol.expectSilence(200);
      }
    }
  }

  @Test
  @DisplayName("joining again is answered like a first join")
  void joinAgain(Vertx vertx) {
    try (TestClient alice = TestClient.login(vertx, node, "alice_j")) {
      alice.join("again");
      alice.say("again", "one", "a");
      alice.awaitType("ack");
      alice.awaitType("message");
      JsonObject again = alice.join("again");
      assertEquals(1, again.getLong("seq"));
      assertEquals(List.of(1L), seqs(alice.collect("message", 1)));
    }
  }

  @Test
  @DisplayName("leave stops the room's messages and tells the others the member left")
  void leave(Vertx vertx) {
    try (TestClient alice = TestClient.login(vertx, node, "alice_l"); TestClient bob = TestClient.login(vertx, node, "bob_l")) {
      alice.join("leaving");
      bob.join("leaving");
      alice.awaitType("member");
      bob.send(frame("leave").put("room", "leaving"));
      JsonObject left = alice.awaitType("member");
      assertEquals("bob_l", left.getString("user"));
      assertEquals("leave", left.getString("event"));
      alice.say("leaving", "anyone?", "x");
      alice.awaitType("ack");
      bob.expectSilence(300);
      bob.say("leaving", "hi", "y");
      assertEquals("not_joined", bob.expect("error").getString("code"));
    }
  }

  @Test
  @DisplayName("a dm reaches every session of both users and is acked; history with resumes the conversation")
  void directMessages(Vertx vertx) {
    try (TestClient alice = TestClient.login(vertx, node, "alice_d");
        TestClient alice2 = TestClient.login(vertx, node, "alice_d");
        TestClient bob = TestClient.login(vertx, node, "bob_d")) {
      alice.dm("bob_d", "psst", "d1");
      assertEquals(1, alice.awaitType("ack").getLong("seq"));
      for (TestClient c : List.of(alice, alice2, bob)) {
        JsonObject dm = c.awaitType("dm");
        assertEquals("alice_d", dm.getString("from"));
        assertEquals("bob_d", dm.getString("to"));
        assertEquals(1, dm.getLong("seq"));
        assertEquals("psst", dm.getString("text"));
      }
      bob.dm("alice_d", "yes?", "d2");
      assertEquals(2, bob.awaitType("ack").getLong("seq"));
      bob.send(frame("history").put("with", "alice_d").put("after", 1).put("ref", "h"));
      JsonObject history = bob.awaitType("history");
      assertEquals("alice_d", history.getString("with"));
      assertEquals("h", history.getString("ref"));
      assertEquals(List.of(2L), seqs(history.getJsonArray("messages").stream().map(JsonObject.class::cast).toList()));
    }
  }

  @Test
  @DisplayName("a dm to a user who never appeared is not_found; to yourself bad_request; neither takes a seq")
  void dmRefusals(Vertx vertx) {
    try (TestClient alice = TestClient.login(vertx, node, "alice_r")) {
      alice.dm("nobody_here", "hello?", "n1");
      JsonObject error = alice.expectError("not_found");
      assertEquals("n1", error.getString("ref"));
      alice.dm("alice_r", "me", "n2");
      alice.expectError("bad_request");
      try (TestClient bob = TestClient.login(vertx, node, "bob_r")) {
        bob.dm("alice_r", "first", "n3");
        assertEquals(1, bob.awaitType("ack").getLong("seq"));
      }
    }
  }

  @Test
  @DisplayName("typing reaches the room's other members, or the addressed user, and is never stored")
  void typing(Vertx vertx) {
    try (TestClient alice = TestClient.login(vertx, node, "alice_t"); TestClient bob = TestClient.login(vertx, node, "bob_t")) {
      alice.join("typing");
      bob.join("typing");
      alice.awaitType("member");
      alice.send(frame("typing").put("room", "typing"));
      JsonObject t = bob.awaitType("typing");
      assertEquals("alice_t", t.getString("from"));
      assertEquals("typing", t.getString("room"));
      alice.send(frame("typing").put("to", "bob_t"));
      JsonObject direct = bob.awaitType("typing");
      assertEquals("bob_t", direct.getString("to"));
      alice.expectSilence(300);
      bob.send(frame("history").put("room", "typing"));
      assertTrue(bob.awaitType("history").getJsonArray("messages").isEmpty());
      alice.send(frame("typing").put("room", "elsewhere"));
      alice.expectError("not_joined");
    }
  }

  @Test
  @DisplayName("watch answers one presence frame per watched user at once, then sends changes")
  void watch(Vertx vertx) {
    try (TestClient alice = TestClient.login(vertx, node, "alice_w")) {
      alice.send(frame("watch").put("users", new JsonArray().add("bob_w").add("carol_w").add("bob_w")));
      JsonObject bobStatus = alice.expect("presence");
      assertEquals("bob_w", bobStatus.getString("user"));
      assertEquals("offline", bobStatus.getString("status"));
      assertEquals("carol_w", alice.expect("presence").getString("user"));
      alice.expectSilence(200);
      TestClient bob = TestClient.login(vertx, node, "bob_w");
      JsonObject online = alice.expect("presence");
      assertEquals("bob_w", online.getString("user"));
      assertEquals("online", online.getString("status"));
      TestClient bob2 = TestClient.login(vertx, node, "bob_w");
      bob.close();
      alice.expectSilence(300);
      bob2.close();
      JsonObject offline = alice.expect("presence");
      assertEquals("offline", offline.getString("status"));
    }
  }

  @Test
  @DisplayName("history pages a room backwards with before and forwards with after, oldest first")
  void history(Vertx vertx) {
    try (TestClient alice = TestClient.login(vertx, node, "alice_h")) {
      alice.join("history");
      for (int i = 1; i <= 12; i++) {
        alice.say("history", "h" + i, "r" + i);
      }
      alice.collect("ack", 12);
      alice.collect("message", 12);
      alice.send(frame("history").put("room", "history").put("limit", 5).put("ref", "p1"));
      assertEquals(List.of(8L, 9L, 10L, 11L, 12L), historySeqs(alice.awaitType("history")));
      alice.send(frame("history").put("room", "history").put("before", 8).put("limit", 3));
      assertEquals(List.of(5L, 6L, 7L), historySeqs(alice.awaitType("history")));
      alice.send(frame("history").put("room", "history").put("after", 10));
      assertEquals(List.of(11L, 12L), historySeqs(alice.awaitType("history")));
      alice.send(frame("history").put("with", "nobody_at_all").put("ref", "nf"));
      assertEquals("nf", alice.expectError("not_found").getString("ref"));
    }
  }

  @Test
  @DisplayName("ping is answered by pong with the ref")
  void ping(Vertx vertx) {
    try (TestClient alice = TestClient.login(vertx, node, "alice_p")) {
      alice.send(frame("ping").put("ref", "p"));
      assertEquals("p", alice.expect("pong").getString("ref"));
      alice.send(frame("ping"));
      assertFalse(alice.expect("pong").containsKey("ref"));
    }
  }

  @Test
  @DisplayName("two clients posting at once: every member sees one gapless, strictly increasing sequence")
  void concurrentPostersGapless(Vertx vertx) throws Exception {
    int each = 150;
    try (TestClient watcher = TestClient.login(vertx, node, "watcher_g");
        TestClient a = TestClient.login(vertx, node, "poster_a");
        TestClient b = TestClient.login(vertx, node, "poster_b")) {
      for (TestClient c : List.of(watcher, a, b)) {
        c.join("gapless");
      }
      Thread ta = new Thread(() -> post(a, each));
      Thread tb = new Thread(() -> post(b, each));
      ta.start();
      tb.start();
      ta.join();
      tb.join();
      List<Long> expected = LongStream.rangeClosed(1, 2L * each).boxed().toList();
      assertEquals(expected, seqs(watcher.collect("message", 2 * each)));
      assertEquals(expected, seqs(a.collect("message", 2 * each)));
      List<Long> acks = new java.util.ArrayList<>(seqs(a.collect("ack", each)));
      acks.addAll(seqs(b.collect("ack", each)));
      assertEquals(expected, acks.stream().sorted().toList(), "every ack names a distinct seq");
    }
  }

  private static void post(TestClient c, int n) {
    for (int i = 0; i < n; i++) {
      c.say("gapless", c.user() + " " + i, "r" + i);
    }
  }

  private static List<Long> historySeqs(JsonObject history) {
    return seqs(history.getJsonArray("messages").stream().map(JsonObject.class::cast).toList());
  }
}
