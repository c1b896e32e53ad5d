package chatnode.cluster;

import static chatnode.testing.TestClient.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;

import chatnode.testing.Await;
import chatnode.testing.Http;
import chatnode.testing.TestClient;
import chatnode.testing.TestCluster;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** SIGSTOP of one node of three until the others drop it, then SIGCONT: it knows it was cut off, and all converge. */
@ExtendWith(VertxExtension.class)
class FrozenNodeTest {
  private static final int SESSIONS_PER_NODE = 3;

  @Test
  @DisplayName("a node frozen until the others drop it, then resumed: /ready 503 while cut off, then every registry lists every session, its users are online again and messages flow both ways")
  void frozenNodeComesBack(Vertx vertx, @TempDir Path data) {
    List<TestClient> clients = new ArrayList<>();
    try (TestCluster cluster = TestCluster.start(3, data, "frozen")) {
      for (int n = 0; n < cluster.size(); n++) {
        for (int i = 0; i < SESSIONS_PER_NODE; i++) {
          TestClient c = TestClient.login(vertx, cluster, n, "idle" + n + "_" + i);
          c.join("thaw");
          clients.add(c);
        }
      }
      TestClient watcher = TestClient.login(vertx, cluster, 0, "watcher_f");
      clients.add(watcher);
      watcher.send(frame("watch").put("users", new JsonArray().add("idle2_0")));
      assertEquals("online", watcher.expect("presence").getString("status"));
      Set<String> everyone = clients.stream().map(TestClient::user).collect(Collectors.toSet());
      String admin = cluster.token("root_f", "admin");
      awaitEveryNodeLists(cluster, admin, everyone, "before the freeze");

      cluster.node(2).freeze();
      try {
        Await.until(() -> !users(cluster, 0, admin).contains("idle2_0"), "node 0 drops the frozen node's sessions");
        JsonObject offline = watcher.expect("presence");
        assertEquals("offline", offline.getString("status"), "the frozen node's users look offline meanwhile");
      } finally {
        cluster.node(2).thaw();
      }
      Await.until(() -> !cluster.node(2).ready(), "the resumed node, alone, reports itself not ready");

      awaitEveryNodeLists(cluster, admin, everyone, "after the node is back");
      Await.until(() -> cluster.node(2).ready(), "the node that is back is ready again");
      JsonObject online = watcher.expect("presence");
      assertEquals("idle2_0", online.getString("user"));
      assertEquals("online", online.getString("status"), "watchers see the frozen node's users online again");

      TestClient onZero = clients.get(0);
      TestClient onTwo = clients.get(2 * SESSIONS_PER_NODE);
      onZero.say("thaw", "node 0 to the thawed node", "a");
      assertEquals("idle0_0", onTwo.await(f -> "message".equals(f.getString("type"))
          && "node 0 to the thawed node".equals(f.getString("text"))).getString("from"));
      onTwo.say("thaw", "thawed node to node 0", "b");
      assertEquals("idle2_0", onZero.await(f -> "message".equals(f.getString("type"))
          && "thawed node to node 0".equals(f.getString("text"))).getString("from"));
    } finally {
      clients.forEach(TestClient::close);
    }
  }

  private static void awaitEveryNodeLists(TestCluster cluster, String admin, Set<String> users, String when) {
    for (int n = 0; n < cluster.size(); n++) {
      int node = n;
      Await.until(() -> Set.copyOf(users(cluster, node, admin)).equals(users), "node " + node + " lists every session " + when);
    }
  }

  private static List<String> users(TestCluster cluster, int node, String admin) {
    return Http.get("http://127.0.0.1:" + cluster.node(node).port() + "/api/admin/sessions", admin).body()
        .getJsonArray("sessions").stream().map(s -> ((JsonObject) s).getString("user")).toList();
  }
}
