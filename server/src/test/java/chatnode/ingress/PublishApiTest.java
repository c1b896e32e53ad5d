package chatnode.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chatnode.testing.Http;
import chatnode.testing.TestClient;
import chatnode.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A backend posts into a room with a service token: stored and delivered like a say. */
@ExtendWith(VertxExtension.class)
class PublishApiTest {

  @Test
  @DisplayName("POST /api/rooms/{room}/messages stores, delivers and answers 201 with the seq; an Idempotency-Key posts once")
  void publish(Vertx vertx, @TempDir Path data) throws Exception {
    try (TestNode node = TestNode.start(data); TestClient member = TestClient.login(vertx, node, "reader_pub")) {
      member.join("news");
      String service = node.token("backend", "service");
      Http.Reply r = Http.post(node.url() + "/api/rooms/news/messages", service, new JsonObject().put("text", "deploy done").put("from", "ci_bot"));
      assertEquals(201, r.status());
      assertEquals(1, r.body().getLong("seq"));
      JsonObject m = member.awaitType("message");
      assertEquals("ci_bot", m.getString("from"));
      assertEquals("deploy done", m.getString("text"));

      assertEquals(2, postWithKey(node, service, "order-42").getLong("seq"));
      assertEquals(2, postWithKey(node, service, "order-42").getLong("seq"), "the retry is the same message");
      assertEquals(2, member.awaitType("message").getLong("seq"));
      member.expectSilence(300);

      assertEquals(400, Http.post(node.url() + "/api/rooms/news/messages", service, new JsonObject().put("text", " ")).status());
      assertEquals(400, Http.post(node.url() + "/api/rooms/news/messages", service,
          new JsonObject().put("text", "x").put("from", "Not A Name")).status());
      JsonArray kept = Http.get(node.url() + "/api/rooms/news/messages", service).body().getJsonArray("messages");
      assertEquals(2, kept.size());
    }
  }

  private static JsonObject postWithKey(TestNode node, String token, String key) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(node.url() + "/api/rooms/news/messages"))
        .header("Authorization", "Bearer " + token).header("Idempotency-Key", key)
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("text", "order 42 shipped").encode())).build();
    HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    assertEquals(201, response.statusCode(), response.body());
    return new JsonObject(response.body());
  }
}
