package chatnode.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import chatnode.config.ConfigLoader;
import chatnode.testing.Http;
import chatnode.testing.TestClient;
import chatnode.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Nothing a client or an operator keeps secret ever reaches the log, at any level. */
@ExtendWith(VertxExtension.class)
class LoggingTest {

  @Test
  @DisplayName("a session that used a password and a token leaves neither in the log, even at DEBUG")
  void noSecretsInTheLog(Vertx vertx, @TempDir Path data) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger chat = context.getLogger("chatnode");
    Level rootLevel = root.getLevel();
    Level chatLevel = chat.getLevel();
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.setContext(context);
    captured.start();
    root.addAppender(captured);
    root.setLevel(Level.DEBUG);
    chat.setLevel(Level.DEBUG);
    String password = "very-secret-password-42";
    String wrongPassword = "wrong-secret-password-43";
    String token;
    try (TestNode node = TestNode.start(data)) {
      token = Http.post(node.url() + "/api/auth/register", null,
          new JsonObject().put("username", "secretive").put("password", password)).body().getString("token");
      Http.post(node.url() + "/api/auth/login", null, new JsonObject().put("username", "secretive").put("password", password));
      Http.post(node.url() + "/api/auth/login", null, new JsonObject().put("username", "secretive").put("password", wrongPassword));
      assertEquals(200, Http.get(node.url() + "/api/me", token).status());
      try (TestClient c = TestClient.connect(vertx, node.port())) {
        c.auth(token);
        c.join("quiet");
        c.say("quiet", "hello", "1");
        c.awaitType("ack");
      }
      try (TestClient c = TestClient.connect(vertx, node.port())) {
        c.send(TestClient.frame("auth").put("token", token + "tampered"));
        c.awaitClose();
      }
    } finally {
      root.detachAppender(captured);
      root.setLevel(rootLevel);
      chat.setLevel(chatLevel);
    }
    List<String> lines = captured.list.stream()
        .map(e -> e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy())))
        .toList();
    assertTrue(lines.stream().anyMatch(l -> l.contains("closed")), "the connection lifecycle is logged at debug");
    String tokenSignature = token.substring(token.lastIndexOf('.') + 1);
    for (String line : lines) {
      assertFalse(line.contains(password) || line.contains(wrongPassword), "a password in the log: " + line);
      assertFalse(line.contains(tokenSignature), "a token in the log: " + line);
    }
  }

  @Test
  @DisplayName("the effective configuration printed at start masks the secrets")
  void configMasked() {
    String described = ConfigLoader.describe(ConfigLoader.load(new String[] {"--jwt-secret", "s".repeat(40),
        "--admin-password", "admin-secret-1", "--store-url", "jdbc:postgresql://127.0.0.1/chat?user=u&password=db-secret"}, Map.of()));
    assertFalse(described.contains("s".repeat(40)));
    assertFalse(described.contains("admin-secret-1"));
    assertFalse(described.contains("db-secret"));
  }
}
