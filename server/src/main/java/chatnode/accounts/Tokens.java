package chatnode.accounts;

import chatnode.config.NodeConfig;
import chatnode.protocol.ChatException;
import chatnode.protocol.ErrorCode;
import chatnode.protocol.Names;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Mints HS256 tokens with the node's secret and verifies tokens signed with that secret or with a
 * configured RS256/ES256 public key (tokens minted by another application). Unsigned tokens
 * ({@code alg: none}), bad signatures, past {@code exp} and names outside the rule are refused.
 */
public final class Tokens {
  private final JWTAuth jwt;
  private final int ttlSeconds;

  public Tokens(Vertx vertx, NodeConfig config, String secret) {
    JWTAuthOptions options = new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret));
    if (config.jwtPublicKey() != null) {
      options.addPubSecKey(new PubSecKeyOptions()
          .setAlgorithm(config.jwtPublicKeyAlgorithm())
          .setBuffer(readPem(config.jwtPublicKey())));
    }
    this.jwt = JWTAuth.create(vertx, options);
    this.ttlSeconds = config.tokenTtlSeconds();
  }

  private static String readPem(String keyOrPath) {
    if (keyOrPath.contains("-----BEGIN")) {
      return keyOrPath;
    }
    try {
      return Files.readString(Path.of(keyOrPath));
    } catch (IOException e) {
      throw new IllegalArgumentException("jwt-public-key: cannot read " + keyOrPath + ": " + e.getMessage(), e);
    }
  }

  public int ttlSeconds() {
    return ttlSeconds;
  }

  public String mint(String user, List<String> roles) {
    return jwt.generateToken(
        new JsonObject().put("sub", user).put("roles", new JsonArray(roles)),
        new JWTOptions().setAlgorithm("HS256").setExpiresInSeconds(ttlSeconds));
  }

  /** The identity of a valid token; fails with {@code unauthorized} otherwise. */
  public Future<Identity> verify(String token) {
    if (token == null || token.isBlank()) {
      return Future.failedFuture(new ChatException(ErrorCode.UNAUTHORIZED, "missing token"));
    }
    return jwt.authenticate(new TokenCredentials(token))
        .recover(e -> Future.failedFuture(new ChatException(ErrorCode.UNAUTHORIZED, "invalid or expired token")))
        .compose(user -> {
          JsonObject claims = user.principal();
          String sub = claims.getValue("sub") instanceof String s ? s : null;
          if (!Names.isUser(sub)) {
            return Future.failedFuture(new ChatException(ErrorCode.UNAUTHORIZED, "token subject is not a valid user name"));
          }
          // Vert.x has checked exp if present; a token without one would never expire.
          if (!(user.get("exp") instanceof Number)) {
            return Future.failedFuture(new ChatException(ErrorCode.UNAUTHORIZED, "token has no expiry"));
          }
          Object roles = claims.getValue("roles");
          List<String> names = roles instanceof JsonArray array
              ? array.stream().filter(String.class::isInstance).map(String.class::cast).toList()
              : List.of();
          long iat = user.get("iat") instanceof Number n ? n.longValue() : 0;
          return Future.succeededFuture(new Identity(sub, names, iat));
        });
  }
}
