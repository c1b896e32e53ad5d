package chatnode.gateway;

import static chatnode.testing.TestClient.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;

import chatnode.testing.Jwt;
import chatnode.testing.TestClient;
import chatnode.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tokens minted by another application with its own key pair, verified by the configured public key. */
@ExtendWith(VertxExtension.class)
class ExternalKeyTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"RS256", "ES256"})
  @DisplayName("a token signed with the application's private key is accepted; one signed with another key is refused")
  void publicKeyVerification(String alg, Vertx vertx, @TempDir Path data) throws Exception {
    KeyPair app = keyPair(alg);
    KeyPair stranger = keyPair(alg);
    Path pem = Files.writeString(data.resolve("app.pub"), Jwt.pem(app.getPublic()));
    JsonObject claims = new JsonObject().put("sub", "app_user").put("exp", System.currentTimeMillis() / 1000 + 600)
        .put("roles", new JsonArray().add("service"));
    try (TestNode node = TestNode.start(data, "--jwt-public-key", pem.toString(), "--jwt-public-key-algorithm", alg)) {
      try (TestClient c = TestClient.connect(vertx, node.port())) {
        JsonObject welcome = c.auth(Jwt.signed(alg, app.getPrivate(), claims));
        assertEquals("app_user", welcome.getString("user"));
        assertEquals(new JsonArray().add("service"), welcome.getJsonArray("roles"));
      }
      try (TestClient c = TestClient.connect(vertx, node.port())) {
        c.send(frame("auth").put("token", Jwt.signed(alg, stranger.getPrivate(), claims)));
        assertEquals(4401, c.awaitClose());
      }
      try (TestClient c = TestClient.login(vertx, node, "local_user")) {
        assertEquals("local_user", c.user(), "the node's own HS256 tokens still work");
      }
    }
  }

  private static KeyPair keyPair(String alg) throws Exception {
    if (alg.equals("RS256")) {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    }
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }
}
