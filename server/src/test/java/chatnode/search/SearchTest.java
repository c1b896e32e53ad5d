package chatnode.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatnode.testing.Http;
import chatnode.testing.Stores;
import chatnode.testing.TestClient;
import chatnode.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** GET /api/search on both stores: only what the caller may read, deletions reflected, pages stable, bad queries refused. */
@ExtendWith(VertxExtension.class)
class SearchTest {

  private static Http.Reply search(TestNode node, String user, String query) {
    return Http.get(node.url() + "/api/search?" + query, node.token(user));
  }

  private static String q(String words) {
    return "q=" + URLEncoder.encode(words, StandardCharsets.UTF_8);
  }

  /** Each result as "room#seq" or "@with#seq", newest first. */
  private static List<String> hits(Http.Reply reply) {
    assertEquals(200, reply.status(), reply.body().encode());
    return reply.body().getJsonArray("results").stream().map(JsonObject.class::cast)
        .map(h -> (h.containsKey("room") ? h.getString("room") : "@" + h.getString("with")) + "#" + h.getLong("seq")).toList();
  }

  private static void say(TestClient c, String room, String text) {
    c.say(room, text, text);
    c.await(f -> text.equals(f.getString("ref")) && "ack".equals(f.getString("type")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("chatnode.testing.Stores#kinds")
  @DisplayName("a search finds what the caller may read: public rooms, their private rooms, their DMs; never a deleted message")
  void accessAndDeletion(String kind, Vertx vertx, @TempDir Path data) {
    String url = Stores.url(kind, data);
    try (TestNode node = TestNode.start(data, "--store-url", url)) {
      for (String user : List.of("ann_s", "bob_s", "eve_s")) {
        assertEquals(200, Http.get(node.url() + "/api/me", node.token(user)).status());
      }
      assertEquals(201, Http.post(node.url() + "/api/rooms", node.token("ann_s"),
          new JsonObject().put("room", "cellar").put("visibility", "private")).status());
      try (TestClient ann = TestClient.login(vertx, node, "ann_s")) {
        ann.join("square");
        ann.join("cellar");
        say(ann, "square", "Deploying the rocket at noon");
        say(ann, "cellar", "the secret rocket codes");
        ann.dm("bob_s", "a rocket for bob only", "d1");
        ann.await(f -> "d1".equals(f.getString("ref")));
        say(ann, "square", "nothing to see here");
      }
      assertEquals(List.of("@bob_s#1", "cellar#1", "square#1"), hits(search(node, "ann_s", q("rocket"))));
      assertEquals(List.of("@ann_s#1", "square#1"), hits(search(node, "bob_s", q("rocket"))), "not a private room he is not in");
      assertEquals(List.of("square#1"), hits(search(node, "eve_s", q("ROCKET"))), "nor a DM of others");
      assertEquals(List.of("square#1"), hits(search(node, "eve_s", q("depl"))), "a word's start finds it");
      assertEquals(List.of("cellar#1"), hits(search(node, "ann_s", q("secret rocket"))), "every word must be there");
      assertEquals(List.of("cellar#1"), hits(search(node, "ann_s", q("rocket") + "&room=cellar")));
      assertEquals(List.of("@bob_s#1"), hits(search(node, "ann_s", q("rocket") + "&with=bob_s")));
      assertEquals(List.of(), hits(search(node, "ann_s", q("rocket") + "&from=bob_s")));
      assertEquals(List.of("square#1"), hits(search(node, "eve_s", q("\"rocket\" (noon*) -:^~"))), "query syntax is just words");
      JsonObject hit = search(node, "eve_s", q("rocket")).body().getJsonArray("results").getJsonObject(0);
      assertEquals("ann_s", hit.getString("from"));
      assertTrue(hit.getString("snippet").contains("rocket"), hit.encode());

      assertEquals(200, Http.call("DELETE", node.url() + "/api/admin/rooms/square/messages/1", node.token("root_s", "admin"), null)
          .status());
      assertEquals(List.of(), hits(search(node, "eve_s", q("rocket"))), "a deleted message is not found");

      for (String bad : List.of("q=", q("!!! ..."), q("a b c d e f g h i"), q("x") + "&before=yesterday", q("x") + "&room=Bad%20Room",
          q("x") + "&room=square&with=bob_s", q("x") + "&limit=0")) {
        Http.Reply refused = search(node, "ann_s", bad);
        assertEquals(400, refused.status(), bad + ": " + refused.body().encode());
      }
      assertEquals(401, Http.get(node.url() + "/api/search?" + q("rocket"), null).status());
    } finally {
      Stores.drop(url);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("chatnode.testing.Stores#kinds")
  @DisplayName("an edited message is found by its new text, not its old one; one its author deleted is not found")
  void editsAndDeletions(String kind, Vertx vertx, @TempDir Path data) {
    String url = Stores.url(kind, data);
    try (TestNode node = TestNode.start(data, "--store-url", url)) {
      assertEquals(200, Http.get(node.url() + "/api/me", node.token("bob_e")).status());
      try (TestClient ann = TestClient.login(vertx, node, "ann_e")) {
        ann.join("hangar");
        say(ann, "hangar", "the blue rocket");
        ann.dm("bob_e", "a rocket for bob", "d");
        ann.answer("d");
        assertEquals(List.of("@ann_e#1", "hangar#1"), hits(search(node, "bob_e", q("rocket"))));

        ann.edit("hangar", 1, "the red balloon", "e");
        assertEquals(1, ann.answer("e").getLong("rev"));
        assertEquals(List.of("@ann_e#1"), hits(search(node, "bob_e", q("rocket"))), "not by its old text");
        assertEquals(List.of(), hits(search(node, "bob_e", q("blue"))));
        assertEquals(List.of("hangar#1"), hits(search(node, "bob_e", q("balloon"))), "by its new text");

        ann.delete("@bob_e", 1, "x");
        assertEquals(1, ann.answer("x").getLong("rev"));
        assertEquals(List.of(), hits(search(node, "bob_e", q("rocket"))), "a DM its author deleted is not found");
      }
    } finally {
      Stores.drop(url);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("chatnode.testing.Stores#kinds")
  @DisplayName("pages, newest first, follow each other by next with no repeat and no gap, a message posted meanwhile "
      + "notwithstanding; a hit opens with history around its seq")
  void paging(String kind, Vertx vertx, @TempDir Path data) {
    String url = Stores.url(kind, data);
    try (TestNode node = TestNode.start(data, "--store-url", url); TestClient cal = TestClient.login(vertx, node, "cal_s")) {
      cal.join("ledger");
      for (int i = 1; i <= 5; i++) {
        say(cal, "ledger", "entry number " + i);
      }
      List<String> seen = new ArrayList<>();
      Http.Reply page = search(node, "cal_s", q("entry") + "&limit=2");
      seen.addAll(hits(page));
      say(cal, "ledger", "entry number 6, after the first page");
      while (page.body().containsKey("next")) {
        page = search(node, "cal_s", q("entry") + "&limit=2&before=" + page.body().getString("next"));
        seen.addAll(hits(page));
      }
      assertEquals(List.of("ledger#5", "ledger#4", "ledger#3", "ledger#2", "ledger#1"), seen);
      assertFalse(page.body().containsKey("next"), "the last page says so");

      // Opening the conversation at a hit: a page around its seq, over REST and on the socket.
      assertEquals(List.of(2L, 3L, 4L), Http.get(node.url() + "/api/rooms/ledger/messages?around=3&limit=3", node.token("cal_s")).body()
          .getJsonArray("messages").stream().map(m -> ((JsonObject) m).getLong("seq")).toList());
      cal.send(TestClient.frame("history").put("room", "ledger").put("around", 1).put("limit", 4).put("ref", "at"));
      assertEquals(List.of(1L, 2L, 3L, 4L), cal.await(f -> "at".equals(f.getString("ref"))).getJsonArray("messages").stream()
          .map(m -> ((JsonObject) m).getLong("seq")).toList(), "around the first message: from the first");
      cal.send(TestClient.frame("history").put("room", "ledger").put("around", 2).put("after", 1).put("ref", "both"));
      assertEquals("bad_request", cal.await(f -> "both".equals(f.getString("ref"))).getString("code"));
      assertEquals(400, Http.get(node.url() + "/api/rooms/ledger/messages?around=0", node.token("cal_s")).status());
    } finally {
      Stores.drop(url);
    }
  }
}
