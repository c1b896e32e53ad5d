package chatnode.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import chatnode.testing.Http;
import chatnode.testing.NodeExtension;
import chatnode.testing.TestClient;
import chatnode.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Replies: a say or dm answering a message of its own conversation. */
@ExtendWith(VertxExtension.class)
class RepliesTest {
  @RegisterExtension
  static final NodeExtension shared = new NodeExtension();
  static TestNode node;

  @BeforeAll
  static void start() {
    node = shared.node();
  }

  @Test
  @DisplayName("a reply in a room carries replyTo live and in history; a seq the room does not have is not_found and takes nothing")
  void roomReplies(Vertx vertx) {
    try (TestClient ann = TestClient.login(vertx, node, "ann_re"); TestClient bob = TestClient.login(vertx, node, "bob_re")) {
      ann.join("answers");
      bob.join("answers");
      ann.say("answers", "who is in?", "q");
      assertEquals(1, ann.answer("q").getLong("seq"));
      bob.send(TestClient.frame("say").put("room", "answers").put("text", "me").put("replyTo", 1).put("ref", "a"));
      assertEquals(2, bob.answer("a").getLong("seq"));
      JsonObject reply = ann.await(f -> "message".equals(f.getString("type")) && f.getLong("seq") == 2);
      assertEquals(1, reply.getLong("replyTo"));
      assertNull(ann.await(f -> "message".equals(f.getString("type")) && f.getLong("seq") == 1).getValue("replyTo"));

      bob.send(TestClient.frame("say").put("room", "answers").put("text", "to nothing").put("replyTo", 3).put("ref", "n"));
      assertEquals("not_found", bob.answer("n").getString("code"), "seq 3 does not exist yet");
      bob.send(TestClient.frame("say").put("room", "answers").put("text", "bad").put("replyTo", "1").put("ref", "b"));
      assertEquals("bad_request", bob.answer("b").getString("code"));
      bob.send(TestClient.frame("say").put("room", "answers").put("text", "bad").put("replyTo", 0).put("ref", "z"));
      assertEquals("bad_request", bob.answer("z").getString("code"));
      ann.say("answers", "next", "next");
      assertEquals(3, ann.answer("next").getLong("seq"), "a refused reply took no seq");

      List<JsonObject> history = Http.get(node.url() + "/api/rooms/answers/messages", node.token("ann_re")).body()
          .getJsonArray("messages").stream().map(JsonObject.class::cast).toList();
      assertEquals(List.of("none", "1", "none"), history.stream().map(m -> m.containsKey("replyTo") ? m.getLong("replyTo").toString() : "none")
          .toList());
    }
  }

  @Test
  @DisplayName("a reply in a DM conversation answers a seq of that conversation only")
  void directReplies(Vertx vertx) {
    assertEquals(200, Http.get(node.url() + "/api/me", node.token("eve_re")).status());
    try (TestClient cid = TestClient.login(vertx, node, "cid_re"); TestClient dot = TestClient.login(vertx, node, "dot_re")) {
      cid.dm("dot_re", "lunch?", "l");
      assertEquals(1, cid.answer("l").getLong("seq"));
      dot.send(TestClient.frame("dm").put("to", "cid_re").put("text", "yes").put("replyTo", 1).put("ref", "y"));
      assertEquals(2, dot.answer("y").getLong("seq"));
      assertEquals(1, cid.await(f -> "dm".equals(f.getString("type")) && f.getLong("seq") == 2).getLong("replyTo"));
      dot.send(TestClient.frame("dm").put("to", "eve_re").put("text", "wrong conversation").put("replyTo", 2).put("ref", "w"));
      assertEquals("not_found", dot.answer("w").getString("code"), "seq 2 is of the conversation with cid, not eve");
    }
  }
}
