package chatnode.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatnode.testing.Await;
import chatnode.testing.Http;
import chatnode.testing.ResumingClient;
import chatnode.testing.Stores;
import chatnode.testing.TestClient;
import chatnode.testing.TestCluster;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Three nodes under traffic, clients on each posting into one room and DMing each other, while one
 * node is frozen (SIGSTOP, then SIGCONT), another killed (kill -9) and the third drained (SIGTERM).
 * Every client resumes as the protocol documents; at the end every acknowledged message has
 * reached every client exactly once in order, live or by the resume, and presence agrees.
 */
@ExtendWith(VertxExtension.class)
class FaultTest {
  private static final Logger log = LoggerFactory.getLogger(FaultTest.class);
  private static final String ROOM = "weather";
  private static final int PER_NODE = 2;
  /** Traffic between faults: each client says one thing and sends one DM a round. */
  private static final long PHASE_MS = 2_000;
  private static final long ROUND_PAUSE_MS = 25;
  /** Longer than the cluster takes to drop a hung member (5 s without heartbeats). */
  private static final long FREEZE_MS = 8_000;
  /** A thawed node rejoins through Hazelcast's merge, which runs a few seconds apart. */
  private static final long REJOIN_WAIT_MS = 60_000;

  private final List<ResumingClient> clients = new ArrayList<>();

  @ParameterizedTest(name = "{0}")
  @MethodSource("chatnode.testing.Stores#kinds")
  @DisplayName("freeze, kill -9 and drain under traffic: every acknowledged message reaches everyone once, in order; presence converges")
  void faultsUnderTraffic(String kind, Vertx vertx, @TempDir Path data) {
    String url = Stores.url(kind, data);
    try (TestCluster cluster = TestCluster.start(3, data, "faults-" + kind, "--store-url", url,
        "--rate-limit", "1000", "--rate-burst", "1000")) {
      for (int n = 0; n < cluster.size(); n++) {
        for (int i = 0; i < PER_NODE; i++) {
          ResumingClient c = new ResumingClient(vertx, cluster, n, "fault_" + n + "_" + i);
          c.join(ROOM);
          clients.add(c);
        }
      }
      traffic(PHASE_MS);

      log.info("freezing node 2");
      cluster.node(2).freeze();
      traffic(FREEZE_MS);
      cluster.node(2).thaw();
      traffic(PHASE_MS);
      Await.until(() -> cluster.node(2).ready(), "the thawed node is ready again once back in its cluster", REJOIN_WAIT_MS);
      traffic(PHASE_MS);

      log.info("killing node 1");
      cluster.node(1).kill();
      traffic(PHASE_MS);

      log.info("draining node 2");
      cluster.node(2).close();
      traffic(PHASE_MS);

      ResumingClient.settle(clients, () -> clients.stream().allMatch(c -> c.node() == 0) && everyoneCaughtUp(), "every client caught up on node 0");
      for (ResumingClient c : clients) {
        assertEquals(List.of(), c.problems(), c.user() + " saw the server break a promise");
      }
      long newest = clients.get(0).roomLast(ROOM);
      Set<Long> ackedInRoom = new HashSet<>();
      clients.forEach(c -> ackedInRoom.addAll(c.acked().getOrDefault(ROOM, Set.of())));
      assertTrue(ackedInRoom.stream().allMatch(s -> s <= newest), "every acknowledged room message was delivered");
      for (ResumingClient c : clients) {
        assertEquals(newest, c.roomLast(ROOM), c.user() + " has the whole room");
        for (ResumingClient peer : clients) {
          if (peer != c) {
            Set<Long> acked = new HashSet<>(c.acked().getOrDefault("@" + peer.user(), Set.of()));
            acked.addAll(peer.acked().getOrDefault("@" + c.user(), Set.of()));
            Set<Long> seen = c.directSeqs(peer.user());
            assertTrue(seen.containsAll(acked), () -> c.user() + " misses acknowledged DMs with " + peer.user());
            long last = seen.isEmpty() ? 0 : ((java.util.TreeSet<Long>) seen).last();
            assertEquals(LongStream.rangeClosed(1, last).boxed().toList(), List.copyOf(seen),
                c.user() + "'s DMs with " + peer.user() + " have no hole");
          }
        }
      }
      int resumed = clients.stream().mapToInt(ResumingClient::reconnects).sum();
      long dms = clients.stream().flatMap(c -> c.acked().entrySet().stream())
          .filter(e -> e.getKey().startsWith("@")).mapToLong(e -> e.getValue().size()).sum();
      log.info("{} store: {} room messages, {} DMs acknowledged; {} resumes, {} refusals", kind, newest, dms, resumed,
          clients.stream().mapToInt(c -> c.errors().size()).sum());

      assertPresenceConverged(vertx, cluster);
    } finally {
      clients.forEach(ResumingClient::close);
      Stores.drop(url);
    }
  }

  /** Each client says one thing in the room and DMs the next client, round after round, for {@code ms}. */
  private void traffic(long ms) {
    long end = System.currentTimeMillis() + ms;
    while (System.currentTimeMillis() < end) {
      for (int i = 0; i < clients.size(); i++) {
        ResumingClient c = clients.get(i);
        if (c.pump(0)) {
          c.say(ROOM);
          c.dm(clients.get((i + 1) % clients.size()).user());
        }
      }
      ResumingClient.pause(ROUND_PAUSE_MS);
    }
  }

  private boolean everyoneCaughtUp() {
    long newest = clients.stream().mapToLong(c -> c.roomLast(ROOM)).max().orElse(0);
    return clients.stream().allMatch(c -> c.roomLast(ROOM) == newest);
  }

  private void assertPresenceConverged(Vertx vertx, TestCluster cluster) {
    String admin = cluster.token("admin", "admin");
    String sessions = "http://127.0.0.1:" + cluster.node(0).port() + "/api/admin/sessions";
    Set<String> users = clients.stream().map(ResumingClient::user).collect(Collectors.toSet());
    JsonArray[] listed = new JsonArray[1];
    try {
      Await.until(() -> {
        listed[0] = Http.get(sessions, admin).body().getJsonArray("sessions");
        Set<String> online = listed[0].stream().map(s -> ((io.vertx.core.json.JsonObject) s).getString("user")).collect(Collectors.toSet());
        return listed[0].size() == clients.size() && online.equals(users);
      }, "node 0 lists exactly the clients' sessions, none of the dead or drained nodes'");
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + ": expected " + users + ", listed " + listed[0].encode(), e);
    }
    try (TestClient watcher = TestClient.login(vertx, cluster, 0, "fault_watcher")) {
      watcher.send(TestClient.frame("watch").put("users", new JsonArray(List.copyOf(users))));
      List<io.vertx.core.json.JsonObject> presence = watcher.collect("presence", users.size());
      assertTrue(presence.stream().allMatch(p -> "online".equals(p.getString("status"))), presence::toString);
    }
  }
}
