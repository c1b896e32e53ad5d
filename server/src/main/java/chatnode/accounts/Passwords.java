package chatnode.accounts;

import io.vertx.ext.auth.hashing.HashingStrategy;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * Salted PBKDF2-HMAC-SHA512 (vertx-auth-common) at OWASP's iteration count. Slow on purpose:
 * call only from a worker thread.
 */
public final class Passwords {
  private static final HashingStrategy HASHING = HashingStrategy.load();
  private static final Map<String, String> PARAMS = Map.of("it", "210000");
  private static final SecureRandom RANDOM = new SecureRandom();

  private Passwords() {}

  public static String hash(String password) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return HASHING.hash("pbkdf2", PARAMS, Base64.getEncoder().withoutPadding().encodeToString(salt), password);
  }

  /**
   * Verifies, and costs the same when there is no hash to check (unknown user, or one known only
   * from a token), so that timing does not tell which names have a password.
   */
  public static boolean verifyOrBurn(String hash, String password) {
    if (hash == null) {
      HASHING.verify(Dummy.HASH, password);
      return false;
    }
    return HASHING.verify(hash, password);
  }

  private static final class Dummy {
    static final String HASH = hash("no such user");
  }

  /** A random secret of {@code bytes} bytes, URL-safe text. */
  public static String randomSecret(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
