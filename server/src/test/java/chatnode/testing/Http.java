package chatnode.testing;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A blocking HTTP client for REST tests: JSON in, status and JSON out. */
public final class Http {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public record Reply(int status, JsonObject body) {}

  private Http() {}

  public static Reply call(String method, String url, String token, String body) {
    try {
      return reply(CLIENT.send(request(method, url, token, body).build(), HttpResponse.BodyHandlers.ofString()));
    } catch (Exception e) {
      throw new AssertionError(method + " " + url + " failed: " + e, e);
    }
  }

  public static Reply post(String url, String token, JsonObject body) {
    return call("POST", url, token, body.encode());
  }

  /** A POST from {@code address}, as a proxy forwards it in X-Forwarded-For (the node needs forwarded-for=true). */
  public static Reply postFrom(String address, String url, JsonObject body) {
    return Await.result(io.vertx.core.Future.fromCompletionStage(postFromAsync(address, url, body)));
  }

  /** {@link #postFrom} without waiting: the reply when it comes. */
  public static CompletableFuture<Reply> postFromAsync(String address, String url, JsonObject body) {
    HttpRequest request = request("POST", url, null, body.encode()).header("X-Forwarded-For", address).build();
    return CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(Http::reply);
  }

  private static HttpRequest.Builder request(String method, String url, String token, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  private static Reply reply(HttpResponse<String> r) {
    String text = r.body();
    Reply reply = new Reply(r.statusCode(), text.isBlank() || !text.startsWith("{") ? new JsonObject() : new JsonObject(text));
    WireLog.http(r.request().method(), r.request().uri(), reply.status(), reply.body());
    return reply;
  }

  /** The body of a GET, as text. */
  public static String text(String url) {
    try {
      HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
      WireLog.http("GET", r.request().uri(), r.statusCode(), new JsonObject());
      return r.body();
    } catch (Exception e) {
      throw new AssertionError("GET " + url + " failed: " + e, e);
    }
  }

  public static Reply get(String url, String token) {
    return call("GET", url, token, null);
  }
}
