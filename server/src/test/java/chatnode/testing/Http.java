package chatnode.testing;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A blocking HTTP client for REST tests: JSON in, status and JSON out. */
public final class Http {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public record Reply(int status, JsonObject body) {}

  private Http() {}

  public static Reply call(String method, String url, String token, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
      String text = r.body();
      return new Reply(r.statusCode(), text.isBlank() || !text.startsWith("{") ? new JsonObject() : new JsonObject(text));
    } catch (Exception e) {
      throw new AssertionError(method + " " + url + " failed: " + e, e);
    }
  }

  public static Reply post(String url, String token, JsonObject body) {
    return call("POST", url, token, body.encode());
  }

  /** The body of a GET, as text. */
  public static String text(String url) {
    try {
      return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    } catch (Exception e) {
      throw new AssertionError("GET " + url + " failed: " + e, e);
    }
  }

  public static Reply get(String url, String token) {
    return call("GET", url, token, null);
  }
}
