package chatnode.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Stores of earlier versions start and keep everything: the one before rooms (its rooms public, its
 * posters members), the one with rooms before mentions and replies, and the one before edits and reactions.
 */
@ExtendWith(VertxExtension.class)
class MigrationTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("chatnode.testing.Stores#kinds")
  @DisplayName("the previous schema's data: rooms public, posters and every account members, read up to now, nothing lost")
  void previousVersionsData(String kind, @TempDir Path data) throws Exception {
    String url = Stores.url(kind, data);
    try {
      schemaUpTo(url, "6");
      try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
        s.execute("INSERT INTO users(name, roles, bio, status_text, created_at) VALUES ('old_ann', '', '', '', 1), ('old_bob', '', '', '', 2)");
        s.execute("INSERT INTO conversations(id, last_seq) VALUES ('r:lobby', 2), ('r:general', 1), ('d:old_ann:old_bob', 1)");
        s.execute("INSERT INTO messages(conv, seq, sender, recipient, text, ts) VALUES ('r:lobby', 1, 'old_ann', NULL, 'first', 10), "
            + "('r:lobby', 2, 'old_bob', NULL, 'second', 20), ('r:general', 1, 'old_ann', NULL, 'hello', 30), "
            + "('d:old_ann:old_bob', 1, 'old_ann', 'old_bob', 'psst', 40)");
      }
      try (TestNode node = TestNode.start(data, "--store-url", url)) {
        String ann = node.token("old_ann");
        JsonArray directory = Http.get(node.url() + "/api/rooms", ann).body().getJsonArray("rooms");
        assertEquals(List.of("general:public:1", "lobby:public:2"), directory.stream().map(JsonObject.class::cast)
            .map(r -> r.getString("room") + ":" + r.getString("visibility") + ":" + r.getLong("lastSeq")).toList());
        JsonArray annRooms = Http.get(node.url() + "/api/me/rooms", ann).body().getJsonArray("rooms");
        assertEquals(List.of("general:1:0", "lobby:2:0"), annRooms.stream().map(JsonObject.class::cast)
            .map(r -> r.getString("room") + ":" + r.getLong("lastRead") + ":" + r.getInteger("unread")).toList(),
            "what was there before counts as read");
        assertEquals(List.of("first", "second"), Http.get(node.url() + "/api/rooms/lobby/messages", ann).body()
            .getJsonArray("messages").stream().map(m -> ((JsonObject) m).getString("text")).toList());
        JsonArray dms = Http.get(node.url() + "/api/me/dms", ann).body().getJsonArray("dms");
        assertEquals(new JsonObject().put("with", "old_bob").put("lastSeq", 1).put("lastRead", 1).put("unread", 0).put("lastTs", 40),
            dms.getJsonObject(0));
        assertEquals(new JsonObject().put("with", "old_ann").put("lastSeq", 1).put("lastRead", 1).put("unread", 0).put("lastTs", 40),
            Http.get(node.url() + "/api/me/dms", node.token("old_bob")).body().getJsonArray("dms").getJsonObject(0),
            "old DMs count as read by both their users, as old room messages do");
      }
    } finally {
      Stores.drop(url);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("chatnode.testing.Stores#kinds")
  @DisplayName("the data of the version with rooms but before mentions and replies: its rooms, members, read markers and messages kept")
  void roomsVersionsData(String kind, @TempDir Path data, Vertx vertx) throws Exception {
    String url = Stores.url(kind, data);
    try {
      schemaUpTo(url, "7");
      try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
        s.execute("INSERT INTO users(name, roles, bio, status_text, created_at) VALUES ('sev_ann', '', '', '', 1), ('sev_bob', '', '', '', 2)");
        s.execute("INSERT INTO rooms(name, visibility, topic, created_at, created_by) VALUES ('vault', 'private', 'kept', 5, 'sev_ann')");
        s.execute("INSERT INTO room_members(room, name, role, since, last_read) VALUES ('vault', 'sev_ann', 'owner', 5, 1), "
            + "('vault', 'sev_bob', 'member', 6, 0)");
        s.execute("INSERT INTO conversations(id, last_seq) VALUES ('r:vault', 2)");
        s.execute("INSERT INTO messages(conv, seq, sender, recipient, text, ts) VALUES ('r:vault', 1, 'sev_ann', NULL, '@sev_bob first', 10), "
            + "('r:vault', 2, 'sev_ann', NULL, 'second', 20)");
      }
      try (TestNode node = TestNode.start(data, "--store-url", url)) {
        JsonObject vault = Http.get(node.url() + "/api/me/rooms", node.token("sev_bob")).body().getJsonArray("rooms").stream()
            .map(JsonObject.class::cast).filter(r -> "vault".equals(r.getString("room"))).findFirst().orElseThrow();
        assertEquals(new JsonObject().put("room", "vault").put("visibility", "private").put("topic", "kept").put("role", "member")
            .put("lastSeq", 2).put("lastRead", 0).put("unread", 2).put("mentions", 0), vault,
            "membership and counts kept; a message stored before mentions were recorded mentions no one");
        assertEquals(List.of("@sev_bob first", "second"), Http.get(node.url() + "/api/rooms/vault/messages", node.token("sev_bob")).body()
            .getJsonArray("messages").stream().map(m -> ((JsonObject) m).getString("text")).toList());
        assertEquals(403, Http.get(node.url() + "/api/rooms/vault/messages", node.token("sev_eve")).status(), "still private");
        assertEquals(List.of(1L), Http.get(node.url() + "/api/search?q=first", node.token("sev_bob")).body().getJsonArray("results")
            .stream().map(h -> ((JsonObject) h).getLong("seq")).toList(), "what was stored before search existed is found");
        try (TestClient ann = TestClient.login(vertx, node, "sev_ann")) {
          ann.join("vault");
          ann.send(TestClient.frame("say").put("room", "vault").put("text", "@sev_bob third").put("replyTo", 1).put("ref", "t"));
          JsonObject third = ann.await(f -> "message".equals(f.getString("type")) && f.getLong("seq") == 3);
          assertEquals(List.of(1L, "sev_bob"), List.of(third.getLong("replyTo"),
              third.getJsonArray("mentions").getString(0)), "the seq goes on; replies and mentions work on the old data");
        }
      }
    } finally {
      Stores.drop(url);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("chatnode.testing.Stores#kinds")
  @DisplayName("the data of the version before edits and reactions: kept, found, and its messages take changes from rev 1")
  void searchVersionsData(String kind, @TempDir Path data, Vertx vertx) throws Exception {
    String url = Stores.url(kind, data);
    long now = System.currentTimeMillis();
    try {
      schemaUpTo(url, "11");
      try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
        s.execute("INSERT INTO users(name, roles, bio, status_text, created_at) VALUES ('elv_ann', '', '', '', 1), ('elv_bob', '', '', '', 2)");
        s.execute("INSERT INTO rooms(name, visibility, topic, created_at, created_by) VALUES ('plaza', 'public', '', 5, 'elv_ann')");
        s.execute("INSERT INTO room_members(room, name, role, since, last_read) VALUES ('plaza', 'elv_ann', 'owner', 5, 2)");
        s.execute("INSERT INTO conversations(id, last_seq) VALUES ('r:plaza', 2)");
        s.execute("INSERT INTO messages(conv, seq, sender, recipient, text, ts, reply_to) VALUES ('r:plaza', 1, 'elv_ann', NULL, 'old draft', "
            + now + ", NULL), ('r:plaza', 2, 'elv_bob', NULL, 'kept as it was', " + now + ", 1)");
      }
      try (TestNode node = TestNode.start(data, "--store-url", url); TestClient ann = TestClient.login(vertx, node, "elv_ann")) {
        JsonObject joined = ann.join("plaza");
        assertEquals(List.of(2L, 0L), List.of(joined.getLong("seq"), joined.getLong("rev")), "no change yet: rev 0");
        ann.edit("plaza", 1, "final text", "e");
        assertEquals(1, ann.answer("e").getLong("rev"));
        ann.react("plaza", 2, "👍", true, "r");
        assertEquals(2, ann.answer("r").getLong("rev"));
        List<JsonObject> messages = Http.get(node.url() + "/api/rooms/plaza/messages", node.token("elv_bob")).body()
            .getJsonArray("messages").stream().map(JsonObject.class::cast).toList();
        assertEquals(List.of("final text", "kept as it was"), messages.stream().map(m -> m.getString("text")).toList());
        assertEquals(1L, messages.get(1).getLong("replyTo"));
        assertEquals(1, messages.get(1).getJsonObject("reactions").getJsonObject("👍").getInteger("count"));
        String bob = node.token("elv_bob");
        assertEquals(List.of(), Http.get(node.url() + "/api/search?q=draft", bob).body().getJsonArray("results").getList(),
            "the edited message is found by its new text only");
        assertEquals(1, Http.get(node.url() + "/api/search?q=final", bob).body().getJsonArray("results").size());
      }
    } finally {
      Stores.drop(url);
    }
  }

  /** The schema as an earlier version left it: every migration up to {@code version}, the store's own ones too. */
  private static void schemaUpTo(String url, String version) {
    String own = url.startsWith("jdbc:sqlite:") ? "classpath:db/sqlite" : "classpath:db/postgresql";
    var flyway = Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration", own).target(version);
    int at = url.indexOf("currentSchema=");
    if (at >= 0) {
      flyway.schemas(url.substring(at + "currentSchema=".length())).createSchemas(true);
    }
    flyway.load().migrate();
  }
}
