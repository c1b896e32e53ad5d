package chatnode.accounts;

import chatnode.bus.Addresses;
import chatnode.bus.ProfileRequests;
import chatnode.bus.Replies;
import chatnode.bus.Wire;
import chatnode.config.NodeConfig;
import chatnode.moderation.Moderation;
import chatnode.protocol.ChatException;
import chatnode.protocol.ErrorCode;
import chatnode.store.Store;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns accounts and profiles in the store and answers the gateways over the event bus: register,
 * login, admit a token's user (bans, revoked tokens; a new user from another application's token
 * is created), read and update profiles. Password hashing runs on worker pools of its own, never
 * the store's: one for logins and one for registrations, so that however many registrations
 * queue, logins are hashed on capacity they cannot take. One instance per node.
 */
public final class AccountsVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(AccountsVerticle.class);
  private static final String ADMIN = "admin";

  /** Hashes waiting or running per pool (about 0.1 s each) before more are refused at once. */
  private static final int MAX_HASHING_WAITING = 64;

  private final Store store;
  private final NodeConfig config;
  /** Users admitted lately; bounded. */
  private final Admissions admissions = new Admissions(100_000);
  private HashingPool loginHashing;
  private HashingPool registrationHashing;

  public AccountsVerticle(Store store, NodeConfig config) {
    this.store = store;
    this.config = config;
  }

  @Override
  public Future<?> start() {
    loginHashing = new HashingPool(vertx, "chat-passwords-login", 2, MAX_HASHING_WAITING);
    registrationHashing = new HashingPool(vertx, "chat-passwords-register", 1, MAX_HASHING_WAITING);
    vertx.setPeriodic(LoginBudgets.FORGET_AFTER_MS, t -> store.transaction(c -> LoginBudgets.forget(c, System.currentTimeMillis()))
        .onFailure(e -> log.warn("forgetting full login budgets failed", e)));
    return createAdmin()
        .compose(v -> Future.all(List.of(
            Replies.serve(vertx, Addresses.PROFILE_REGISTER, this::register, log),
            Replies.serve(vertx, Addresses.PROFILE_LOGIN, this::login, log),
            Replies.serve(vertx, Addresses.PROFILE_ADMIT, this::admit, log),
            Replies.serve(vertx, Addresses.PROFILE_READ, this::profiles, log),
            Replies.serve(vertx, Addresses.PROFILE_UPDATE, this::update, log),
            vertx.eventBus().<String>consumer(Addresses.ACCOUNT_CHANGED, m -> admissions.forget(m.body())).completion(),
            vertx.eventBus().<String>localConsumer(Addresses.ADMISSION_FORGET, m -> {
              admissions.forget(m.body());
              m.reply(null);
            }).completion())));
  }

  /** The first admin: the configured password, else a generated one printed once, never a fixed default. */
  private Future<Void> createAdmin() {
    boolean generated = config.adminPassword() == null;
    String password = generated ? Passwords.randomSecret(12) : config.adminPassword();
    return store.read(c -> Accounts.find(c, ADMIN))
        .compose(existing -> existing != null ? Future.succeededFuture(false)
            : registrationHashing.run(() -> Passwords.hash(password))
                .compose(hash -> store.transaction(c -> Accounts.create(c, ADMIN, hash, List.of("admin"), "Admin"))))
        .onSuccess(created -> {
          if (created && generated) {
            System.out.println("Created user 'admin' with generated password: " + password
                + "  (shown once; set CHAT_ADMIN_PASSWORD to choose it)");
          }
        })
        .mapEmpty();
  }


  /**
   * Within the address's budget, a name that is free: only then is the password hashed (the slow
   * part), and the insert still refuses a name taken meanwhile.
   */
  private Future<JsonObject> register(ProfileRequests.Register r) {
    String user = r.user();
    String address = r.address();
    long now = System.currentTimeMillis();
    return store.read(c -> LoginBudgets.register(c, address, config.registrationsPerMinutePerIp(), now))
        .compose(allowed -> allowed ? store.read(c -> Accounts.find(c, user) != null)
            : Future.failedFuture(new ChatException(ErrorCode.RATE_LIMITED, "too many registrations from your address; wait a minute")))
        .compose(taken -> taken ? Future.failedFuture(nameTaken(user))
            : registrationHashing.run(() -> Passwords.hash(r.password())))
        .compose(hash -> store.transaction(c -> Accounts.create(c, user, hash, List.of(), r.displayName())))
        .compose(created -> created ? Future.succeededFuture(new JsonObject().put("user", user).put("roles", List.of()))
            : Future.failedFuture(nameTaken(user)));
  }

  private static ChatException nameTaken(String user) {
    return new ChatException(ErrorCode.CONFLICT, "the name " + user + " is taken", "username");
  }

  /** Within the budgets, checks the password; a right one gives back what the attempt took from them. */
  private Future<JsonObject> login(ProfileRequests.Login r) {
    String user = r.user();
    String address = r.address();
    long now = System.currentTimeMillis();
    return store.read(c -> LoginBudgets.attempt(c, address, config.loginsPerMinutePerIp(), user, config.loginsPerMinutePerUser(), now))
        .compose(attempt -> !attempt.allowed()
            ? Future.failedFuture(new ChatException(ErrorCode.RATE_LIMITED, "too many login attempts; wait a minute"))
            : checkPassword(user, r.password()).compose(account -> store.read(c -> {
              LoginBudgets.succeeded(c, attempt);
              return account;
            })))
        .compose(account -> store.read(c -> Moderation.activeBan(c, user, System.currentTimeMillis()))
            .compose(ban -> ban == null ? Future.succeededFuture(account)
                : Future.failedFuture(new ChatException(ErrorCode.FORBIDDEN, banMessage(ban)))));
  }

  private Future<JsonObject> checkPassword(String user, String password) {
    return store.read(c -> Accounts.find(c, user)).compose(account -> loginHashing.run(() -> {
      if (!Passwords.verifyOrBurn(account == null ? null : account.passwordHash(), password)) {
        throw new ChatException(ErrorCode.UNAUTHORIZED, "wrong user name or password");
      }
      return new JsonObject().put("user", account.name()).put("roles", account.rolesJson());
    }));
  }

  /**
   * A valid token's user is admitted unless banned or its tokens were revoked since it was issued.
   * The user's standing comes from this node's cache, read once from the store (a read, never a
   * write); a user never seen before is created once, and exists from then on with a default
   * profile.
   */
  private Future<JsonObject> admit(ProfileRequests.Admit request) {
    String user = request.user();
    long issuedAt = request.issuedAt();
    Admissions.Standing known = admissions.get(user);
    return (known != null ? Future.succeededFuture(known) : standing(user)).compose(s -> {
      long now = System.currentTimeMillis();
      if (s.ban() != null && (s.ban().untilMs() == null || s.ban().untilMs() > now)) {
        return Future.failedFuture(new ChatException(ErrorCode.FORBIDDEN, banMessage(s.ban())));
      }
      if (s.revokedAt() > 0 && issuedAt <= s.revokedAt()) {
        return Future.failedFuture(new ChatException(ErrorCode.UNAUTHORIZED, "this token was revoked"));
      }
      return Future.succeededFuture(new JsonObject());
    });
  }

  private Future<Admissions.Standing> standing(String user) {
    long mark = admissions.mark();
    return store.read(c -> Accounts.find(c, user) == null ? null
            : new Admissions.Standing(Moderation.activeBan(c, user, System.currentTimeMillis()), Moderation.tokensRevokedAt(c, user)))
        .compose(s -> s != null ? Future.succeededFuture(s) : store.transaction(c -> {
          Accounts.create(c, user, null, List.of(), null);
          return new Admissions.Standing(Moderation.activeBan(c, user, System.currentTimeMillis()), 0);
        }))
        .onSuccess(s -> admissions.put(user, s, mark));
  }

  private static String banMessage(Moderation.Ban ban) {
    return "banned" + (ban.untilMs() == null ? "" : " until " + java.time.Instant.ofEpochMilli(ban.untilMs()))
        + (ban.reason() == null ? "" : ": " + ban.reason());
  }

  private Future<JsonObject> profiles(ProfileRequests.Read request) {
    return store.read(c -> {
      JsonArray found = new JsonArray();
      for (String u : request.users()) {
        Accounts.Account a = Accounts.find(c, u);
        if (a != null) {
          found.add(a.profile());
        }
      }
      return new JsonObject().put("profiles", found);
    });
  }

  /** A partial update; the gateway has validated the fields. */
  private Future<JsonObject> update(ProfileRequests.Update request) {
    String user = request.user();
    return store.transaction(c -> {
      if (!Accounts.update(c, user, request.fields())) {
        throw new ChatException(ErrorCode.NOT_FOUND, "no user named " + user);
      }
      return Accounts.find(c, user).profile();
    }).onSuccess(profile -> vertx.eventBus().publish(Addresses.PROFILE_CHANGED, profile, new DeliveryOptions().addHeader(Wire.ABOUT, user)));
  }
}
