package chat.client;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The node's REST API (docs/protocol.md; described by /api/openapi.json), as a backend calls it:
 * accounts, profiles, rooms and members, messages and publishing, search, and the admin operations.
 * A call completes with the JSON body of a 2xx answer and fails otherwise with a {@link ChatException}
 * of code {@code http_<status>} carrying the node's error body; {@link #call} gives any answer as it is.
 */
public final class ChatApi {
  /** An answer: its status and its body as JSON (empty when it had none, or none in JSON). */
  public record Reply(int status, JsonObject body) {}

  private final WebClient web;
  private final URI base;
  private final String token;

  private ChatApi(WebClient web, URI base, String token) {
    this.web = web;
    this.base = base;
    this.token = token;
  }

  /** The API of the node at {@code base} (http:// or https://), without a token yet. */
  public static ChatApi of(Vertx vertx, URI base) {
    return new ChatApi(WebClient.create(vertx, new WebClientOptions().setSsl("https".equals(base.getScheme()))), base, null);
  }

  /** The same API, calling as the holder of {@code token}. */
  public ChatApi as(String token) {
    return new ChatApi(web, base, token);
  }

  // ---- accounts and profiles

  /** {token, expiresIn, user} of a new account. */
  public Future<JsonObject> register(String username, String password) {
    return post("/api/auth/register", new JsonObject().put("username", username).put("password", password));
  }

  public Future<JsonObject> login(String username, String password) {
    return post("/api/auth/login", new JsonObject().put("username", username).put("password", password));
  }

  public Future<JsonObject> me() {
    return get("/api/me");
  }

  public Future<JsonObject> config() {
    return get("/api/config");
  }

  public Future<JsonObject> profile(String user) {
    return get("/api/profiles/" + path(user));
  }

  public Future<JsonObject> updateProfile(String user, JsonObject changes) {
    return ok(call(HttpMethod.PUT, "/api/profiles/" + path(user), changes));
  }

  // ---- rooms, members, messages

  /** Creates a room: {@code visibility} public or private; the caller owns it. */
  public Future<JsonObject> createRoom(String room, String visibility) {
    return post("/api/rooms", new JsonObject().put("room", room).put("visibility", visibility));
  }

  public Future<JsonObject> room(String room) {
    return get("/api/rooms/" + path(room));
  }

  public Future<JsonObject> members(String room) {
    return get("/api/rooms/" + path(room) + "/members");
  }

  public Future<JsonObject> addMember(String room, String user) {
    return post("/api/rooms/" + path(room) + "/members", new JsonObject().put("user", user));
  }

  public Future<JsonObject> removeMember(String room, String user) {
    return ok(call(HttpMethod.DELETE, "/api/rooms/" + path(room) + "/members/" + path(user), null));
  }

  /**
   * Posts into a room as {@code from} (null: as the caller), with the role service or admin:
   * {seq}. {@code key}, if not null, is the Idempotency-Key: a repeat stores nothing twice.
   */
  public Future<JsonObject> publish(String room, String from, String text, String key) {
    JsonObject body = new JsonObject().put("text", text);
    if (from != null) {
      body.put("from", from);
    }
    HttpRequest<Buffer> request = request(HttpMethod.POST, "/api/rooms/" + path(room) + "/messages");
    if (key != null) {
      request.putHeader("Idempotency-Key", key);
    }
    return ok(request.sendJsonObject(body).map(r -> new Reply(r.statusCode(), json(r))));
  }

  /** A page of a room's messages; {@code query} as the endpoint takes it, e.g. "limit=50&amp;before=120", or "". */
  public Future<JsonObject> roomMessages(String room, String query) {
    return get("/api/rooms/" + path(room) + "/messages" + (query.isEmpty() ? "" : "?" + query));
  }

  public Future<JsonObject> search(String text) {
    return get("/api/search?q=" + URLEncoder.encode(text, StandardCharsets.UTF_8));
  }

  // ---- admin

  public Future<JsonObject> kick(String user, String reason) {
    return post("/api/admin/users/" + path(user) + "/kick", new JsonObject().put("reason", reason));
  }

  public Future<JsonObject> ban(String user, long minutes, String reason) {
    return ok(call(HttpMethod.PUT, "/api/admin/users/" + path(user) + "/ban", new JsonObject().put("minutes", minutes).put("reason", reason)));
  }

  public Future<JsonObject> unban(String user) {
    return ok(call(HttpMethod.DELETE, "/api/admin/users/" + path(user) + "/ban", null));
  }

  public Future<JsonObject> nodes() {
    return get("/api/admin/nodes");
  }

  public Future<JsonObject> sessions() {
    return get("/api/admin/sessions");
  }

  // ---- any call

  public Future<JsonObject> get(String path) {
    return ok(call(HttpMethod.GET, path, null));
  }

  public Future<JsonObject> post(String path, JsonObject body) {
    return ok(call(HttpMethod.POST, path, body));
  }

  /** Any call, its answer whatever the status: for what the methods above do not name. */
  public Future<Reply> call(HttpMethod method, String path, JsonObject body) {
    HttpRequest<Buffer> request = request(method, path);
    Future<HttpResponse<Buffer>> sent = body == null ? request.send() : request.sendJsonObject(body);
    return sent.map(r -> new Reply(r.statusCode(), json(r)));
  }

  private HttpRequest<Buffer> request(HttpMethod method, String path) {
    HttpRequest<Buffer> request = web.requestAbs(method, base.resolve(path).toString());
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    return request;
  }

  private static Future<JsonObject> ok(Future<Reply> reply) {
    return reply.compose(r -> r.status() / 100 == 2 ? Future.succeededFuture(r.body())
        : Future.failedFuture(new ChatException("http_" + r.status(), r.status() + " " + r.body().encode(), r.body())));
  }

  private static JsonObject json(HttpResponse<Buffer> r) {
    try {
      return r.body() == null || r.body().length() == 0 ? new JsonObject() : r.bodyAsJsonObject();
    } catch (RuntimeException notJson) {
      return new JsonObject().put("text", r.bodyAsString());
    }
  }

  private static String path(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
