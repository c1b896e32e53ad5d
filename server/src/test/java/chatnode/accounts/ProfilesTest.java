package chatnode.accounts;

import static chatnode.testing.TestClient.array;
import static chatnode.testing.TestClient.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/** Profiles: read with defaults and presence, partial update by the user or an admin, batch read, field errors. */
@ExtendWith(VertxExtension.class)
class ProfilesTest {
  @RegisterExtension
  static final NodeExtension shared = new NodeExtension();
  static TestNode node;

  @BeforeAll
  static void start() {
    node = shared.node();
  }

  static Http.Reply put(String user, String token, JsonObject body) {
    return Http.call("PUT", node.url() + "/api/profiles/" + user, token, body.encode());
  }

  @Test
  @DisplayName("a profile has defaults and online from the session registry")
  void defaultsAndOnline(Vertx vertx) {
    String token = node.token("pat_p");
    JsonObject p = Http.get(node.url() + "/api/profiles/pat_p", token).body();
    assertEquals("pat_p", p.getString("displayName"));
    assertEquals("", p.getString("bio"));
    assertEquals("", p.getString("statusText"));
    assertTrue(p.getString("avatarColor").matches("^#[0-9a-f]{6}$"));
    assertTrue(p.getLong("createdAt") > 0);
    assertFalse(p.getBoolean("online"));
    try (TestClient c = TestClient.login(vertx, node, "pat_p")) {
      assertTrue(Http.get(node.url() + "/api/profiles/pat_p", token).body().getBoolean("online"));
    }
    assertEquals(404, Http.get(node.url() + "/api/profiles/nobody_p", token).status());
  }

  @Test
  @DisplayName("partial update by the user or an admin; the colour is stored lower case")
  void update() {
    String token = node.token("quinn_p");
    Http.get(node.url() + "/api/me", token);
    Http.Reply r = put("quinn_p", token, new JsonObject().put("displayName", " Quinn ").put("avatarColor", "#A1B2C3"));
    assertEquals(200, r.status());
    assertEquals("Quinn", r.body().getString("displayName"));
    assertEquals("#a1b2c3", r.body().getString("avatarColor"));
    JsonObject after = put("quinn_p", node.token("boss_p", "admin"), new JsonObject().put("bio", "set by an admin")).body();
    assertEquals("Quinn", after.getString("displayName"), "fields not sent are kept");
    assertTrue(after.getLong("updatedAt") > r.body().getLong("updatedAt"), "each change has a later updatedAt");
    assertEquals("set by an admin", after.getString("bio"));
    assertEquals(403, put("quinn_p", node.token("other_p"), new JsonObject().put("bio", "x")).status());
  }

  @Test
  @DisplayName("an edit reaches the sessions that watch the user at once, as a profile frame; the others get nothing")
  void editPushedToWatchers(Vertx vertx) {
    try (TestClient editor = TestClient.login(vertx, node, "rae_p");
        TestClient watcher = TestClient.login(vertx, node, "sam_p");
        TestClient bystander = TestClient.login(vertx, node, "tom_p")) {
      watcher.send(frame("watch").put("users", array("rae_p")));
      watcher.awaitType("presence");
      assertEquals(200, put("rae_p", node.token("rae_p"), new JsonObject().put("statusText", "on a train")).status());
      JsonObject pushed = watcher.awaitType("profile");
      assertEquals("rae_p", pushed.getString("user"));
      assertEquals("on a train", pushed.getJsonObject("profile").getString("statusText"));
      assertEquals("rae_p", pushed.getJsonObject("profile").getString("displayName"));
      bystander.expectSilence(300);
    }
  }

  @Test
  @DisplayName("each bad field gets 400 naming it, and changes nothing")
  void fieldErrors() {
    String token = node.token("rae_p");
    Http.get(node.url() + "/api/me", token);
    assertField(put("rae_p", token, new JsonObject().put("displayName", "")), "displayName");
    assertField(put("rae_p", token, new JsonObject().put("displayName", "x".repeat(65))), "displayName");
    assertField(put("rae_p", token, new JsonObject().put("bio", "x".repeat(501))), "bio");
    assertField(put("rae_p", token, new JsonObject().put("statusText", "x".repeat(101))), "statusText");
    assertField(put("rae_p", token, new JsonObject().put("avatarColor", "red")), "avatarColor");
    assertField(put("rae_p", token, new JsonObject().put("avatarColor", "#12345g")), "avatarColor");
    assertField(put("rae_p", token, new JsonObject().put("bio", 7)), "bio");
    assertEquals("", Http.get(node.url() + "/api/profiles/rae_p", token).body().getString("bio"));
  }

  @Test
  @DisplayName("batch read of several users returns those that exist; more than 200 is refused")
  void batch() {
    String token = node.token("sam_p");
    Http.get(node.url() + "/api/me", node.token("tess_p"));
    Http.Reply r = Http.get(node.url() + "/api/profiles?users=sam_p,tess_p,ghost_p", token);
    assertEquals(200, r.status());
    assertEquals(List.of("sam_p", "tess_p"), r.body().getJsonArray("profiles").stream()
        .map(p -> ((JsonObject) p).getString("user")).toList());
    String many = String.join(",", java.util.stream.IntStream.range(0, 201).mapToObj(i -> "user_" + i).toList());
    assertField(Http.get(node.url() + "/api/profiles?users=" + many, token), "users");
    assertField(Http.get(node.url() + "/api/profiles?users=Bad!", token), "users");
  }

  static void assertField(Http.Reply r, String field) {
    assertEquals(400, r.status(), r.body().encode());
    assertEquals("bad_request", r.body().getJsonObject("error").getString("code"));
    assertEquals(field, r.body().getJsonObject("error").getString("field"));
  }
}
