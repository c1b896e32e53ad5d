package chatnode.presence;

import static chatnode.testing.TestClient.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatnode.testing.NodeExtension;
import chatnode.testing.TestClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A room's member changes as {@code members} batches for the sessions that join with {@code members: "batched"}. */
@ExtendWith(VertxExtension.class)
class MemberBatchesTest {
  @RegisterExtension
  static final NodeExtension shared = new NodeExtension("--rate-limit", "10000", "--rate-burst", "10000");
  private static JsonObject batchedJoin(String room) {
    return frame("join").put("room", room).put("members", "batched");
  }

  @Test
  @DisplayName("20 arrivals and 8 departures: a batched member gets a few members frames that add up to the room; one who joined plainly gets a member frame each")
  void storm(Vertx vertx) {
    String room = "storm";
    try (TestClient batched = TestClient.login(vertx, shared.node(), "watch_batched");
         TestClient each = TestClient.login(vertx, shared.node(), "watch_each")) {
      batched.send(batchedJoin(room));
      Set<String> seen = new HashSet<>(batched.expect("joined").getJsonArray("members").getList());
      each.join(room);

      List<TestClient> crowd = new ArrayList<>();
      try {
        IntStream.range(0, 20).forEach(i -> crowd.add(TestClient.login(vertx, shared.node(), "crowd_" + i)));
        crowd.forEach(c -> c.send(batchedJoin(room)));
        List<Set<String>> crowdSeen = new ArrayList<>();
        for (TestClient c : crowd) {
          List<String> members = c.expect("joined").getJsonArray("members").getList();
          assertTrue(members.contains(c.user()), c.user() + " is in its own joined list: " + members);
          crowdSeen.add(new HashSet<>(members));
        }
        crowd.subList(0, 8).forEach(TestClient::close);

        Set<String> present = crowd.subList(8, 20).stream().map(TestClient::user).collect(Collectors.toSet());
        present.add("watch_batched");
        present.add("watch_each");
        int frames = follow(batched, room, seen, present);
        assertTrue(frames <= 14, "28 changes came in " + frames + " members frames, not coalesced");
        // Each of the crowd that stayed: its joined list and the batches after it add up to the room too.
        for (int i = 8; i < 20; i++) {
          follow(crowd.get(i), room, crowdSeen.get(i), present);
        }
        assertEquals(List.of(), batched.drain("member"), "a batched member gets no member frame");

        Set<String> expected = new HashSet<>();
        crowd.forEach(c -> expected.add(c.user() + " join"));
        crowd.subList(0, 8).forEach(c -> expected.add(c.user() + " leave"));
        List<String> events = each.collect("member", expected.size()).stream()
            .map(f -> f.getString("user") + " " + f.getString("event")).toList();
        assertEquals(expected, new HashSet<>(events));
        assertEquals(List.of(), each.drain("member"), "one member frame per change, no more");
        assertEquals(List.of(), each.drain("members"), "a plain member gets no members frame");
      } finally {
        crowd.forEach(TestClient::close);
      }
    }
  }

  /** Applies the client's members frames to {@code seen} until it equals {@code present}; how many it took. */
  private static int follow(TestClient c, String room, Set<String> seen, Set<String> present) {
    int frames = 0;
    while (!seen.equals(present)) {
      JsonObject members = c.awaitType("members");
      assertEquals(room, members.getString("room"));
      members.getJsonArray("joined").forEach(u -> seen.add((String) u));
      members.getJsonArray("left").forEach(seen::remove);
      frames++;
    }
    return frames;
  }

  @Test
  @DisplayName("members other than \"each\" or \"batched\" is bad_request naming the field, and nothing is joined")
  void badMode(Vertx vertx) {
    try (TestClient alice = TestClient.login(vertx, shared.node(), "alice_mode")) {
      alice.send(frame("join").put("room", "modes").put("members", "bulk").put("ref", "j"));
      JsonObject error = alice.expectError("bad_request");
      assertEquals("j", error.getString("ref"));
      assertTrue(error.getString("message").contains("members"), error.encode());
      alice.say("modes", "hello", "s");
      assertEquals("not_joined", alice.expectError("not_joined").getString("code"));
    }
  }
}
