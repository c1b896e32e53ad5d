package chatnode.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chatnode.testing.Http;
import chatnode.testing.Stores;
import chatnode.testing.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A store of the version before rooms were kept starts, and keeps everything: its rooms are public, its posters members. */
class MigrationTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("chatnode.testing.Stores#kinds")
  @DisplayName("the previous schema's data: rooms public, posters and every account members, read up to now, nothing lost")
  void previousVersionsData(String kind, @TempDir Path data) throws Exception {
    String url = Stores.url(kind, data);
    try {
      previousVersion(url);
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

  /** The schema as the version before rooms left it: every migration up to V6. */
  private static void previousVersion(String url) {
    var flyway = Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").target("6");
    int at = url.indexOf("currentSchema=");
    if (at >= 0) {
      flyway.schemas(url.substring(at + "currentSchema=".length())).createSchemas(true);
    }
    flyway.load().migrate();
  }
}
