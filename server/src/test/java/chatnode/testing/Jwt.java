package chatnode.testing;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Hand-made tokens, including the bad ones the node must refuse. */
public final class Jwt {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private Jwt() {}

  public static String hs256(String secret, JsonObject claims) {
    String signingInput = part(new JsonObject().put("alg", "HS256").put("typ", "JWT")) + "." + part(claims);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return signingInput + "." + B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A token signed with a private key: RS256 (RSA) or ES256 (EC P-256). */
  public static String signed(String alg, java.security.PrivateKey key, JsonObject claims) {
    String signingInput = part(new JsonObject().put("alg", alg).put("typ", "JWT")) + "." + part(claims);
    try {
      java.security.Signature signer = java.security.Signature.getInstance(
          alg.equals("RS256") ? "SHA256withRSA" : "SHA256withECDSAinP1363Format");
      signer.initSign(key);
      signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + B64.encodeToString(signer.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A public key as the PEM text the node's jwt-public-key setting takes. */
  public static String pem(java.security.PublicKey key) {
    return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(key.getEncoded()) + "\n-----END PUBLIC KEY-----\n";
  }

  /** An unsigned token: {@code alg: none}. */
  public static String none(JsonObject claims) {
    return part(new JsonObject().put("alg", "none").put("typ", "JWT")) + "." + part(claims) + ".";
  }

  private static String part(JsonObject json) {
    return B64.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }
}
