package chatnode.cluster;

import chatnode.config.NodeConfig;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Who belongs to a node's cluster: the nodes that share its token secret. Two values derive from
 * the secret, never the secret itself: the default cluster name (so that unrelated deployments on
 * one network never even join) and a fingerprint each member publishes, by which a member that was
 * given the same name but another secret is recognised and refused.
 */
public record ClusterIdentity(String clusterName, String fingerprint) {
  /** The Hazelcast member attribute that carries a member's fingerprint. */
  public static final String FINGERPRINT_ATTRIBUTE = "chat.secretFingerprint";

  public static ClusterIdentity of(NodeConfig config, String tokenSecret) {
    String name = config.clusterName() != null ? config.clusterName() : "chat-" + digest(tokenSecret, "cluster name").substring(0, 12);
    return new ClusterIdentity(name, digest(tokenSecret, "member fingerprint").substring(0, 16));
  }

  /** HMAC-SHA256 of a purpose under the secret: one-way, and the name and fingerprint do not reveal each other. */
  private static String digest(String secret, String purpose) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(("chat-node " + purpose).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
