package chatnode.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chatnode.testing.Await;
import chatnode.testing.Http;
import chatnode.testing.Stores;
import chatnode.testing.TestClient;
import chatnode.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store that does not take writes (another process of the host holds SQLite's write lock, as a
 * stopped node would; a PostgreSQL session holds a room's row): a message is either refused and
 * never stored, or acknowledged; the node says it is not ready while its store takes no writes.
 */
@ExtendWith(VertxExtension.class)
class StoreStallTest {
  private static final String[] QUICK = {"--store-wait-ms", "1500", "--store-lock-timeout-ms", "500"};

  @Test
  @DisplayName("embedded store locked by another process: say is refused and never stored later; /ready is 503 until the lock goes")
  void embeddedWriteLockHeld(Vertx vertx, @TempDir Path data) throws SQLException {
    try (TestNode node = TestNode.start(data, QUICK); TestClient ann = TestClient.login(vertx, node, "ann_stall")) {
      ann.join("stalled");
      try (Connection holder = DriverManager.getConnection(Stores.url(Stores.EMBEDDED, data))) {
        holder.createStatement().execute("BEGIN IMMEDIATE");
        ann.say("stalled", "while locked", "1");
        JsonObject refused = ann.awaitType("error");
        assertEquals("internal", refused.getString("code"), refused.encode());
        assertEquals("1", refused.getString("ref"));
        Await.until(() -> Http.get(node.url() + "/ready", null).status() == 503, "/ready answers 503 while the store takes no writes");
        holder.createStatement().execute("ROLLBACK");
      }
      Await.until(() -> Http.get(node.url() + "/ready", null).status() == 200, "/ready answers 200 once writes go through again");
      assertRefusedNeverStored(ann, node, "stalled");
    }
  }

  @Test
  @DisplayName("embedded store locked: a user the node must create at auth is closed with 1011")
  void authThatCannotCreateTheUserCloses1011(Vertx vertx, @TempDir Path data) throws SQLException {
    try (TestNode node = TestNode.start(data, QUICK);
        Connection holder = DriverManager.getConnection(Stores.url(Stores.EMBEDDED, data));
        TestClient newcomer = TestClient.connect(vertx, node.port())) {
      holder.createStatement().execute("BEGIN IMMEDIATE");
      newcomer.send(TestClient.frame("auth").put("token", node.token("ann_newcomer")));
      assertEquals(1011, newcomer.awaitClose(), "the node failed while authenticating");
      holder.createStatement().execute("ROLLBACK");
    }
  }

  @Test
  @DisplayName("embedded store locked, then unlocked: the user refused with 1011 gets in when trying again")
  void retryAfter1011GetsIn(Vertx vertx, @TempDir Path data) throws SQLException {
    try (TestNode node = TestNode.start(data, QUICK)) {
      try (Connection holder = DriverManager.getConnection(Stores.url(Stores.EMBEDDED, data));
          TestClient newcomer = TestClient.connect(vertx, node.port())) {
        holder.createStatement().execute("BEGIN IMMEDIATE");
        newcomer.send(TestClient.frame("auth").put("token", node.token("ann_retrying")));
        assertEquals(1011, newcomer.awaitClose());
        holder.createStatement().execute("ROLLBACK");
      }
      try (TestClient again = TestClient.login(vertx, node, "ann_retrying")) {
        assertEquals("ann_retrying", again.user());
      }
    }
  }

  @Test
  @DisplayName("embedded store locked: publishing answers 500 internal, and the refused message is never stored")
  void publishWhileLockedIs500(@TempDir Path data) throws SQLException {
    try (TestNode node = TestNode.start(data, QUICK)) {
      String service = node.token("stall_service", "service");
      String url = node.url() + "/api/rooms/stalled/messages";
      assertEquals(200, Http.get(node.url() + "/api/me", service).status(), "the publisher exists before the store locks");
      try (Connection holder = DriverManager.getConnection(Stores.url(Stores.EMBEDDED, data))) {
        holder.createStatement().execute("BEGIN IMMEDIATE");
        Http.Reply refused = Http.post(url, service, new JsonObject().put("text", "while locked"));
        assertEquals(500, refused.status(), refused.body().encode());
        assertEquals("internal", refused.body().getJsonObject("error").getString("code"));
        holder.createStatement().execute("ROLLBACK");
      }
      Http.Reply after = Http.post(url, service, new JsonObject().put("text", "after"));
      assertEquals(201, after.status(), after.body().encode());
      assertEquals(1, after.body().getLong("seq"), "the refused message took no seq");
    }
  }

  @Test
  @DisplayName("PostgreSQL room row held by another session: say is refused and never stored later")
  void postgresRowHeld(Vertx vertx, @TempDir Path data) throws SQLException {
    String url = Stores.url(Stores.POSTGRES, data);
    try (TestNode node = TestNode.start(data, withQuick("--store-url", url)); TestClient ann = TestClient.login(vertx, node, "ann_stall")) {
      ann.join("stalled");
      ann.say("stalled", "first", "0");
      assertEquals(1, ann.awaitType("ack").getLong("seq"));
      try (Connection holder = DriverManager.getConnection(url)) {
        holder.setAutoCommit(false);
        holder.createStatement().execute("SELECT last_seq FROM conversations WHERE id = 'r:stalled' FOR UPDATE");
        ann.say("stalled", "while locked", "1");
        JsonObject refused = ann.awaitType("error");
        assertEquals("internal", refused.getString("code"), refused.encode());
        holder.rollback();
      }
      ann.say("stalled", "after", "2");
      assertEquals(2, ann.awaitType("ack").getLong("seq"), "the refused message took no seq");
      JsonArray kept = Http.get(node.url() + "/api/rooms/stalled/messages", node.token("ann_stall")).body().getJsonArray("messages");
      assertEquals(2, kept.size(), kept::encode);
    } finally {
      Stores.drop(url);
    }
  }

  private static String[] withQuick(String... more) {
    String[] all = new String[QUICK.length + more.length];
    System.arraycopy(QUICK, 0, all, 0, QUICK.length);
    System.arraycopy(more, 0, all, QUICK.length, more.length);
    return all;
  }

  /** The refused message is not in the room, and the next one takes seq 1. */
  private static void assertRefusedNeverStored(TestClient client, TestNode node, String room) {
    client.say(room, "after", "2");
    assertEquals(1, client.awaitType("ack").getLong("seq"), "the refused message took no seq");
    JsonArray kept = Http.get(node.url() + "/api/rooms/" + room + "/messages", node.token(client.user())).body().getJsonArray("messages");
    assertEquals(1, kept.size(), kept::encode);
    assertEquals("after", kept.getJsonObject(0).getString("text"));
  }
}
