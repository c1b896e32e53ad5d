package chatnode.moderation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chatnode.testing.Http;
import chatnode.testing.Jwt;
import chatnode.testing.NodeExtension;
import chatnode.testing.TestNode;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every authenticated endpoint against every kind of caller: no token, an expired token, a user,
 * another user, an admin, a service. Rows run in order (a ban before its lift).
 */
class AuthorizationMatrixTest {
  @RegisterExtension
  static final NodeExtension shared = new NodeExtension();
  static TestNode node;
  static final Map<String, String> callers = new LinkedHashMap<>();

  @BeforeAll
  static void start() {
    node = shared.node();
    callers.put("none", null);
    callers.put("expired", Jwt.hs256(node.secret(), new JsonObject().put("sub", "alice_m").put("exp", System.currentTimeMillis() / 1000 - 10)));
    callers.put("user", node.token("alice_m"));
    callers.put("other", node.token("bob_m"));
    callers.put("admin", node.token("root_m", "admin"));
    callers.put("service", node.token("svc_m", "service"));
    for (String user : List.of("alice_m", "bob_m", "target_m", "carol_m")) {
      assertEquals(200, Http.get(node.url() + "/api/me", node.token(user)).status());
    }
  }

  //                                             none expired user other admin service
  static Stream<Arguments> endpoints() {
    return Stream.of(
        row("GET", "/api/me", null, 401, 401, 200, 200, 200, 200),
        row("GET", "/api/profiles/alice_m", null, 401, 401, 200, 200, 200, 200),
        row("GET", "/api/profiles?users=alice_m,bob_m", null, 401, 401, 200, 200, 200, 200),
        row("PUT", "/api/profiles/alice_m", "{\"statusText\":\"here\"}", 401, 401, 200, 403, 200, 403),
        row("GET", "/api/rooms", null, 401, 401, 200, 200, 200, 200),
        row("GET", "/api/rooms/matrix/messages", null, 401, 401, 200, 200, 200, 200),
        row("GET", "/api/dms/carol_m/messages", null, 401, 401, 200, 200, 200, 200),
        row("POST", "/api/rooms/matrix/messages", "{\"text\":\"from a backend\"}", 401, 401, 403, 403, 201, 201),
        row("GET", "/api/admin/sessions", null, 401, 401, 403, 403, 200, 403),
        row("GET", "/api/admin/nodes", null, 401, 401, 403, 403, 200, 403),
        row("POST", "/api/admin/users/target_m/kick", "{\"reason\":\"matrix\"}", 401, 401, 403, 403, 200, 403),
        row("PUT", "/api/admin/users/target_m/mute", "{\"minutes\":5}", 401, 401, 403, 403, 200, 403),
        row("DELETE", "/api/admin/users/target_m/mute", null, 401, 401, 403, 403, 200, 403),
        row("PUT", "/api/admin/users/target_m/ban", "{\"minutes\":5}", 401, 401, 403, 403, 200, 403),
        row("DELETE", "/api/admin/users/target_m/ban", null, 401, 401, 403, 403, 200, 403),
        row("POST", "/api/admin/users/target_m/revoke", null, 401, 401, 403, 403, 200, 403),
        row("DELETE", "/api/admin/rooms/matrix/messages/1", null, 401, 401, 403, 403, 200, 403),
        row("GET", "/api/admin/audit", null, 401, 401, 403, 403, 200, 403));
  }

  private static Arguments row(String method, String path, String body, int... statuses) {
    return Arguments.of(method, path, body, statuses);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("endpoints")
  @DisplayName("each caller gets the status the protocol gives it")
  void matrix(String method, String path, String body, int[] expected) {
    List<String> wrong = new ArrayList<>();
    int i = 0;
    for (Map.Entry<String, String> caller : callers.entrySet()) {
      Http.Reply r = Http.call(method, node.url() + path, caller.getValue(), body);
      if (r.status() != expected[i]) {
        wrong.add(caller.getKey() + ": " + r.status() + " (expected " + expected[i] + ") " + r.body().encode());
      } else if (r.status() >= 400) {
        assertEquals(errorCode(r.status()), r.body().getJsonObject("error").getString("code"));
      }
      i++;
    }
    assertEquals(List.of(), wrong);
  }

  private static String errorCode(int status) {
    return switch (status) {
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      default -> "bad_request";
    };
  }
}
