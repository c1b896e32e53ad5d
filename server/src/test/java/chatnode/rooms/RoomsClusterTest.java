package chatnode.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatnode.testing.Http;
import chatnode.testing.TestClient;
import chatnode.testing.TestCluster;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Membership across three node JVMs: a change made on one node holds on the others at once. */
@ExtendWith(VertxExtension.class)
class RoomsClusterTest {

  @Test
  @DisplayName("removed on node 0 while connected on node 2: stops receiving at once and cannot post; added on node 1: listed on node 2")
  void membershipAcrossNodes(Vertx vertx, @TempDir Path data) {
    try (TestCluster cluster = TestCluster.start(3, data, "rooms")) {
      String owner = cluster.token("ann_c");
      String node0 = "http://127.0.0.1:" + cluster.node(0).port();
      String node1 = "http://127.0.0.1:" + cluster.node(1).port();
      String node2 = "http://127.0.0.1:" + cluster.node(2).port();
      assertEquals(201, Http.post(node0 + "/api/rooms", owner, new JsonObject().put("room", "war-room").put("visibility", "private")).status());
      assertEquals(200, Http.get(node2 + "/api/me", cluster.token("bob_c")).status());
      assertEquals(200, Http.get(node2 + "/api/me", cluster.token("cat_c")).status());
      assertEquals(200, Http.post(node0 + "/api/rooms/war-room/members", owner, new JsonObject().put("user", "bob_c")).status());

      try (TestClient ann = TestClient.login(vertx, cluster, 0, "ann_c"); TestClient bob = TestClient.login(vertx, cluster, 2, "bob_c")) {
        ann.join("war-room");
        bob.join("war-room");
        bob.say("war-room", "from node 2", "b1");
        bob.awaitType("ack");
        bob.awaitType("message");
        ann.awaitType("message");

        assertEquals(200, Http.call("DELETE", node0 + "/api/rooms/war-room/members/bob_c", owner, null).status());
        assertEquals("removed", bob.awaitType("membership").getString("event"));
        bob.say("war-room", "am I still in?", "b2");
        assertEquals("not_joined", bob.await(f -> "error".equals(f.getString("type"))).getString("code"));
        ann.say("war-room", "after bob", "a1");
        ann.awaitType("ack");
        ann.awaitType("message");
        assertNull(bob.pollType("message"), "node 2 no longer delivers the room to bob");
        assertEquals(403, Http.get(node2 + "/api/rooms/war-room/messages", cluster.token("bob_c")).status());

        assertEquals(200, Http.post(node1 + "/api/rooms/war-room/members", owner, new JsonObject().put("user", "cat_c")).status());
        assertTrue(Http.get(node2 + "/api/rooms?q=war", cluster.token("cat_c")).body().getJsonArray("rooms").stream()
            .anyMatch(r -> "war-room".equals(((JsonObject) r).getString("room"))), "in cat's directory on node 2");
        assertEquals("member", Http.get(node2 + "/api/me/rooms", cluster.token("cat_c")).body().getJsonArray("rooms").stream()
            .map(JsonObject.class::cast).filter(r -> "war-room".equals(r.getString("room"))).findFirst().orElseThrow().getString("role"));
      }
    }
  }

  @Test
  @DisplayName("one user's two sessions on two nodes read in either order: the unread and mention counts are those of the furthest read")
  void readsFromTwoNodes(Vertx vertx, @TempDir Path data) {
    try (TestCluster cluster = TestCluster.start(3, data, "reads")) {
      String node2 = "http://127.0.0.1:" + cluster.node(2).port();
      assertEquals(200, Http.get(node2 + "/api/me", cluster.token("gus_c")).status());
      try (TestClient ann = TestClient.login(vertx, cluster, 2, "ann_c"); TestClient desk = TestClient.login(vertx, cluster, 0, "gus_c");
          TestClient phone = TestClient.login(vertx, cluster, 1, "gus_c")) {
        List<String> rooms = List.of("first-room", "second-room");
        rooms.forEach(ann::join);
        rooms.forEach(desk::join);
        for (String room : rooms) {
          for (String text : List.of("@gus_c one", "two", "@gus_c three", "four")) {
            ann.say(room, text, text);
            ann.await(f -> "ack".equals(f.getString("type")) && text.equals(f.getString("ref")));
          }
          desk.collect("message", 4);
          JsonObject counts = mine(node2, cluster.token("gus_c"), room);
          assertEquals(List.of(4, 2), List.of(counts.getInteger("unread"), counts.getInteger("mentions")));
        }
        read(desk, "first-room", 2);
        read(phone, "first-room", 4);
        read(phone, "second-room", 4);
        read(desk, "second-room", 2);
        for (String room : rooms) {
          JsonObject counts = mine(node2, cluster.token("gus_c"), room);
          assertEquals(List.of(4L, 0, 0), List.of(counts.getLong("lastRead"), counts.getInteger("unread"), counts.getInteger("mentions")),
              room + ": read up to 4 on one node, up to 2 on the other");
        }
      }
    }
  }

  /** Marks a room read up to {@code seq} and waits for the node's echo (the marker is stored). */
  private static void read(TestClient session, String room, long seq) {
    session.send(TestClient.frame("read").put("room", room).put("seq", seq));
    session.await(f -> "read".equals(f.getString("type")) && room.equals(f.getString("room")));
  }

  private static JsonObject mine(String node, String token, String room) {
    return Http.get(node + "/api/me/rooms", token).body().getJsonArray("rooms").stream().map(JsonObject.class::cast)
        .filter(r -> room.equals(r.getString("room"))).findFirst().orElseThrow();
  }
}
