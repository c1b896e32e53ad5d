package chatnode.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatnode.testing.Http;
import chatnode.testing.NodeExtension;
import chatnode.testing.TestClient;
import chatnode.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rooms people belong to, on one node: private rooms, membership, roles, read markers. */
@ExtendWith(VertxExtension.class)
class RoomsTest {
  @RegisterExtension
  static final NodeExtension shared = new NodeExtension();
  static TestNode node;

  @BeforeAll
  static void start() {
    node = shared.node();
  }

  private static Http.Reply create(String user, String room, String visibility) {
    return Http.post(node.url() + "/api/rooms", node.token(user), new JsonObject().put("room", room).put("visibility", visibility)
        .put("topic", "about " + room));
  }

  /** Adds {@code user} (known to the node from their token's first use) to the room, as {@code by}. */
  private static Http.Reply add(String by, String room, String user) {
    Http.get(node.url() + "/api/me", node.token(user));
    return Http.post(node.url() + "/api/rooms/" + room + "/members", node.token(by), new JsonObject().put("user", user));
  }

  private static List<String> names(JsonArray list, String key) {
    return list.stream().map(o -> ((JsonObject) o).getString(key)).toList();
  }

  @Test
  @DisplayName("a private room: its owner adds a member, who joins and reads it; a stranger can neither see, join, read nor post")
  void privateRoom(Vertx vertx) {
    Http.Reply created = create("ann_p", "secret-plans", "private");
    assertEquals(201, created.status());
    assertEquals(new JsonObject().put("room", "secret-plans").put("visibility", "private").put("topic", "about secret-plans")
        .put("role", "owner"), created.body());
    assertEquals(409, create("ann_p", "secret-plans", "public").status(), "a name is taken once");
    try (TestClient bob = TestClient.login(vertx, node, "bob_p"); TestClient eve = TestClient.login(vertx, node, "eve_p")) {
      assertEquals(200, add("ann_p", "secret-plans", "bob_p").status());
      assertEquals("added", bob.awaitType("membership").getString("event"));

      JsonObject joined = bob.join("secret-plans");
      assertEquals("secret-plans", joined.getString("room"));
      bob.say("secret-plans", "for members", "r1");
      assertEquals(1, bob.await(f -> "ack".equals(f.getString("type"))).getLong("seq"));

      eve.send(TestClient.frame("join").put("room", "secret-plans").put("ref", "j"));
      assertEquals("j", eve.expectError("forbidden").getString("ref"));
      eve.send(TestClient.frame("history").put("room", "secret-plans").put("ref", "h"));
      eve.expectError("forbidden");
      eve.say("secret-plans", "let me in", "s");
      eve.expectError("not_joined");
      assertEquals(403, Http.get(node.url() + "/api/rooms/secret-plans", node.token("eve_p")).status());
      assertEquals(403, Http.get(node.url() + "/api/rooms/secret-plans/messages", node.token("eve_p")).status());
      assertEquals(403, Http.get(node.url() + "/api/rooms/secret-plans/members", node.token("eve_p")).status());
      assertFalse(names(Http.get(node.url() + "/api/rooms?q=secret", node.token("eve_p")).body().getJsonArray("rooms"), "room")
          .contains("secret-plans"), "not in a stranger's directory");
      assertTrue(names(Http.get(node.url() + "/api/rooms?q=secret", node.token("bob_p")).body().getJsonArray("rooms"), "room")
          .contains("secret-plans"), "in a member's directory");

      JsonObject details = Http.get(node.url() + "/api/rooms/secret-plans", node.token("bob_p")).body();
      assertEquals(new JsonObject().put("room", "secret-plans").put("visibility", "private").put("topic", "about secret-plans")
          .put("members", 2).put("lastSeq", 1).put("role", "member").put("online", 1), details);
      assertEquals(List.of("ann_p", "bob_p"), names(Http.get(node.url() + "/api/rooms/secret-plans/members", node.token("bob_p"))
          .body().getJsonArray("members"), "user"));
    }
  }

  @Test
  @DisplayName("its owner changes a room's topic and visibility, a member may not; a room made public is open to everyone")
  void update(Vertx vertx) {
    assertEquals(201, create("ann_v", "book-club", "private").status());
    add("ann_v", "book-club", "bob_v");
    assertEquals(403, Http.call("PATCH", node.url() + "/api/rooms/book-club", node.token("bob_v"), "{\"topic\":\"mine\"}").status());
    assertEquals(400, Http.call("PATCH", node.url() + "/api/rooms/book-club", node.token("ann_v"), "{\"visibility\":\"secret\"}").status());
    Http.Reply changed = Http.call("PATCH", node.url() + "/api/rooms/book-club", node.token("ann_v"),
        "{\"topic\":\"this month: Dune\",\"visibility\":\"public\"}");
    assertEquals(new JsonObject().put("room", "book-club").put("visibility", "public").put("topic", "this month: Dune"), changed.body());
    assertEquals(200, Http.get(node.url() + "/api/rooms/book-club", node.token("eve_v")).status());
    try (TestClient eve = TestClient.login(vertx, node, "eve_v")) {
      eve.join("book-club");
      eve.say("book-club", "count me in", "e1");
      assertEquals(1, eve.await(f -> "ack".equals(f.getString("type"))).getLong("seq"));
    }
  }

  @Test
  @DisplayName("a removed member stops receiving the room at once and cannot post; a member cannot remove another, a moderator can")
  void removal(Vertx vertx) {
    assertEquals(201, create("ann_r", "inner-circle", "private").status());
    add("ann_r", "inner-circle", "bob_r");
    add("ann_r", "inner-circle", "cat_r");
    try (TestClient bob = TestClient.login(vertx, node, "bob_r"); TestClient cat = TestClient.login(vertx, node, "cat_r")) {
      bob.join("inner-circle");
      cat.join("inner-circle");
      assertEquals(403, Http.call("DELETE", node.url() + "/api/rooms/inner-circle/members/bob_r", node.token("cat_r"), null).status(),
          "a member may not remove another");
      assertEquals(200, Http.call("PUT", node.url() + "/api/rooms/inner-circle/members/cat_r", node.token("ann_r"),
          "{\"role\":\"moderator\"}").status());
      assertEquals("role", cat.awaitType("membership").getString("event"));
      assertEquals(200, Http.call("DELETE", node.url() + "/api/rooms/inner-circle/members/bob_r", node.token("cat_r"), null).status());
      JsonObject removed = bob.await(f -> "membership".equals(f.getString("type")) && "bob_r".equals(f.getString("user")));
      assertEquals(new JsonObject().put("type", "membership").put("room", "inner-circle").put("user", "bob_r")
          .put("event", "removed").put("by", "cat_r"), removed);
      assertEquals("removed", cat.await(f -> "membership".equals(f.getString("type")) && "bob_r".equals(f.getString("user")))
          .getString("event"), "the room hears of it too");

      bob.say("inner-circle", "still here?", "after");
      assertEquals("not_joined", bob.await(f -> "error".equals(f.getString("type"))).getString("code"));
      cat.say("inner-circle", "bob is gone", "c1");
      cat.awaitType("message");
      assertEquals(null, bob.pollType("message"), "the removed member no longer receives the room");
      bob.send(TestClient.frame("join").put("room", "inner-circle").put("ref", "again"));
      assertEquals("forbidden", bob.await(f -> "error".equals(f.getString("type"))).getString("code"));
    }
  }

  @Test
  @DisplayName("joining a public room makes a member once; part ends it; the last owner cannot part; rooms survive in GET /api/me/rooms")
  void partAndMine(Vertx vertx) {
    assertEquals(201, create("ann_m", "open-house", "public").status());
    try (TestClient dan = TestClient.login(vertx, node, "dan_m"); TestClient danPhone = TestClient.login(vertx, node, "dan_m")) {
      dan.join("open-house");
      assertEquals(new JsonObject().put("type", "membership").put("room", "open-house").put("user", "dan_m").put("event", "added")
          .put("role", "member").put("by", "dan_m"), danPhone.awaitType("membership"), "his other sessions hear he is a member");
      dan.join("open-house");
      assertEquals(null, dan.pollType("membership"), "the joining session has its joined, not a membership frame");
      assertEquals(null, danPhone.pollType("membership"), "a second join makes no member again");
      JsonArray mine = Http.get(node.url() + "/api/me/rooms", node.token("dan_m")).body().getJsonArray("rooms");
      assertEquals(List.of("general", "open-house"), names(mine, "room"), "every account is in general from its start");
      dan.send(TestClient.frame("part").put("room", "open-house"));
      JsonObject parted = dan.awaitType("membership");
      assertEquals("parted", parted.getString("event"));
      assertEquals(List.of("general"), names(Http.get(node.url() + "/api/me/rooms", node.token("dan_m")).body()
          .getJsonArray("rooms"), "room"));
    }
    try (TestClient ann = TestClient.login(vertx, node, "ann_m")) {
      ann.send(TestClient.frame("part").put("room", "open-house").put("ref", "p"));
      assertEquals("p", ann.expectError("forbidden").getString("ref"));
    }
  }

  @Test
  @DisplayName("unread counts what others posted after the read marker; read moves it up only, and tells the user's other sessions")
  void unreadAndRead(Vertx vertx) {
    assertEquals(201, create("ann_u", "news-desk", "public").status());
    try (TestClient ann = TestClient.login(vertx, node, "ann_u"); TestClient fay = TestClient.login(vertx, node, "fay_u");
        TestClient fayPhone = TestClient.login(vertx, node, "fay_u")) {
      ann.join("news-desk");
      fay.join("news-desk");
      for (int i = 1; i <= 3; i++) {
        ann.say("news-desk", "story " + i, "s" + i);
        ann.await(f -> "ack".equals(f.getString("type")));
      }
      fay.say("news-desk", "my own", "own");
      fay.await(f -> "ack".equals(f.getString("type")));
      assertEquals(3, room(mine("fay_u"), "news-desk").getInteger("unread"), "her own message is not unread");
      fay.send(TestClient.frame("read").put("room", "news-desk").put("seq", 2));
      assertEquals(new JsonObject().put("type", "read").put("room", "news-desk").put("seq", 2), fayPhone.awaitType("read"));
      assertEquals(1, room(mine("fay_u"), "news-desk").getInteger("unread"));
      fay.send(TestClient.frame("read").put("room", "news-desk").put("seq", 1));
      fayPhone.awaitType("read");
      fay.send(TestClient.frame("read").put("with", "nobody_u").put("seq", 1).put("ref", "r"));
      JsonObject refused = fay.await(f -> "error".equals(f.getString("type")));
      assertEquals(List.of("not_found", "r"), List.of(refused.getString("code"), refused.getString("ref")),
          "no conversation with a user who does not exist");
      assertEquals(2, room(mine("fay_u"), "news-desk").getLong("lastRead"), "never down");
      try (TestClient later = TestClient.connect(vertx, node.port())) {
        JsonObject welcome = later.auth(node.token("fay_u"));
        assertEquals(1, room(welcome.getJsonArray("rooms"), "news-desk").getInteger("unread"), "welcome carries the same list");
      }
    }
  }

  private static JsonArray mine(String user) {
    return Http.get(node.url() + "/api/me/rooms", node.token(user)).body().getJsonArray("rooms");
  }

  private static JsonObject room(JsonArray rooms, String name) {
    return rooms.stream().map(JsonObject.class::cast).filter(r -> name.equals(r.getString("room"))).findFirst().orElseThrow();
  }
}
