package chatnode.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatnode.testing.Http.Reply;
import chatnode.testing.Http;
import chatnode.testing.TestNode;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registration and login under abuse, from client addresses a proxy forwards (forwarded-for=true):
 * registrations have a budget per address and cannot hold up logins; failed logins lock out the
 * address that fails, never the user's other addresses.
 */
class AccountLimitsTest {
  private static final int QUEUED = 20;

  static TestNode node(Path data, String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("--forwarded-for", "true"));
    args.addAll(List.of(extra));
    return TestNode.start(data, args.toArray(String[]::new));
  }

  static JsonObject credentials(String user, String password) {
    return new JsonObject().put("username", user).put("password", password);
  }

  static Reply register(TestNode node, String address, String user) {
    return Http.postFrom(address, node.url() + "/api/auth/register", credentials(user, "password-" + user));
  }

  static Reply login(TestNode node, String address, String user, String password) {
    return Http.postFrom(address, node.url() + "/api/auth/login", credentials(user, password));
  }

  /** {@value #QUEUED} registrations, each from an address of its own, all sent at once; waits for the first answer. */
  static List<CompletableFuture<Reply>> queueRegistrations(TestNode node, String prefix) {
    List<CompletableFuture<Reply>> queued = IntStream.range(0, QUEUED).mapToObj(i -> Http.postFromAsync("127.20.0." + i,
        node.url() + "/api/auth/register", credentials(prefix + i, "password-" + i))).toList();
    CompletableFuture.anyOf(queued.toArray(CompletableFuture[]::new)).join();
    return queued;
  }

  static long done(List<CompletableFuture<Reply>> queued) {
    return queued.stream().filter(CompletableFuture::isDone).count();
  }

  static void assertAllCreated(List<CompletableFuture<Reply>> queued) {
    queued.forEach(f -> assertEquals(201, f.join().status(), f.join().body().encode()));
  }

  @Test
  @DisplayName("registrations from many addresses at once: past the queue of password hashes they are refused at once, none fails")
  void hashingQueueIsBounded(@TempDir Path data) {
    int crowd = 160;
    try (TestNode node = node(data)) {
      List<Reply> replies = IntStream.range(0, crowd).mapToObj(i -> Http.postFromAsync("127.30.0." + i,
          node.url() + "/api/auth/register", credentials("crowd_" + i, "password-" + i))).toList()
          .stream().map(CompletableFuture::join).toList();
      long created = replies.stream().filter(r -> r.status() == 201).count();
      long busy = replies.stream().filter(r -> r.status() == 429
          && r.body().getJsonObject("error").getString("message").contains("busy")).count();
      assertEquals(crowd, created + busy, () -> "each is created or refused as busy: " + replies);
      assertTrue(busy > 0, "hashes waiting are bounded: some registrations were refused at once");
    }
  }

  @Test
  @DisplayName("an address registers registrations-per-minute-per-ip accounts a minute; the next get 429 rate_limited")
  void registrationBudget(@TempDir Path data) {
    try (TestNode node = node(data, "--registrations-per-minute-per-ip", "5")) {
      List<Integer> statuses = IntStream.range(0, 8).mapToObj(i -> register(node, "127.1.0.1", "signup_" + i).status()).toList();
      assertEquals(List.of(201, 201, 201, 201, 201, 429, 429, 429), statuses);
      Reply refused = register(node, "127.1.0.1", "signup_late");
      assertEquals("rate_limited", refused.body().getJsonObject("error").getString("code"));
      assertEquals(201, register(node, "127.1.0.2", "signup_other").status(), "another address has its own budget");
    }
  }

  @Test
  @DisplayName("a login answers while many registrations are still hashing their passwords")
  void registrationsDoNotHoldUpLogins(@TempDir Path data) {
    try (TestNode node = node(data)) {
      List<CompletableFuture<Reply>> queued = queueRegistrations(node, "queued_");
      assertEquals(200, login(node, "127.2.0.1", "admin", TestNode.ADMIN_PASSWORD).status());
      long registered = done(queued);
      assertTrue(registered < QUEUED, "the login waited for all " + QUEUED + " registrations");
      assertAllCreated(queued);
    }
  }

  @Test
  @DisplayName("registering a taken name answers 409 at once, without waiting to hash its password")
  void takenNameIsRefusedFirst(@TempDir Path data) {
    try (TestNode node = node(data)) {
      assertEquals(201, register(node, "127.3.0.1", "taken_name").status());
      List<CompletableFuture<Reply>> queued = queueRegistrations(node, "waiting_");
      Reply taken = register(node, "127.3.0.2", "taken_name");
      long registered = done(queued);
      assertEquals(409, taken.status());
      assertEquals("conflict", taken.body().getJsonObject("error").getString("code"));
      assertTrue(registered < QUEUED, "the 409 waited for all " + QUEUED + " registrations");
      assertAllCreated(queued);
    }
  }

  @Test
  @DisplayName("bad logins from one address lock that address out of the account, not the owner at another address")
  void failingAddressIsLockedOutNotTheUser(@TempDir Path data) {
    try (TestNode node = node(data, "--logins-per-minute-per-user", "3", "--logins-per-minute-per-ip", "100")) {
      List<Integer> guesses = IntStream.range(0, 11).mapToObj(i -> login(node, "127.4.0.66", "admin", "guess-" + i).status()).toList();
      assertEquals(List.of(401, 401, 401), guesses.subList(0, 3));
      assertTrue(guesses.subList(3, 11).stream().allMatch(s -> s == 429), "past the budget the address gets 429: " + guesses);
      assertEquals(200, login(node, "127.4.0.1", "admin", TestNode.ADMIN_PASSWORD).status(), "the admin at another address");
      Reply locked = login(node, "127.4.0.66", "admin", TestNode.ADMIN_PASSWORD);
      assertEquals(429, locked.status(), "the failing address stays locked out, whatever it sends");
      assertEquals("rate_limited", locked.body().getJsonObject("error").getString("code"));
    }
  }

  @Test
  @DisplayName("bad logins from many addresses slow every address down to one failure a minute, and never block a correct password")
  void guessesFromEverywhereSlowDownButDoNotBlock(@TempDir Path data) {
    try (TestNode node = node(data, "--logins-per-minute-per-user", "3", "--logins-per-minute-per-ip", "100")) {
      for (int i = 0; i < 11; i++) {
        assertEquals(401, login(node, "127.5.1." + i, "admin", "guess-" + i).status(), "first guess from address " + i);
      }
      assertEquals(429, login(node, "127.5.1.10", "admin", "guess-again").status(),
          "while the user is under attack, an address has one failure a minute");
      assertEquals(200, login(node, "127.5.0.1", "admin", TestNode.ADMIN_PASSWORD).status(), "the admin at a fresh address");
      assertEquals(200, login(node, "127.5.0.1", "admin", TestNode.ADMIN_PASSWORD).status(), "a success costs nothing");
    }
  }
}
