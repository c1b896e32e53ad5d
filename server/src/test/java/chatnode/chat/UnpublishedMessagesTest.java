package chatnode.chat;

import static chatnode.testing.TestClient.seqs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatnode.bus.Draft;
import chatnode.store.Store;
import chatnode.testing.Await;
import chatnode.testing.Stores;
import chatnode.testing.TestClient;
import chatnode.testing.TestCluster;
import chatnode.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Messages another node has committed but not yet published (it is slow, or it died right after
 * the commit). A second store handle on the same data plays that node: it commits through the
 * node's own SQL and publishes nothing.
 */
@ExtendWith(VertxExtension.class)
class UnpublishedMessagesTest {

  @Test
  @DisplayName("a DM whose publish is overtaken by the next one still reaches the recipient, in seq order")
  void crossedDirectMessages(Vertx vertx, @TempDir Path data) {
    try (TestNode node = TestNode.start(data);
        TestClient amy = TestClient.login(vertx, node, "amy_cross");
        TestClient bob = TestClient.login(vertx, node, "bob_cross")) {
      commitElsewhere(vertx, data, Draft.direct("bob_cross", "amy_cross", "stored on another node, published late"));
      amy.dm("bob_cross", "stored here", "2");
      assertEquals(2, amy.awaitType("ack").getLong("seq"));
      List<Long> received = seqs(bob.collect("dm", 2));
      assertEquals(List.of(1L, 2L), received, "every acknowledged DM, in increasing seq");
    }
  }

  @Test
  @DisplayName("a node dies between commit and publish: the survivors deliver its last room message and DM at once")
  void nodeDiesBeforePublishing(Vertx vertx, @TempDir Path data) {
    try (TestCluster cluster = TestCluster.start(2, data, "unpublished");
        TestClient amy = TestClient.login(vertx, cluster, 0, "amy_dead");
        TestClient bob = TestClient.login(vertx, cluster, 0, "bob_dead")) {
      bob.join("lasting");
      bob.say("lasting", "before", "1");
      assertEquals(1, bob.awaitType("ack").getLong("seq"));
      amy.dm("bob_dead", "before", "d1");
      assertEquals(1, bob.awaitType("dm").getLong("seq"));
      // Past the new subscription's one catch-up read: from here only a fill brings stored messages.
      bob.discard("message");
      bob.expectSilence(1_500);

      commitElsewhere(vertx, data, Draft.forRoom("lasting", "amy_dead", "committed by node 1, never published"));
      commitElsewhere(vertx, data, Draft.direct("bob_dead", "amy_dead", "committed by node 1, never published"));
      cluster.node(1).kill();

      assertEquals(2, bob.awaitType("message").getLong("seq"));
      assertEquals(2, bob.awaitType("dm").getLong("seq"));
      assertTrue(cluster.node(0).ready(), "the survivor of two nodes, one of which died, is not cut off: it stays ready");
    }
  }

  /** Commits a message the way a node does, and publishes nothing. */
  private static void commitElsewhere(Vertx vertx, Path data, Draft draft) {
    Store other = Await.result(Store.open(vertx, Stores.url(Stores.EMBEDDED, data)));
    try {
      Await.result(other.transaction(c -> MessageLog.append(c, List.of(draft), System.currentTimeMillis(), new RoomVisibility(100))));
    } finally {
      other.close();
    }
  }
}
