package chatnode.http;

import chatnode.accounts.Identity;
import chatnode.accounts.Tokens;
import chatnode.bus.Addresses;
import chatnode.bus.ProfileRequests;
import chatnode.protocol.ChatException;
import chatnode.protocol.ErrorCode;
import chatnode.protocol.Fields;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What every REST route needs: the caller, the body, the event bus, and the protocol's error body. */
final class RestSupport {
  private static final Logger log = LoggerFactory.getLogger(RestSupport.class);

  private final Vertx vertx;
  private final Tokens tokens;

  RestSupport(Vertx vertx, Tokens tokens) {
    this.vertx = vertx;
    this.tokens = tokens;
  }

  /**
   * The caller from {@code Authorization: Bearer}: a valid token whose user is not banned (403)
   * and whose token was not revoked (401).
   */
  Future<Identity> caller(RoutingContext rc) {
    String header = rc.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Future.failedFuture(new ChatException(ErrorCode.UNAUTHORIZED, "Authorization: Bearer <token> required"));
    }
    return tokens.verify(header.substring(7).trim())
        .compose(id -> ask(Addresses.PROFILE_ADMIT, new ProfileRequests.Admit(id.user(), id.issuedAt())).map(id));
  }

  /** The caller, who must have one of {@code roles}. */
  Future<Identity> callerWithRole(RoutingContext rc, String... roles) {
    return caller(rc).compose(id -> Arrays.stream(roles).anyMatch(id::hasRole) ? Future.succeededFuture(id)
        : Future.failedFuture(new ChatException(ErrorCode.FORBIDDEN, "this needs the role " + String.join(" or ", roles))));
  }

  Future<JsonObject> ask(String address, Object request) {
    return vertx.eventBus().<JsonObject>request(address, request, Addresses.local()).map(Message::body);
  }

  /** The JSON object body; an empty body counts as {@code {}} where {@code optional}. */
  static JsonObject body(RoutingContext rc, boolean optional) {
    if (optional && (rc.body().buffer() == null || rc.body().length() == 0)) {
      return new JsonObject();
    }
    try {
      JsonObject body = rc.body().asJsonObject();
      if (body == null) {
        throw new ChatException(ErrorCode.BAD_REQUEST, "a JSON object body is required");
      }
      return body;
    } catch (DecodeException | ClassCastException e) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "the body must be a JSON object");
    }
  }

  /** An optional whole number query parameter in [min, max], else 400 naming it. */
  static Long query(RoutingContext rc, String name, long min, long max) {
    return Fields.number(rc.queryParams().get(name), name, min, max);
  }

  /** Answers {@code status} with the result, or the protocol's error body. */
  static void reply(RoutingContext rc, int status, Future<JsonObject> result) {
    result.onSuccess(body -> json(rc, status, body)).onFailure(e -> fail(rc, e));
  }

  static void json(RoutingContext rc, int status, JsonObject body) {
    rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body.encode());
  }

  static void fail(RoutingContext rc, Throwable failure) {
    ChatException e = ChatException.of(failure);
    if (e.code() == ErrorCode.INTERNAL) {
      log.error("{} {} failed", rc.request().method(), rc.request().path(), failure);
    }
    JsonObject error = new JsonObject().put("code", e.code().wire()).put("message", e.getMessage());
    if (e.field() != null) {
      error.put("field", e.field());
    }
    if (!rc.response().ended()) {
      json(rc, e.code().status(), new JsonObject().put("error", error));
    }
  }
}
