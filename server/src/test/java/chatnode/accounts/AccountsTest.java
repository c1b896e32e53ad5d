package chatnode.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatnode.testing.Http.Reply;
import chatnode.testing.Http;
import chatnode.testing.NodeExtension;
import chatnode.testing.TestClient;
import chatnode.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Register, login and /api/me over real HTTP, and the token they give opens a WebSocket session. */
@ExtendWith(VertxExtension.class)
class AccountsTest {
  @RegisterExtension
  static final NodeExtension shared = new NodeExtension("--registrations-per-minute-per-ip", "1000");
  static TestNode node;

  @BeforeAll
  static void start() {
    node = shared.node();
  }

  static Reply register(String user, String password) {
    return Http.post(node.url() + "/api/auth/register", null,
        new JsonObject().put("username", user).put("password", password).put("displayName", "Dee " + user));
  }

  @Test
  @DisplayName("register answers 201 with a token that authenticates a WebSocket; the name is then taken (409)")
  void registerThenConnect(Vertx vertx) {
    Reply r = register("dee", "correct horse");
    assertEquals(201, r.status());
    assertEquals("dee", r.body().getString("user"));
    assertEquals(86400, r.body().getInteger("expiresIn"));
    try (TestClient c = TestClient.connect(vertx, node.port())) {
      assertEquals("dee", c.auth(r.body().getString("token")).getString("user"));
    }
    Reply again = register("dee", "another password");
    assertEquals(409, again.status());
    assertEquals("conflict", again.body().getJsonObject("error").getString("code"));
    assertEquals("username", again.body().getJsonObject("error").getString("field"));
  }

  @Test
  @DisplayName("a name known only from an external token cannot be registered")
  void externalNameTaken(Vertx vertx) {
    try (TestClient c = TestClient.login(vertx, node, "outsider")) {
      assertEquals("outsider", c.user());
    }
    assertEquals(409, register("outsider", "password123").status());
  }

  @Test
  @DisplayName("login answers a token for the right password, 401 for a wrong one or an unknown user")
  void login() {
    assertEquals(201, register("eve_l", "password-1").status());
    Reply ok = Http.post(node.url() + "/api/auth/login", null, new JsonObject().put("username", "eve_l").put("password", "password-1"));
    assertEquals(200, ok.status());
    assertEquals("eve_l", ok.body().getString("user"));
    assertTrue(ok.body().getString("token").split("\\.").length == 3);
    Reply wrong = Http.post(node.url() + "/api/auth/login", null, new JsonObject().put("username", "eve_l").put("password", "nope-nope"));
    assertEquals(401, wrong.status());
    assertEquals("unauthorized", wrong.body().getJsonObject("error").getString("code"));
    assertEquals(401, Http.post(node.url() + "/api/auth/login", null,
        new JsonObject().put("username", "nobody_x").put("password", "whatever1")).status());
  }

  @Test
  @DisplayName("the admin created on first start logs in with the configured password and has role admin")
  void firstAdmin() {
    Reply r = Http.post(node.url() + "/api/auth/login", null,
        new JsonObject().put("username", "admin").put("password", TestNode.ADMIN_PASSWORD));
    assertEquals(200, r.status());
    Reply me = Http.get(node.url() + "/api/me", r.body().getString("token"));
    assertEquals(200, me.status());
    assertEquals(new JsonArray().add("admin"), me.body().getJsonArray("roles"));
  }

  @Test
  @DisplayName("/api/me is the caller's profile with defaults; without a valid token 401")
  void me() {
    String token = register("fay", "password-2").body().getString("token");
    JsonObject me = Http.get(node.url() + "/api/me", token).body();
    assertEquals("fay", me.getString("user"));
    assertEquals("Dee fay", me.getString("displayName"));
    assertEquals("", me.getString("bio"));
    assertTrue(me.getString("avatarColor").matches("^#[0-9a-f]{6}$"));
    assertEquals(new JsonArray(), me.getJsonArray("roles"));
    assertEquals(401, Http.get(node.url() + "/api/me", null).status());
    assertEquals(401, Http.get(node.url() + "/api/me", "garbage").status());
  }

  @Test
  @DisplayName("bad registrations get 400 naming the field")
  void badRegistrations() {
    assertField(register("No Caps", "password-3"), "username");
    assertField(register("ab", "password-3"), "username");
    assertField(register("ok_name", "short"), "password");
    assertField(Http.post(node.url() + "/api/auth/register", null,
        new JsonObject().put("username", "ok_name").put("password", "password-3").put("displayName", "")), "displayName");
    Reply tooLarge = Http.call("POST", node.url() + "/api/auth/register", null,
        new JsonObject().put("username", "big_body").put("password", "x".repeat(70_000)).encode());
    assertEquals(413, tooLarge.status());
    assertEquals("too_large", tooLarge.body().getJsonObject("error").getString("code"));
    Reply notJson = Http.call("POST", node.url() + "/api/auth/register", null, "{nope");
    assertEquals(400, notJson.status());
    assertEquals("bad_request", notJson.body().getJsonObject("error").getString("code"));
  }

  private static void assertField(Reply r, String field) {
    assertEquals(400, r.status(), r.body().encode());
    assertEquals("bad_request", r.body().getJsonObject("error").getString("code"));
    assertEquals(field, r.body().getJsonObject("error").getString("field"));
  }
}
