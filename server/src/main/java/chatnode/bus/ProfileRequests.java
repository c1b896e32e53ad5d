package chatnode.bus;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The requests of the profile verticle, one record each, on addresses of their own
 * ({@link Addresses}); each is answered with the JSON of the protocol's reply (an account
 * {@code {user, roles}}, a list of profiles, a profile) or refused with an error code.
 */
public final class ProfileRequests {
  private ProfileRequests() {}

  /** Create an account; {@code address} is the client's, for the registration budget. */
  public record Register(String user, String password, String displayName, String address) {}

  /** Check a password within the login budgets of {@code address} and {@code user}. */
  public record Login(String user, String password, String address) {}

  /** Admit a valid token's user (bans, revocations), created if never seen; {@code issuedAt} is the token's iat. */
  public record Admit(String user, long issuedAt) {}

  /** The profiles of those of {@code users} that exist: {@code {profiles: [...]}}. */
  public record Read(List<String> users) {}

  /** Set validated profile fields of {@code user}; answered with the new profile. */
  public record Update(String user, JsonObject fields) {}
}
