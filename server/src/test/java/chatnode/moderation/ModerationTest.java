package chatnode.moderation;

import static chatnode.testing.TestClient.frame;
import static chatnode.testing.TestClient.seqs;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** Moderation end to end on one node: kick, ban (and its lift, and a restart), mute, delete, revoke, audit. */
@ExtendWith(VertxExtension.class)
class ModerationTest {
  @RegisterExtension
  static final NodeExtension shared = new NodeExtension();
  static TestNode node;
  static String admin;

  @BeforeAll
  static void start() {
    node = shared.node();
    admin = node.token("mod_admin", "admin");
  }

  static Http.Reply adminCall(String method, String path, JsonObject body) {
    return Http.call(method, node.url() + path, admin, body == null ? null : body.encode());
  }

  @Test
  @DisplayName("kick: every session of the user gets kicked with the reason and is closed with 4001")
  void kick(Vertx vertx) {
    TestClient one = TestClient.login(vertx, node, "kicked_user");
    TestClient two = TestClient.login(vertx, node, "kicked_user");
    assertEquals(200, adminCall("POST", "/api/admin/users/kicked_user/kick", new JsonObject().put("reason", "calm down")).status());
    for (TestClient c : List.of(one, two)) {
      assertEquals("calm down", c.awaitType("kicked").getString("reason"));
      assertEquals(4001, c.awaitClose());
    }
    try (TestClient back = TestClient.login(vertx, node, "kicked_user")) {
      assertEquals("kicked_user", back.user());
    }
  }

  @Test
  @DisplayName("ban: kicked with 4403, auth refused with 4403 and login 403 until lifted, also after a restart")
  void ban(Vertx vertx) {
    assertEquals(201, Http.post(node.url() + "/api/auth/register", null,
        new JsonObject().put("username", "banned_user").put("password", "password-9")).status());
    TestClient c = TestClient.login(vertx, node, "banned_user");
    assertEquals(200, adminCall("PUT", "/api/admin/users/banned_user/ban", new JsonObject()).status());
    assertEquals("banned", c.awaitType("kicked").getString("reason"));
    assertEquals(4403, c.awaitClose());
    assertRefused(vertx);
    Http.Reply login = Http.post(node.url() + "/api/auth/login", null,
        new JsonObject().put("username", "banned_user").put("password", "password-9"));
    assertEquals(403, login.status());
    assertEquals("forbidden", login.body().getJsonObject("error").getString("code"));
    assertEquals(403, Http.get(node.url() + "/api/me", node.token("banned_user")).status());

    node.restart();
    assertRefused(vertx);

    assertEquals(200, adminCall("DELETE", "/api/admin/users/banned_user/ban", null).status());
    try (TestClient back = TestClient.login(vertx, node, "banned_user")) {
      assertEquals("banned_user", back.user());
    }
    assertEquals(404, adminCall("DELETE", "/api/admin/users/banned_user/ban", null).status(), "nothing left to lift");
  }

  private static void assertRefused(Vertx vertx) {
    try (TestClient again = TestClient.connect(vertx, node.port())) {
      again.send(frame("auth").put("token", node.token("banned_user")));
      assertEquals(4403, again.awaitClose());
    }
  }

  @Test
  @DisplayName("mute: say is forbidden in that room (or everywhere) until unmuted; others are not affected")
  void mute(Vertx vertx) {
    try (TestClient muted = TestClient.login(vertx, node, "muted_user"); TestClient other = TestClient.login(vertx, node, "unmuted_user")) {
      muted.join("quiet");
      muted.join("loud");
      other.join("quiet");
      assertEquals(200, adminCall("PUT", "/api/admin/users/muted_user/mute", new JsonObject().put("minutes", 10).put("room", "quiet")).status());
      muted.discard("message");
      muted.say("quiet", "can I?", "q1");
      assertEquals("q1", muted.awaitType("error").getString("ref"));
      muted.say("loud", "here I can", "l1");
      assertEquals(1, muted.awaitType("ack").getLong("seq"));
      other.say("quiet", "I can", "o1");
      assertEquals(1, other.awaitType("ack").getLong("seq"));

      assertEquals(200, adminCall("PUT", "/api/admin/users/muted_user/mute", new JsonObject().put("minutes", 10)).status());
      muted.say("loud", "and now?", "l2");
      assertEquals("forbidden", muted.await(f -> "l2".equals(f.getString("ref"))).getString("code"));

      assertEquals(200, Http.call("DELETE", node.url() + "/api/admin/users/muted_user/mute", admin, null).status());
      assertEquals(200, Http.call("DELETE", node.url() + "/api/admin/users/muted_user/mute?room=quiet", admin, null).status());
      muted.say("quiet", "free again", "q2");
      assertEquals(2, muted.await(f -> "q2".equals(f.getString("ref"))).getLong("seq"));
    }
  }

  @Test
  @DisplayName("delete: members get a deleted frame; history keeps a tombstone so seq stays gapless")
  void delete(Vertx vertx) {
    try (TestClient poster = TestClient.login(vertx, node, "del_poster"); TestClient member = TestClient.login(vertx, node, "del_member")) {
      poster.join("cleanup");
      member.join("cleanup");
      for (int i = 1; i <= 3; i++) {
        poster.say("cleanup", "message " + i, "r" + i);
      }
      poster.collect("ack", 3);
      member.collect("message", 3);
      assertEquals(200, adminCall("DELETE", "/api/admin/rooms/cleanup/messages/2", null).status());
      JsonObject deleted = member.awaitType("deleted");
      assertEquals("cleanup", deleted.getString("room"));
      assertEquals(2, deleted.getLong("seq"));
      member.send(frame("history").put("room", "cleanup"));
      List<JsonObject> messages = member.awaitType("history").getJsonArray("messages").stream().map(JsonObject.class::cast).toList();
      assertEquals(List.of(1L, 2L, 3L), seqs(messages));
      assertTrue(messages.get(1).getBoolean("deleted"));
      assertEquals("", messages.get(1).getString("text"));
      assertEquals(404, adminCall("DELETE", "/api/admin/rooms/cleanup/messages/99", null).status());
    }
  }

  @Test
  @DisplayName("revoke: open sessions are closed and tokens issued before are refused; a new login works")
  void revoke(Vertx vertx) throws Exception {
    String old = Http.post(node.url() + "/api/auth/register", null,
        new JsonObject().put("username", "revoked_user").put("password", "password-8")).body().getString("token");
    TestClient c = TestClient.connect(vertx, node.port());
    c.auth(old);
    assertEquals(200, adminCall("POST", "/api/admin/users/revoked_user/revoke", null).status());
    assertEquals("revoked", c.awaitType("kicked").getString("reason"));
    assertEquals(4401, c.awaitClose());
    try (TestClient again = TestClient.connect(vertx, node.port())) {
      again.send(frame("auth").put("token", old));
      assertEquals(4401, again.awaitClose());
    }
    assertEquals(401, Http.get(node.url() + "/api/me", old).status());
    Thread.sleep(1_100); // token times are whole seconds: a token of the revocation's second counts as revoked
    String fresh = Http.post(node.url() + "/api/auth/login", null,
        new JsonObject().put("username", "revoked_user").put("password", "password-8")).body().getString("token");
    assertEquals(200, Http.get(node.url() + "/api/me", fresh).status());
  }

  @Test
  @DisplayName("every admin action is in the audit log, newest first, with its actor, target and details")
  void audit(Vertx vertx) {
    try (TestClient c = TestClient.login(vertx, node, "audited_user")) {
      adminCall("PUT", "/api/admin/users/audited_user/mute", new JsonObject().put("minutes", 3).put("room", "x"));
      adminCall("POST", "/api/admin/users/audited_user/kick", new JsonObject().put("reason", "for the log"));
    }
    JsonArray entries = adminCall("GET", "/api/admin/audit?limit=200", null).body().getJsonArray("entries");
    List<JsonObject> mine = entries.stream().map(JsonObject.class::cast)
        .filter(e -> e.getString("target").equals("audited_user")).toList();
    assertEquals(List.of("kick", "mute"), mine.stream().map(e -> e.getString("action")).toList());
    assertEquals("mod_admin", mine.get(0).getString("actor"));
    assertEquals("for the log", mine.get(0).getJsonObject("detail").getString("reason"));
    assertEquals(3, mine.get(1).getJsonObject("detail").getInteger("minutes"));
  }

  @Test
  @DisplayName("field errors name the field; actions on unknown users are 404")
  void validation() {
    assertField(adminCall("PUT", "/api/admin/users/someone/mute", new JsonObject()), "minutes");
    assertField(adminCall("PUT", "/api/admin/users/someone/mute", new JsonObject().put("minutes", 0)), "minutes");
    assertField(adminCall("PUT", "/api/admin/users/someone/mute", new JsonObject().put("minutes", 5).put("room", "Bad Room")), "room");
    assertField(adminCall("PUT", "/api/admin/users/someone/ban", new JsonObject().put("minutes", "ten")), "minutes");
    assertField(adminCall("POST", "/api/admin/users/someone/kick", new JsonObject().put("reason", 5)), "reason");
    assertField(adminCall("POST", "/api/admin/users/Not%20Valid/kick", null), "user");
    assertEquals(404, adminCall("PUT", "/api/admin/users/never_existed/ban", new JsonObject()).status());
  }

  static void assertField(Http.Reply r, String field) {
    assertEquals(400, r.status(), r.body().encode());
    assertEquals(field, r.body().getJsonObject("error").getString("field"), r.body().encode());
  }
}
