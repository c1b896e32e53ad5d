package chatnode.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chatnode.testing.Http;
import chatnode.testing.Stores;
import chatnode.testing.TestClient;
import chatnode.testing.TestNode;
import io.vertx.core.Vertx;
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
 * Admitting a token (is its user banned, were its tokens revoked?) reads; it never writes, so it
 * neither waits for nor competes with the store's writers. Held here: another process holds the
 * embedded store's write lock the whole time.
 */
@ExtendWith(VertxExtension.class)
class AdmissionTest {

  @Test
  @DisplayName("while another process holds the store's write lock, known users still authenticate, over WebSocket and REST")
  void admissionReadsOnly(Vertx vertx, @TempDir Path data) throws SQLException {
    try (TestNode node = TestNode.start(data, "--store-lock-timeout-ms", "2000")) {
      assertEquals(201, Http.post(node.url() + "/api/auth/register", null,
          new JsonObject().put("username", "lee_adm").put("password", "password-lee")).status());
      TestClient.login(vertx, node, "kay_adm").close(); // known from its token from now on
      try (Connection holder = DriverManager.getConnection(Stores.url(Stores.EMBEDDED, data))) {
        holder.createStatement().execute("BEGIN IMMEDIATE");
        Http.Reply me = Http.get(node.url() + "/api/me", node.token("lee_adm"));
        assertEquals(200, me.status(), me.body()::encode);
        assertEquals("lee_adm", me.body().getString("user"));
        try (TestClient kay = TestClient.login(vertx, node, "kay_adm")) {
          assertEquals("kay_adm", kay.user());
        }
        holder.createStatement().execute("ROLLBACK");
      }
    }
  }
}
