package chatnode.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatnode.testing.Await;
import chatnode.testing.Http;
import chatnode.testing.NodeProcess;
import chatnode.testing.TestClient;
import chatnode.testing.TestCluster;
import chatnode.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Two deployments on one host, each with its own token secret, whose members lists overlap. */
@ExtendWith(VertxExtension.class)
class StrangersTest {

  @Test
  @DisplayName("two deployments with their own secrets and the default cluster name do not join: each lists only its own node and users")
  void ownSecretOwnCluster(Vertx vertx, @TempDir Path dataA, @TempDir Path dataB) {
    List<Integer> portsA = TestCluster.freePorts(1);
    List<Integer> portsB = TestCluster.freePorts(1);
    List<Integer> both = new ArrayList<>(portsA);
    both.addAll(portsB);
    String members = TestCluster.members(both);
    try (TestCluster a = TestCluster.startOn(portsA, members, dataA, "strangers-a");
        TestClient ann = TestClient.login(vertx, a, 0, "ann_own");
        TestCluster b = TestCluster.startOn(portsB, members, dataB, "strangers-b");
        TestClient bob = TestClient.login(vertx, b, 0, "bob_own")) {
      String adminA = a.token("root_a", "admin");
      String adminB = b.token("root_b", "admin");
      String nodeA = "http://127.0.0.1:" + a.node(0).port();
      String nodeB = "http://127.0.0.1:" + b.node(0).port();
      Await.until(() -> users(nodeB, adminB).contains("bob_own"), "deployment B lists its own user");
      assertEquals(List.of("ann_own"), users(nodeA, adminA), "deployment A lists only its own user");
      assertEquals(List.of("bob_own"), users(nodeB, adminB), "deployment B lists only its own user");
      assertEquals(1, Http.get(nodeA + "/api/admin/nodes", adminA).body().getJsonArray("nodes").size());
      assertEquals(1, Http.get(nodeB + "/api/admin/nodes", adminB).body().getJsonArray("nodes").size());
    }
  }

  @Test
  @DisplayName("a node with the cluster's name but another token secret refuses to join, loudly, and exits non-zero")
  void otherSecretRefused(@TempDir Path dataA, @TempDir Path dataB) {
    List<Integer> ports = TestCluster.freePorts(2);
    String members = TestCluster.members(ports);
    String name = "shared-" + UUID.randomUUID().toString().substring(0, 8);
    try (TestCluster a = TestCluster.startOn(ports.subList(0, 1), members, dataA, "secret-a",
        "--cluster-name", name, "--jwt-secret", "a".repeat(40))) {
      NodeProcess stranger = NodeProcess.launch(TestNode.freePort(), Path.of("target", "cluster-logs", "secret-b-node0.log"),
          List.of("--data", dataB.toString(), "--cluster-name", name, "--cluster-port", ports.get(1).toString(),
              "--cluster-members", members, "--jwt-secret", "b".repeat(40)));
      try {
        assertNotEquals(0, stranger.awaitExit(), "the stranger stops with an error");
        assertTrue(stranger.log().contains("another token secret"), "the stranger says why: " + stranger.log());
        Await.until(() -> a.node(0).log().contains("another token secret"), "the member tells the stranger apart too");
        assertTrue(a.node(0).ready(), "the deployment's own node serves on");
      } finally {
        stranger.close();
      }
    }
  }

  private static List<String> users(String node, String adminToken) {
    return Http.get(node + "/api/admin/sessions", adminToken).body().getJsonArray("sessions").stream()
        .map(s -> ((JsonObject) s).getString("user")).sorted().toList();
  }
}
