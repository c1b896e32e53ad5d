package chatnode.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import chatnode.testing.Http;
import chatnode.testing.TestClient;
import chatnode.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Mentions: who a message mentions, the notice of a user not in the room, and the counts of unread mentions. */
@ExtendWith(VertxExtension.class)
class MentionsSystemTest {

  private static JsonObject mine(TestNode node, String user, String room) {
    return Http.get(node.url() + "/api/me/rooms", node.token(user)).body().getJsonArray("rooms").stream()
        .map(JsonObject.class::cast).filter(r -> room.equals(r.getString("room"))).findFirst().orElseThrow();
  }

  @Test
  @DisplayName("a message carries the existing users it mentions; one not in the room is notified; counts drop as read "
      + "or deleted, and hold after a restart")
  void mentionsInAPublicRoom(Vertx vertx, @TempDir Path data) {
    try (TestNode node = TestNode.start(data)) {
      for (String user : List.of("ann_n", "bob_n", "cid_n")) {
        assertEquals(200, Http.get(node.url() + "/api/me", node.token(user)).status());
      }
      try (TestClient ann = TestClient.login(vertx, node, "ann_n"); TestClient bob = TestClient.login(vertx, node, "bob_n");
          TestClient cid = TestClient.login(vertx, node, "cid_n"); TestClient cidPhone = TestClient.login(vertx, node, "cid_n")) {
        ann.join("plaza");
        bob.join("plaza");
        ann.say("plaza", "@bob_n and @CID_n, see @nobody_n; mail ann@bob_n.org, me @ann_n, @bob_n again", "m1");
        JsonObject message = bob.awaitType("message");
        assertEquals(new JsonArray().add("bob_n").add("cid_n"), message.getJsonArray("mentions"),
            "existing users, in order, once each; not the sender, not a word that merely contains @");
        JsonObject notice = new JsonObject().put("type", "notify").put("room", "plaza").put("seq", message.getLong("seq"))
            .put("from", "ann_n").put("text", message.getString("text"));
        assertEquals(notice, cid.awaitType("notify"), "cid is in no session of plaza");
        assertEquals(notice, cidPhone.awaitType("notify"), "on every session of his");
        assertNull(bob.pollType("notify"), "bob sees the message in the room");

        ann.say("plaza", "no one here", "m2");
        assertNull(bob.awaitType("message").getJsonArray("mentions"), "a message without mentions has none");
        ann.say("plaza", "@bob_n once more", "m3");
        long third = bob.awaitType("message").getLong("seq");
        JsonObject bobs = mine(node, "bob_n", "plaza");
        assertEquals(List.of(3, 2), List.of(bobs.getInteger("unread"), bobs.getInteger("mentions")));
        assertEquals(List.of(0, 0), List.of(mine(node, "ann_n", "plaza").getInteger("unread"),
            mine(node, "ann_n", "plaza").getInteger("mentions")), "her own mentions of herself do not count");

        bob.send(TestClient.frame("read").put("room", "plaza").put("seq", 1));
        bob.awaitType("read");
        assertEquals(1, mine(node, "bob_n", "plaza").getInteger("mentions"));
        assertEquals(200, Http.call("DELETE", node.url() + "/api/admin/rooms/plaza/messages/" + third,
            node.token("root_n", "admin"), null).status());
        assertEquals(0, mine(node, "bob_n", "plaza").getInteger("mentions"), "a deleted message mentions no one");
        ann.say("plaza", "@bob_n after the delete", "m4");
        bob.awaitType("message");
      }
      node.restart();
      try (TestClient bob = TestClient.connect(vertx, node.port())) {
        JsonObject welcome = bob.auth(node.token("bob_n"));
        JsonObject history = Http.get(node.url() + "/api/rooms/plaza/messages", node.token("bob_n")).body();
        assertEquals(new JsonArray().add("bob_n").add("cid_n"), history.getJsonArray("messages").getJsonObject(0)
            .getJsonArray("mentions"), "history carries the mentions");
        JsonObject plaza = welcome.getJsonArray("rooms").stream().map(JsonObject.class::cast)
            .filter(r -> "plaza".equals(r.getString("room"))).findFirst().orElseThrow();
        assertEquals(List.of(2, 1), List.of(plaza.getInteger("unread"), plaza.getInteger("mentions")), "welcome after a restart");
      }
    }
  }

  @Test
  @DisplayName("in a private room only members are mentioned: a stranger named there is neither listed nor notified")
  void privateRoomMentionsMembersOnly(Vertx vertx, @TempDir Path data) {
    try (TestNode node = TestNode.start(data)) {
      for (String user : List.of("dee_n", "eli_n", "fox_n")) {
        assertEquals(200, Http.get(node.url() + "/api/me", node.token(user)).status());
      }
      assertEquals(201, Http.post(node.url() + "/api/rooms", node.token("dee_n"),
          new JsonObject().put("room", "vault").put("visibility", "private")).status());
      assertEquals(200, Http.post(node.url() + "/api/rooms/vault/members", node.token("dee_n"),
          new JsonObject().put("user", "eli_n")).status());
      try (TestClient dee = TestClient.login(vertx, node, "dee_n"); TestClient eli = TestClient.login(vertx, node, "eli_n");
          TestClient fox = TestClient.login(vertx, node, "fox_n")) {
        dee.join("vault");
        dee.say("vault", "@eli_n @fox_n the code is 1234", "v1");
        assertEquals(new JsonArray().add("eli_n"), dee.awaitType("message").getJsonArray("mentions"));
        assertEquals("@eli_n @fox_n the code is 1234", eli.awaitType("notify").getString("text"), "eli, a member not in it, is notified");
        assertNull(fox.pollType("notify"), "fox is not a member: no notice, no text");
        assertEquals(1, mine(node, "eli_n", "vault").getInteger("mentions"));
      }
    }
  }
}
