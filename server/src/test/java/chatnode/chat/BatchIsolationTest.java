package chatnode.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chatnode.testing.Stores;
import chatnode.testing.TestClient;
import chatnode.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Group commit stores many messages in one transaction; a draft the store would refuse must fail
 * alone, with a clear error to its sender, while everyone else's messages of the batch commit.
 */
@ExtendWith(VertxExtension.class)
class BatchIsolationTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final int OTHERS = 20;

  @ParameterizedTest(name = "{0}")
  @MethodSource("chatnode.testing.Stores#kinds")
  @DisplayName("a text with NUL is refused as bad_request, and the messages stored beside it all commit")
  void nulText(String kind, Vertx vertx, @TempDir Path data) {
    String url = Stores.url(kind, data);
    try (TestNode node = TestNode.start(data, "--store-url", url, "--rate-limit", "1000", "--rate-burst", "1000");
        TestClient poisoner = TestClient.login(vertx, node, "poisoner");
        TestClient other = TestClient.login(vertx, node, "other_one")) {
      poisoner.join("busy");
      other.join("busy");
      // Pipelined, so that they share transactions with the bad one.
      for (int i = 0; i < OTHERS; i++) {
        other.say("busy", "fine " + i, "o" + i);
        if (i == OTHERS / 2) {
          poisoner.say("busy", "a\u0000b", "bad");
        }
      }
      JsonObject refused = poisoner.await(f -> "error".equals(f.getString("type")));
      assertEquals("bad_request", refused.getString("code"), refused.encode());
      assertEquals("bad", refused.getString("ref"));
      assertAllAcked(other);
    } finally {
      Stores.drop(url);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("chatnode.testing.Stores#kinds")
  @DisplayName("the same Idempotency-Key twice at once is one message; a key of 200 characters fits; others' messages all commit")
  void sourceKeysInOneBatch(String kind, Vertx vertx, @TempDir Path data) {
    String url = Stores.url(kind, data);
    try (TestNode node = TestNode.start(data, "--store-url", url, "--rate-limit", "1000", "--rate-burst", "1000");
        TestClient other = TestClient.login(vertx, node, "other_two")) {
      other.join("feed");
      String service = node.token("backend", "service");
      List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
      for (int i = 0; i < OTHERS; i++) {
        other.say("feed", "fine " + i, "o" + i);
        if (i == OTHERS / 2) {
          posts.add(publish(node, service, "order-7"));
          posts.add(publish(node, service, "order-7"));
          posts.add(publish(node, service, "k".repeat(200)));
        }
      }
      List<HttpResponse<String>> answers = posts.stream().map(CompletableFuture::join).toList();
      answers.forEach(r -> assertEquals(201, r.statusCode(), r.body()));
      assertEquals(new JsonObject(answers.get(0).body()).getLong("seq"), new JsonObject(answers.get(1).body()).getLong("seq"),
          "two posts with one key are one message");
      assertAllAcked(other);
      List<JsonObject> delivered = other.collect("message", OTHERS + 2);
      assertEquals(IntStream.rangeClosed(1, OTHERS + 2).asLongStream().boxed().toList(), TestClient.seqs(delivered),
          "every stored message once, gapless");
      other.expectSilence(300);
    } finally {
      Stores.drop(url);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("chatnode.testing.Stores#kinds")
  @DisplayName("a message the store itself refuses fails alone with internal; the messages of its batch all commit")
  void storeRefusesOne(String kind, Vertx vertx, @TempDir Path data) throws SQLException {
    String url = Stores.url(kind, data);
    try (TestNode node = TestNode.start(data, "--store-url", url, "--rate-limit", "1000", "--rate-burst", "1000");
        TestClient poisoner = TestClient.login(vertx, node, "poisoner");
        TestClient other = TestClient.login(vertx, node, "other_three")) {
      // A rule of the store's that the node does not know of: the honest stand-in for any refusal it cannot foresee.
      try (Connection c = DriverManager.getConnection(url)) {
        c.createStatement().execute(kind.equals(Stores.EMBEDDED)
            ? "CREATE TRIGGER refuse_poison BEFORE INSERT ON messages WHEN NEW.text = 'poison' BEGIN SELECT RAISE(ABORT, 'poison'); END"
            : "ALTER TABLE messages ADD CONSTRAINT refuse_poison CHECK (text <> 'poison')");
      }
      poisoner.join("busy");
      other.join("busy");
      for (int i = 0; i < OTHERS; i++) {
        other.say("busy", "fine " + i, "o" + i);
        if (i == OTHERS / 2) {
          poisoner.say("busy", "poison", "bad");
        }
      }
      JsonObject refused = poisoner.await(f -> "error".equals(f.getString("type")));
      assertEquals("internal", refused.getString("code"), refused.encode());
      assertAllAcked(other);
      assertEquals(IntStream.rangeClosed(1, OTHERS).asLongStream().boxed().toList(), TestClient.seqs(other.collect("message", OTHERS)),
          "the refused message took no seq");
    } finally {
      Stores.drop(url);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("chatnode.testing.Stores#kinds")
  @DisplayName("two nodes storing the same Idempotency-Key at once: both answer the one message, none fails")
  void sameKeyOnTwoNodes(String kind, @TempDir Path first, @TempDir Path second) {
    String url = Stores.url(kind, first);
    try (TestNode a = TestNode.start(first, "--store-url", url);
        TestNode b = TestNode.start(second, "--store-url", url, "--jwt-secret", a.secret())) {
      String service = a.token("backend", "service");
      for (int i = 0; i < 20; i++) {
        CompletableFuture<HttpResponse<String>> viaA = publish(a, service, "retry-" + i);
        CompletableFuture<HttpResponse<String>> viaB = publish(b, service, "retry-" + i);
        HttpResponse<String> ra = viaA.join();
        HttpResponse<String> rb = viaB.join();
        assertEquals(201, ra.statusCode(), ra.body());
        assertEquals(201, rb.statusCode(), rb.body());
        assertEquals(new JsonObject(ra.body()).getLong("seq"), new JsonObject(rb.body()).getLong("seq"));
        assertEquals(i + 1, new JsonObject(ra.body()).getLong("seq"), "one message per key, gapless");
      }
    } finally {
      Stores.drop(url);
    }
  }

  private static void assertAllAcked(TestClient client) {
    List<String> acked = new ArrayList<>();
    for (int i = 0; i < OTHERS; i++) {
      JsonObject f = client.await(x -> "ack".equals(x.getString("type")) || "error".equals(x.getString("type")));
      assertEquals("ack", f.getString("type"), () -> "a message beside the bad one failed: " + f.encode());
      acked.add(f.getString("ref"));
    }
    assertEquals(IntStream.range(0, OTHERS).mapToObj(i -> "o" + i).toList(), acked);
  }

  private static CompletableFuture<HttpResponse<String>> publish(TestNode node, String token, String key) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(node.url() + "/api/rooms/feed/messages"))
        .header("Authorization", "Bearer " + token).header("Idempotency-Key", key)
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("text", "posted with " + key.length()).encode())).build();
    return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }
}
