package chatnode.http;

import static chatnode.http.RestSupport.body;
import static chatnode.http.RestSupport.fail;
import static chatnode.http.RestSupport.json;
import static chatnode.http.RestSupport.query;
import static chatnode.http.RestSupport.reply;
import static chatnode.protocol.Fields.optionalText;

import chatnode.bus.Addresses;
import chatnode.bus.Draft;
import chatnode.bus.HistoryPage;
import chatnode.bus.HistoryQuery;
import chatnode.bus.PresenceQueries;
import chatnode.bus.ProfileRequests;
import chatnode.bus.Stored;
import chatnode.config.NodeConfig;
import chatnode.gateway.NodeServices;
import chatnode.protocol.ChatException;
import chatnode.protocol.ErrorCode;
import chatnode.protocol.Fields;
import chatnode.protocol.Names;
import chatnode.protocol.Protocol;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The REST API of the protocol. Routes are thin: they check the caller and the input, ask the
 * verticle that owns the data over the event bus, and map refusals to the protocol's error body.
 */
final class RestApi {
  private static final int MAX_BODY = 64 * 1024;
  private static final int MAX_IDEMPOTENCY_KEY = 200;

  private final Vertx vertx;
  private final NodeConfig config;
  private final NodeServices services;
  private final RestSupport rest;

  RestApi(Vertx vertx, NodeConfig config, NodeServices services) {
    this.vertx = vertx;
    this.config = config;
    this.services = services;
    this.rest = new RestSupport(vertx, services.tokens());
  }

  void mount(Router router) {
    // Liveness: the process serves. Readiness: in the cluster, the store answers, not draining; with
    // the optional inputs' states in the data either way.
    router.get("/health").handler(HealthCheckHandler.createWithHealthChecks(HealthChecks.create(vertx)
        .register("process", promise -> promise.complete(Status.OK()))));
    HealthChecks ready = HealthChecks.create(vertx).register("node", 3_000, promise -> services.readiness().check()
        .onSuccess(v -> promise.complete(Status.OK(services.readiness().details())))
        .onFailure(e -> promise.complete(Status.KO(services.readiness().details().put("reason", e.getMessage())))));
    router.get("/ready").handler(HealthCheckHandler.createWithHealthChecks(ready));
    router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY));
    router.get("/api/config").handler(rc -> json(rc, 200, clientLimits()));
    // The REST API described (OpenAPI 3), from the jar: OpenApiTest keeps it and the routes equal.
    router.get("/api/openapi.json").handler(rc -> rc.response().putHeader("content-type", "application/json").sendFile("openapi.json"));
    router.post("/api/auth/register").handler(this::register);
    router.post("/api/auth/login").handler(this::login);
    router.get("/api/me").handler(rc -> reply(rc, 200, rest.caller(rc)
        .compose(id -> profiles(List.of(id.user())).map(p -> p.getJsonObject(0).put("roles", new JsonArray(id.roles()))))));
    router.get("/api/profiles/:user").handler(rc -> reply(rc, 200, rest.caller(rc).compose(id -> profile(rc.pathParam("user")))));
    router.put("/api/profiles/:user").handler(this::updateProfile);
    router.get("/api/profiles").handler(this::profileBatch);
    router.get("/api/rooms/:room/messages").handler(rc -> messages(rc, true));
    router.post("/api/rooms/:room/messages").handler(this::publish);
    router.get("/api/dms/:user/messages").handler(rc -> messages(rc, false));
    new AdminApi(rest).mount(router);
    new RoomsApi(rest).mount(router);
    new SearchApi(rest).mount(router);
    router.route("/api/*").last().handler(rc -> fail(rc, new ChatException(ErrorCode.NOT_FOUND, "no such endpoint")));
    router.route("/api/*").failureHandler(rc -> fail(rc, rc.failure() != null ? rc.failure()
        : new ChatException(rc.statusCode() == 413 ? ErrorCode.TOO_LARGE : ErrorCode.BAD_REQUEST,
            rc.statusCode() == 413 ? "body too large" : "bad request")));
  }

  /** What a client must know to stay within this node's limits, so that it refuses in advance what the node would. */
  private JsonObject clientLimits() {
    return new JsonObject().put("protocol", Protocol.VERSION).put("maxText", config.maxTextCodePoints())
        .put("maxFrameBytes", config.maxFrameBytes()).put("rateLimit", config.rateLimitPerSecond())
        .put("rateBurst", config.rateLimitBurst()).put("maxRoomsPerSession", config.maxRoomsPerSession())
        .put("maxPage", Protocol.MAX_PAGE).put("heartbeatIntervalMs", config.heartbeatIntervalMs())
        .put("userPattern", Protocol.USER_PATTERN).put("roomPattern", Protocol.ROOM_PATTERN)
        .put("maxWatch", Protocol.MAX_WATCH).put("maxProfileBatch", Protocol.MAX_PROFILE_BATCH)
        .put("maxDisplayName", Protocol.MAX_DISPLAY_NAME).put("maxStatusText", Protocol.MAX_STATUS_TEXT)
        .put("maxBio", Protocol.MAX_BIO).put("maxReason", Protocol.MAX_REASON)
        .put("maxModerationMinutes", Protocol.MAX_MODERATION_MINUTES).put("minPassword", Protocol.MIN_PASSWORD)
        .put("maxPassword", Protocol.MAX_PASSWORD).put("maxTopic", Protocol.MAX_TOPIC)
        .put("editWindowMinutes", config.editWindowMinutes()).put("maxReactions", Protocol.MAX_REACTIONS);
  }

  // ---- accounts

  private void register(RoutingContext rc) {
    JsonObject body = body(rc, false);
    String user = credentialsUser(body);
    String password = credentialsPassword(body);
    if (password.length() < Protocol.MIN_PASSWORD) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "password must be at least " + Protocol.MIN_PASSWORD + " characters", "password");
    }
    String displayName = optionalText(body, "displayName", 1, Protocol.MAX_DISPLAY_NAME);
    String address = services.limits().clientAddress(rc.request());
    if (!services.limits().registrationMayTry(address)) {
      throw new ChatException(ErrorCode.RATE_LIMITED, "too many registrations from your address; wait a minute");
    }
    rest.ask(Addresses.PROFILE_REGISTER, new ProfileRequests.Register(user, password, displayName, address))
        .onSuccess(account -> json(rc, 201, tokenReply(account)))
        .onFailure(e -> fail(rc, ChatException.of(e).code() == ErrorCode.CONFLICT
            ? new ChatException(ErrorCode.CONFLICT, e.getMessage(), "username") : e));
  }

  private void login(RoutingContext rc) {
    JsonObject body = body(rc, false);
    String address = services.limits().clientAddress(rc.request());
    if (!services.limits().loginMayTry(address)) {
      throw new ChatException(ErrorCode.RATE_LIMITED, "too many login attempts; wait a minute");
    }
    reply(rc, 200, rest.ask(Addresses.PROFILE_LOGIN, new ProfileRequests.Login(credentialsUser(body), credentialsPassword(body), address))
        .map(this::tokenReply));
  }

  private JsonObject tokenReply(JsonObject account) {
    String user = account.getString("user");
    List<String> roles = account.getJsonArray("roles").stream().map(String.class::cast).toList();
    return new JsonObject().put("token", services.tokens().mint(user, roles))
        .put("expiresIn", services.tokens().ttlSeconds()).put("user", user);
  }

  private static String credentialsUser(JsonObject body) {
    return Fields.user(body, "username");
  }

  private static String credentialsPassword(JsonObject body) {
    if (!(body.getValue("password") instanceof String password) || password.isEmpty()
        || password.length() > Protocol.MAX_PASSWORD) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "password must be a string of 1.." + Protocol.MAX_PASSWORD + " characters", "password");
    }
    return password;
  }

  // ---- profiles

  private Future<JsonObject> profile(String user) {
    return profiles(List.of(Fields.userName(user, "user"))).compose(list -> list.isEmpty()
        ? Future.failedFuture(new ChatException(ErrorCode.NOT_FOUND, "no user named " + user))
        : Future.succeededFuture(list.getJsonObject(0)));
  }

  /** The profiles of the users that exist, each with {@code online} from the session registry. */
  private Future<JsonArray> profiles(List<String> users) {
    Future<JsonObject> stored = rest.ask(Addresses.PROFILE_READ, new ProfileRequests.Read(List.copyOf(users)));
    Future<JsonObject> online = rest.ask(Addresses.PRESENCE_STATUS, new PresenceQueries.Status(List.copyOf(users)));
    return Future.all(stored, online).map(v -> {
      JsonArray list = stored.result().getJsonArray("profiles");
      JsonObject status = online.result().getJsonObject("online");
      list.forEach(p -> ((JsonObject) p).put("online", status.getBoolean(((JsonObject) p).getString("user"), false)));
      return list;
    });
  }

  private void profileBatch(RoutingContext rc) {
    reply(rc, 200, rest.caller(rc).compose(id -> {
      String raw = rc.queryParams().get("users");
      Set<String> users = new LinkedHashSet<>(raw == null || raw.isBlank() ? List.of() : Arrays.asList(raw.split(",")));
      if (users.isEmpty() || users.size() > Protocol.MAX_PROFILE_BATCH || !users.stream().allMatch(Names::isUser)) {
        throw new ChatException(ErrorCode.BAD_REQUEST, "users must be 1.." + Protocol.MAX_PROFILE_BATCH + " user names, comma separated", "users");
      }
      return profiles(List.copyOf(users));
    }).map(list -> new JsonObject().put("profiles", list)));
  }

  private void updateProfile(RoutingContext rc) {
    String user = rc.pathParam("user");
    reply(rc, 200, rest.caller(rc).compose(id -> {
      if (!id.user().equals(user) && !id.hasRole("admin")) {
        throw new ChatException(ErrorCode.FORBIDDEN, "only " + user + " or an admin may change this profile");
      }
      JsonObject body = body(rc, false);
      JsonObject fields = new JsonObject();
      putIfPresent(fields, "displayName", optionalText(body, "displayName", 1, Protocol.MAX_DISPLAY_NAME));
      putIfPresent(fields, "bio", optionalText(body, "bio", 0, Protocol.MAX_BIO));
      putIfPresent(fields, "statusText", optionalText(body, "statusText", 0, Protocol.MAX_STATUS_TEXT));
      Object color = body.getValue("avatarColor");
      if (color != null) {
        if (!(color instanceof String c) || !c.matches("^#[0-9a-fA-F]{6}$")) {
          throw new ChatException(ErrorCode.BAD_REQUEST, "avatarColor must be #rrggbb", "avatarColor");
        }
        fields.put("avatarColor", c.toLowerCase(java.util.Locale.ROOT));
      }
      return rest.ask(Addresses.PROFILE_UPDATE, new ProfileRequests.Update(user, fields))
          .compose(updated -> profile(user));
    }));
  }

  private static void putIfPresent(JsonObject target, String key, String value) {
    if (value != null) {
      target.put(key, value);
    }
  }

  // ---- rooms and messages

  private void messages(RoutingContext rc, boolean ofRoom) {
    reply(rc, 200, rest.caller(rc).compose(id -> {
      String name = ofRoom ? Fields.roomName(rc.pathParam("room"), "room") : Fields.userName(rc.pathParam("user"), "user");
      if (!ofRoom && name.equals(id.user())) {
        throw new ChatException(ErrorCode.BAD_REQUEST, "there is no conversation with yourself");
      }
      Long before = query(rc, "before", 0, Long.MAX_VALUE);
      Long after = query(rc, "after", 0, Long.MAX_VALUE);
      Long around = query(rc, "around", 1, Long.MAX_VALUE);
      Long limit = query(rc, "limit", 1, Protocol.MAX_PAGE);
      if ((before != null ? 1 : 0) + (after != null ? 1 : 0) + (around != null ? 1 : 0) > 1) {
        throw new ChatException(ErrorCode.BAD_REQUEST, "one of before, after and around");
      }
      int n = limit == null ? Protocol.DEFAULT_PAGE : limit.intValue();
      HistoryQuery q = new HistoryQuery(ofRoom ? name : null, id.user(), ofRoom ? null : name, before,
          around != null ? Long.valueOf(HistoryQuery.afterForAround(around, n)) : after, n, id.privileged());
      return vertx.eventBus().<HistoryPage>request(Addresses.CHAT_HISTORY, q, Addresses.local()).map(Message::body);
    }).map(page -> {
      JsonArray list = new JsonArray();
      page.messages().forEach(m -> list.add(page.frame(m)));
      return new JsonObject().put("messages", list);
    }));
  }

  /** A backend posts into a room: stored and delivered like a {@code say}. */
  private void publish(RoutingContext rc) {
    reply(rc, 201, rest.callerWithRole(rc, "service", "admin").compose(id -> {
      String room = Fields.roomName(rc.pathParam("room"), "room");
      JsonObject body = body(rc, false);
      String sender = body.containsKey("from") ? Fields.user(body, "from") : id.user();
      String text = Fields.text(body, config.maxTextCodePoints());
      String key = rc.request().getHeader("Idempotency-Key");
      if (key != null && (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY)) {
        throw new ChatException(ErrorCode.BAD_REQUEST, "Idempotency-Key must be 1.." + MAX_IDEMPOTENCY_KEY + " characters");
      }
      Draft draft = Draft.forRoom(room, sender, text);
      return vertx.eventBus().<Stored>request(Addresses.CHAT_APPEND,
              key == null ? draft : draft.withSourceKey("http", key), Addresses.append())
          .map(m -> new JsonObject().put("seq", m.body().seq()));
    }));
  }
}
