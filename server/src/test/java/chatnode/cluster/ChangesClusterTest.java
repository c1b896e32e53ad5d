package chatnode.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatnode.testing.Http;
import chatnode.testing.MessageModel;
import chatnode.testing.ResumingClient;
import chatnode.testing.Stores;
import chatnode.testing.TestClient;
import chatnode.testing.TestCluster;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Three nodes, clients on each editing, deleting and reacting in one room while one node is
 * killed (kill -9). Every client resumes with {@code since} and {@code sinceRev}; at the end each
 * has exactly the stored state of every message, and saw each rev once, in order.
 */
@ExtendWith(VertxExtension.class)
class ChangesClusterTest {
  private static final Logger log = LoggerFactory.getLogger(ChangesClusterTest.class);
  private static final String ROOM = "revisions";
  private static final int PER_NODE = 2;
  private static final int MESSAGES_EACH = 3;
  private static final long PHASE_MS = 2_000;
  private static final long ROUND_PAUSE_MS = 25;
  private static final List<String> EMOJI = List.of("👍", "🎉", "👀", "🚀");

  private final List<ResumingClient> clients = new ArrayList<>();
  private final Random random = new Random(12);

  @ParameterizedTest(name = "{0}")
  @MethodSource("chatnode.testing.Stores#kinds")
  @DisplayName("edits, deletions and reactions on three nodes, one killed: every client resumes to the stored state, each rev once, in order")
  void changesAcrossAKill(String kind, Vertx vertx, @TempDir Path data) {
    String url = Stores.url(kind, data);
    try (TestCluster cluster = TestCluster.start(3, data, "changes-" + kind, "--store-url", url,
        "--rate-limit", "1000", "--rate-burst", "1000")) {
      for (int n = 0; n < cluster.size(); n++) {
        for (int i = 0; i < PER_NODE; i++) {
          ResumingClient c = new ResumingClient(vertx, cluster, n, "rev_" + n + "_" + i);
          c.join(ROOM);
          clients.add(c);
        }
      }
      for (int i = 0; i < MESSAGES_EACH; i++) {
        clients.forEach(c -> c.say(ROOM));
      }
      int messages = clients.size() * MESSAGES_EACH;
      ResumingClient.settle(clients, () -> clients.stream().allMatch(c -> c.roomLast(ROOM) == messages),
          "every client has the first messages");

      changes(PHASE_MS);
      log.info("killing node 1");
      cluster.node(1).kill();
      changes(PHASE_MS);

      ResumingClient.settle(clients, () -> clients.stream().allMatch(ResumingClient::answered),
          "every change sent since the last resume is answered");
      JsonObject newest;
      try (TestClient probe = TestClient.login(vertx, cluster, 0, "rev_probe")) {
        newest = probe.join(ROOM);
      }
      ResumingClient.settle(clients, () -> clients.stream()
          .allMatch(c -> c.roomLast(ROOM) == newest.getLong("seq") && c.roomRev(ROOM) == newest.getLong("rev")),
          "every client has every message and every change");
      for (ResumingClient c : clients) {
        assertEquals(List.of(), c.problems(), c.user() + " saw the server break a promise");
        assertEquals(stored(cluster, c.user()), c.roomMessages(ROOM), c.user() + " has the stored state of every message");
      }
      assertTrue(clients.stream().filter(c -> c.reconnects() > 0).count() >= PER_NODE, "the killed node's clients resumed elsewhere");
      log.info("{} store: {} messages, {} changes; {} resumes; refusals by code {}", kind, newest.getLong("seq"), newest.getLong("rev"),
          clients.stream().mapToInt(ResumingClient::reconnects).sum(), clients.stream().flatMap(c -> c.errors().stream())
              .collect(Collectors.groupingBy(e -> new JsonObject(e).getString("code"), Collectors.counting())));
    } finally {
      clients.forEach(ResumingClient::close);
      Stores.drop(url);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("chatnode.testing.Stores#kinds")
  @DisplayName("a DM conversation changed from two nodes: every session of both users, on three nodes, sees each rev once, in order, "
      + "never before its message, and ends with the stored state")
  void directChangesAcrossNodes(String kind, Vertx vertx, @TempDir Path data) {
    String url = Stores.url(kind, data);
    try (TestCluster cluster = TestCluster.start(3, data, "dm-changes-" + kind, "--store-url", url,
        "--rate-limit", "1000", "--rate-burst", "1000");
        TestClient ann = TestClient.login(vertx, cluster, 0, "dmr_ann"); TestClient bob = TestClient.login(vertx, cluster, 1, "dmr_bob");
        TestClient annElsewhere = TestClient.login(vertx, cluster, 2, "dmr_ann")) {
      int rounds = 30;
      for (int i = 1; i <= rounds; i++) {
        TestClient from = i % 2 == 0 ? ann : bob;
        from.dm(from == ann ? "dmr_bob" : "dmr_ann", "dm " + i, "m" + i);
        long seq = from.answer("m" + i).getLong("seq");
        // The other user reacts at once, from its own node, racing the DM's delivery; the author edits it.
        TestClient other = from == ann ? bob : ann;
        other.react(other == ann ? "@dmr_bob" : "@dmr_ann", seq, EMOJI.get(i % EMOJI.size()), true, "r" + i);
        from.edit(from == ann ? "@dmr_bob" : "@dmr_ann", seq, "dm " + i + " edited", "e" + i);
      }
      for (int i = 1; i <= rounds; i++) {
        assertTrue((i % 2 == 0 ? bob : ann).answer("r" + i).containsKey("rev"));
        assertTrue((i % 2 == 0 ? ann : bob).answer("e" + i).containsKey("rev"));
      }
      for (TestClient session : List.of(ann, bob, annElsewhere)) {
        MessageModel model = new MessageModel(session.user());
        long lastSeq = 0;
        long lastRev = 0;
        while (lastSeq < rounds || lastRev < 2L * rounds) {
          JsonObject f = session.await(x -> List.of("dm", "edited", "reaction").contains(x.getString("type")));
          if ("dm".equals(f.getString("type"))) {
            assertEquals(lastSeq + 1, f.getLong("seq"), () -> session.user() + ": DM " + f.encode());
            lastSeq = f.getLong("seq");
            model.message(f);
          } else {
            assertEquals(lastRev + 1, f.getLong("rev"), () -> session.user() + ": change " + f.encode());
            assertTrue(f.getLong("seq") <= lastSeq, () -> session.user() + ": a change before its message " + f.encode());
            lastRev = f.getLong("rev");
            model.change(f);
          }
        }
        String peer = session.user().equals("dmr_ann") ? "dmr_bob" : "dmr_ann";
        List<JsonObject> stored = Http.get("http://127.0.0.1:" + cluster.node(0).port() + "/api/dms/" + peer + "/messages?after=0&limit=200",
            cluster.token(session.user())).body().getJsonArray("messages").stream().map(m -> MessageModel.state((JsonObject) m)).toList();
        assertEquals(stored, model.messages(), session.user() + " has the stored state");
      }
    } finally {
      Stores.drop(url);
    }
  }

  /**
   * Round after round for {@code ms}, each client makes one change: mostly a reaction (on or off)
   * to any message, else an edit or (rarely) a deletion of one of its own.
   */
  private void changes(long ms) {
    long end = System.currentTimeMillis() + ms;
    while (System.currentTimeMillis() < end) {
      for (ResumingClient c : clients) {
        if (!c.pump(0)) {
          continue;
        }
        // Targets as far as the client knows: messages not deleted (a change may still meet one deleted meanwhile).
        List<Long> standing = c.roomMessages(ROOM).stream().filter(m -> !m.getBoolean("deleted")).map(m -> m.getLong("seq")).toList();
        List<Long> own = standing.stream().filter(c.acked().getOrDefault(ROOM, Set.of())::contains).toList();
        int dice = random.nextInt(20);
        if (standing.isEmpty()) {
          continue;
        }
        if (dice < 12 || own.isEmpty()) {
          long seq = standing.get(random.nextInt(standing.size()));
          c.change(ROOM, new JsonObject().put("type", "react").put("seq", seq).put("emoji", EMOJI.get(random.nextInt(EMOJI.size())))
              .put("on", random.nextBoolean()));
        } else if (dice < 19) {
          c.change(ROOM, new JsonObject().put("type", "edit").put("seq", own.get(random.nextInt(own.size())))
              .put("text", c.user() + " edit " + random.nextInt(1000)));
        } else {
          c.change(ROOM, new JsonObject().put("type", "delete").put("seq", own.get(random.nextInt(own.size()))));
        }
      }
      ResumingClient.pause(ROUND_PAUSE_MS);
    }
  }

  /** Every message of the room as history shows it to {@code user}, in the shape the model keeps. */
  private static List<JsonObject> stored(TestCluster cluster, String user) {
    List<JsonObject> all = new ArrayList<>();
    String base = "http://127.0.0.1:" + cluster.node(0).port() + "/api/rooms/" + ROOM + "/messages?limit=200&after=";
    List<JsonObject> page;
    do {
      page = Http.get(base + (all.isEmpty() ? 0 : all.get(all.size() - 1).getLong("seq")), cluster.token(user)).body()
          .getJsonArray("messages").stream().map(m -> MessageModel.state((JsonObject) m)).toList();
      all.addAll(page);
    } while (page.size() == 200);
    return all;
  }
}
