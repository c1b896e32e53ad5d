package chatbench;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HS256 tokens signed with the secret the bench gave its nodes, as any application sharing it would mint. */
final class Tokens {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private Tokens() {}

  static String randomSecret() {
    byte[] b = new byte[48];
    new SecureRandom().nextBytes(b);
    return B64.encodeToString(b);
  }

  static String mint(String secret, String user) {
    return mint(secret, user, "");
  }

  /** A token with one role, e.g. {@code service}: it may create rooms for others, add members and publish as anyone. */
  static String mint(String secret, String user, String role) {
    long exp = System.currentTimeMillis() / 1000 + 86_400;
    String roles = role.isEmpty() ? "" : ",\"roles\":[\"" + role + "\"]";
    String header = B64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String payload = B64.encodeToString(("{\"sub\":\"" + user + "\",\"exp\":" + exp + roles + "}").getBytes(StandardCharsets.UTF_8));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      String input = header + "." + payload;
      return input + "." + B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
