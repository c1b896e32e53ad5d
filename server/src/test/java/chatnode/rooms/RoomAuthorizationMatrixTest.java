package chatnode.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chatnode.testing.Http;
import chatnode.testing.NodeExtension;
import chatnode.testing.TestClient;
import chatnode.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every kind of caller against every room action, on a public and on a private room, through the
 * real node: anonymous, stranger (not a member), member, moderator, owner, admin, service. Each row
 * is written out; a cell is the HTTP status, or for WebSocket frames what came back.
 */
@ExtendWith(VertxExtension.class)
class RoomAuthorizationMatrixTest {
  @RegisterExtension
  static final NodeExtension shared = new NodeExtension("--rate-limit", "10000", "--rate-burst", "10000");
  static TestNode node;
  private static final List<String> KINDS = List.of("anonymous", "stranger", "member", "moderator", "owner", "admin", "service");

  @BeforeAll
  static void start() {
    node = shared.node();
    for (String visibility : List.of("public", "private")) {
      String room = visibility.substring(0, 3) + "-matrix";
      assertEquals(201, Http.post(node.url() + "/api/rooms", token("owner", room), new JsonObject().put("room", room)
          .put("visibility", visibility)).status());
      for (String kind : List.of("member", "moderator", "stranger")) {
        Http.get(node.url() + "/api/me", token(kind, room));
      }
      addMember(room, user("member", room), "member");
      addMember(room, user("moderator", room), "moderator");
    }
  }

  /** The user of a kind of caller, one set per room so that a change in one room leaves the other's cells alone. */
  private static String user(String kind, String room) {
    return kind.substring(0, 3) + "_" + room.substring(0, 3) + "_mx";
  }

  private static String token(String kind, String room) {
    return switch (kind) {
      case "anonymous" -> null;
      case "admin" -> node.token("root_mx", "admin");
      case "service" -> node.token("svc_mx", "service");
      default -> node.token(user(kind, room));
    };
  }

  private static void addMember(String room, String user, String role) {
    addMember(room, user, role, token("owner", room));
  }

  private static void addMember(String room, String user, String role, String ownerToken) {
    Http.get(node.url() + "/api/me", node.token(user));
    assertEquals(200, Http.post(node.url() + "/api/rooms/" + room + "/members", ownerToken,
        new JsonObject().put("user", user).put("role", role)).status());
  }

  /** One cell per kind of caller, space-separated. */
  private static String row(String room, Function<String, Object> cell) {
    List<String> cells = new ArrayList<>();
    KINDS.forEach(kind -> cells.add(String.valueOf(cell.apply(kind))));
    return String.join(" ", cells);
  }

  private static int get(String room, String kind, String path) {
    return Http.get(node.url() + "/api/rooms/" + room + path, token(kind, room)).status();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"public", "private"})
  @DisplayName("details, members, history (REST), directory listing")
  void reads(String visibility) {
    String room = visibility.substring(0, 3) + "-matrix";
    boolean open = visibility.equals("public");
    //                                                  anonymous stranger member moderator owner admin service
    String seeing = open ? "401 200 200 200 200 200 200" : "401 403 200 200 200 200 200";
    assertEquals(seeing, row(room, kind -> get(room, kind, "")), "details");
    assertEquals(seeing, row(room, kind -> get(room, kind, "/members")), "member list");
    assertEquals(seeing, row(room, kind -> get(room, kind, "/messages")), "history over REST");
    assertEquals(open ? "401 yes yes yes yes yes yes" : "401 no yes yes yes yes yes", row(room, kind -> {
      Http.Reply listed = Http.get(node.url() + "/api/rooms?q=" + room, token(kind, room));
      return listed.status() != 200 ? listed.status() : listed.body().getJsonArray("rooms").stream()
          .anyMatch(r -> room.equals(((JsonObject) r).getString("room"))) ? "yes" : "no";
    }), "directory");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"public", "private"})
  @DisplayName("adding, changing the role of and removing a member")
  void membershipChanges(String visibility) {
    String room = visibility.substring(0, 3) + "-matrix";
    assertEquals("401 403 403 200 200 200 200", row(room, kind -> {
      String target = "add_" + kind.substring(0, 3) + "_" + room.substring(0, 3);
      Http.get(node.url() + "/api/me", node.token(target));
      return Http.post(node.url() + "/api/rooms/" + room + "/members", token(kind, room), new JsonObject().put("user", target)).status();
    }), "add a member");
    assertEquals("401 403 403 403 200 200 403", row(room, kind -> {
      String target = "rol_" + kind.substring(0, 3) + "_" + room.substring(0, 3);
      addMember(room, target, "member");
      return Http.call("PUT", node.url() + "/api/rooms/" + room + "/members/" + target, token(kind, room), "{\"role\":\"moderator\"}").status();
    }), "change a role");
    assertEquals("401 403 403 200 200 200 200", row(room, kind -> {
      String target = "rem_" + kind.substring(0, 3) + "_" + room.substring(0, 3);
      addMember(room, target, "member");
      return Http.call("DELETE", node.url() + "/api/rooms/" + room + "/members/" + target, token(kind, room), null).status();
    }), "remove a member");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"public", "private"})
  @DisplayName("moderation through the admin endpoints: delete a member's message, mute and unmute a member in the room; "
      + "a moderator does not moderate an owner, only an admin mutes everywhere")
  void moderation(String visibility) {
    String room = visibility.substring(0, 3) + "-matrix";
    String member = user("member", room);
    //              anonymous stranger member moderator owner admin service
    String moderators = "401 403 403 200 200 200 403";
    assertEquals(moderators, row(room, kind -> {
      long seq = publish(room, member, "to be deleted by a " + kind);
      return Http.call("DELETE", node.url() + "/api/admin/rooms/" + room + "/messages/" + seq, token(kind, room), null).status();
    }), "delete a member's message");
    assertEquals(moderators, row(room, kind -> {
      String target = "mut_" + kind.substring(0, 3) + "_" + room.substring(0, 3);
      addMember(room, target, "member");
      return Http.call("PUT", node.url() + "/api/admin/users/" + target + "/mute", token(kind, room),
          new JsonObject().put("minutes", 5).put("room", room).encode()).status();
    }), "mute a member in the room");
    assertEquals(moderators, row(room, kind -> {
      String target = "mut_" + kind.substring(0, 3) + "_" + room.substring(0, 3);
      Http.call("PUT", node.url() + "/api/admin/users/" + target + "/mute", token("admin", room),
          new JsonObject().put("minutes", 5).put("room", room).encode());
      return Http.call("DELETE", node.url() + "/api/admin/users/" + target + "/mute?room=" + room, token(kind, room), null).status();
    }), "unmute a member in the room");

    long owners = publish(room, user("owner", room), "the owner's own");
    assertEquals(403, Http.call("DELETE", node.url() + "/api/admin/rooms/" + room + "/messages/" + owners,
        token("moderator", room), null).status(), "a moderator does not delete an owner's message");
    assertEquals(403, Http.call("PUT", node.url() + "/api/admin/users/" + user("moderator", room) + "/mute", token("moderator", room),
        new JsonObject().put("minutes", 5).put("room", room).encode()).status(), "nor mute a moderator");
    assertEquals(403, Http.call("PUT", node.url() + "/api/admin/users/" + member + "/mute", token("owner", room),
        new JsonObject().put("minutes", 5).encode()).status(), "an owner mutes in the room only");
    assertEquals(404, Http.call("DELETE", node.url() + "/api/admin/rooms/" + room + "/messages/999999", token("owner", room), null)
        .status(), "an owner deleting a message that does not exist");
    assertEquals(403, Http.call("POST", node.url() + "/api/admin/users/" + member + "/kick", token("owner", room), "{}").status(),
        "kicks stay with admins");
  }

  /** A message from {@code from}, posted by a service; its seq. */
  private static long publish(String room, String from, String text) {
    Http.Reply posted = Http.post(node.url() + "/api/rooms/" + room + "/messages", node.token("svc_mx", "service"),
        new JsonObject().put("text", text).put("from", from));
    assertEquals(201, posted.status(), posted.body().encode());
    return posted.body().getLong("seq");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"public", "private"})
  @DisplayName("join, say, history and part over WebSocket")
  void frames(String visibility, Vertx vertx) {
    String room = visibility.substring(0, 3) + "-matrix";
    boolean open = visibility.equals("public");
    assertEquals(open ? "4401 joined joined joined joined joined joined" : "4401 forbidden joined joined joined joined joined",
        row(room, kind -> onSession(vertx, kind, room, c -> {
          c.send(TestClient.frame("join").put("room", room).put("ref", "j"));
          JsonObject answer = c.await(f -> "joined".equals(f.getString("type")) || "error".equals(f.getString("type")));
          return answer.getString("type").equals("joined") ? "joined" : answer.getString("code");
        })), "join");
    assertEquals(open ? "4401 ack ack ack ack ack ack" : "4401 not_joined ack ack ack forbidden forbidden",
        row(room, kind -> onSession(vertx, kind, room, c -> {
          if (!kind.equals("stranger") || open) {
            c.join(room);
          }
          c.say(room, "from a " + kind, "s");
          JsonObject answer = c.await(f -> "ack".equals(f.getString("type")) || "error".equals(f.getString("type")));
          return answer.getString("type").equals("ack") ? "ack" : answer.getString("code");
        })), "say: admins and services see a private room but only members post");
    assertEquals(open ? "4401 history history history history history history" : "4401 forbidden history history history history history",
        row(room, kind -> onSession(vertx, kind, room, c -> {
          c.send(TestClient.frame("history").put("room", room).put("ref", "h"));
          JsonObject answer = c.await(f -> "history".equals(f.getString("type")) || "error".equals(f.getString("type")));
          return answer.getString("type").equals("history") ? "history" : answer.getString("code");
        })), "history");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"public", "private"})
  @DisplayName("part: a member's own membership ends; the last owner cannot part; a non-member has nothing to part")
  void part(String visibility, Vertx vertx) {
    String room = visibility.substring(0, 3) + "-partx";
    assertEquals(201, Http.post(node.url() + "/api/rooms", node.token("own_prt"), new JsonObject().put("room", room)
        .put("visibility", visibility)).status());
    addMember(room, "mem_prt_" + room.substring(0, 3), "member", node.token("own_prt"));
    addMember(room, "mod_prt_" + room.substring(0, 3), "moderator", node.token("own_prt"));
    assertEquals("4401 not_found parted parted forbidden not_found not_found", row(room, kind -> {
      String token = switch (kind) {
        case "member" -> node.token("mem_prt_" + room.substring(0, 3));
        case "moderator" -> node.token("mod_prt_" + room.substring(0, 3));
        case "owner" -> node.token("own_prt");
        case "stranger" -> node.token("eve_prt");
        default -> token(kind, room);
      };
      return withToken(vertx, token, c -> {
        c.send(TestClient.frame("part").put("room", room).put("ref", "p"));
        JsonObject answer = c.await(f -> "membership".equals(f.getString("type")) || "error".equals(f.getString("type")));
        return answer.getString("type").equals("membership") ? answer.getString("event") : answer.getString("code");
      });
    }));
  }

  private static Object onSession(Vertx vertx, String kind, String room, Function<TestClient, Object> cell) {
    return withToken(vertx, token(kind, room), cell);
  }

  /** The cell of one session with {@code token}; an anonymous one gets no further than the close that refuses it. */
  private static Object withToken(Vertx vertx, String token, Function<TestClient, Object> cell) {
    try (TestClient c = TestClient.connect(vertx, node.port())) {
      if (token == null) {
        c.send(TestClient.frame("auth"));
        return c.awaitClose();
      }
      c.auth(token);
      return cell.apply(c);
    }
  }
}
