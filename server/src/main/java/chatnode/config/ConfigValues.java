package chatnode.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Turns the merged setting strings (key to value, every key of {@link Settings} present) into a
 * {@link NodeConfig}: parses and range-checks each value and the settings that only work together,
 * adding every problem to one list instead of stopping at the first.
 */
final class ConfigValues {

  private static final Pattern MEMBER = Pattern.compile("^[^:,\\s]+:\\d{1,5}$");

  private ConfigValues() {}

  static NodeConfig toConfig(Map<String, String> v, List<String> problems) {
    Ints ints = new Ints(v, problems);
    String secret = v.get("jwt-secret");
    if (secret != null && secret.getBytes(StandardCharsets.UTF_8).length < 32) {
      problems.add("jwt-secret must be at least 32 bytes");
    }
    String algorithm = v.get("jwt-public-key-algorithm");
    if (!algorithm.equals("RS256") && !algorithm.equals("ES256")) {
      problems.add("jwt-public-key-algorithm must be RS256 or ES256, not '" + algorithm + "'");
    }
    if ((v.get("tls-cert") == null) != (v.get("tls-key") == null)) {
      problems.add("tls-cert and tls-key go together");
    }
    long clusterTls = Stream.of("cluster-tls-cert", "cluster-tls-key", "cluster-tls-trust")
        .filter(k -> v.get(k) != null).count();
    if (clusterTls != 0 && clusterTls != 3) {
      problems.add("cluster-tls-cert, cluster-tls-key and cluster-tls-trust go together");
    }
    List<String> members = Arrays.stream(v.get("cluster-members").split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).toList();
    members.stream().filter(m -> !MEMBER.matcher(m).matches())
        .forEach(m -> problems.add("cluster-members entry '" + m + "' is not host:port"));
    if (v.get("cluster-kubernetes-namespace") != null && v.get("cluster-kubernetes-service") == null) {
      problems.add("cluster-kubernetes-namespace needs cluster-kubernetes-service");
    }
    String rabbitmq = v.get("rabbitmq-url");
    if (rabbitmq != null && !rabbitmq.startsWith("amqp://") && !rabbitmq.startsWith("amqps://")) {
      problems.add("rabbitmq-url must be an amqp:// or amqps:// URL");
    }
    String storeUrl = v.get("store-url");
    if (storeUrl != null && !storeUrl.startsWith("jdbc:postgresql:") && !storeUrl.startsWith("jdbc:sqlite:")) {
      problems.add("store-url must be a jdbc:postgresql: or jdbc:sqlite: URL");
    }
    int rate = ints.get("rate-limit", 1, 100_000);
    int burst = ints.get("rate-burst", 1, 1_000_000);
    if (burst < rate) {
      problems.add("rate-burst (" + burst + ") must be at least rate-limit (" + rate + ")");
    }
    return new NodeConfig(
        v.get("host"),
        ints.get("port", 0, 65535),
        Path.of(v.get("data")).toAbsolutePath().normalize(),
        storeUrl,
        oneOf(v, "store-sync", List.of("normal", "full"), problems),
        secret,
        v.get("jwt-public-key"),
        algorithm,
        ints.get("token-ttl-seconds", 60, 31_536_000),
        v.get("admin-password"),
        ints.get("gateway-instances", 0, 256),
        oneOf(v, "transport", List.of("epoll", "io_uring", "nio"), problems),
        ints.get("max-frame-bytes", 1024, 16 * 1024 * 1024),
        ints.get("max-text", 1, 1_000_000),
        ints.get("edit-window-minutes", 0, 5_256_000),
        ints.get("auth-timeout-ms", 100, 600_000),
        rate,
        burst,
        ints.get("flood-refusals", 1, 1_000_000),
        ints.get("write-queue-bytes", 4096, 256 * 1024 * 1024),
        ints.get("store-batch-max", 1, 10_000),
        ints.get("store-queue-max", 1, 10_000_000),
        ints.get("store-wait-ms", 100, 600_000),
        ints.get("store-lock-timeout-ms", 100, 600_000),
        ints.get("gap-fill-ms", 1, 60_000),
        ints.get("drain-grace-ms", 0, 600_000),
        ints.get("max-connections", 1, 10_000_000),
        ints.get("max-connections-per-ip", 1, 10_000_000),
        ints.get("max-connections-per-user", 1, 100_000),
        ints.get("max-rooms-per-session", 1, 100_000),
        ints.get("max-rooms-per-user", 1, 1_000_000),
        ints.get("max-room-members", 2, 10_000_000),
        ints.get("heartbeat-interval-ms", 100, 3_600_000),
        ints.get("heartbeat-timeout-ms", 100, 3_600_000),
        ints.get("upgrade-timeout-ms", 100, 600_000),
        ints.get("logins-per-minute-per-ip", 1, 1_000_000),
        ints.get("logins-per-minute-per-user", 1, 1_000_000),
        ints.get("registrations-per-minute-per-ip", 1, 1_000_000),
        Arrays.stream(v.get("allowed-origins").split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
        bool(v, "forwarded-for", problems),
        v.get("tls-cert"),
        v.get("tls-key"),
        v.get("redis-url"),
        v.get("redis-stream"),
        v.get("redis-group"),
        ints.get("redis-claim-ms", 100, 86_400_000),
        v.get("rabbitmq-url"),
        v.get("rabbitmq-queue"),
        !bool(v, "standalone", problems),
        v.get("cluster-name"),
        v.get("cluster-host"),
        ints.get("cluster-port", 1, 65535),
        ints.get("cluster-bus-port", 0, 65535),
        members,
        v.get("cluster-kubernetes-service"),
        v.get("cluster-kubernetes-namespace"),
        v.get("cluster-tls-cert"),
        v.get("cluster-tls-key"),
        v.get("cluster-tls-trust"));
  }

  private static String oneOf(Map<String, String> v, String key, List<String> allowed, List<String> problems) {
    String value = v.get(key);
    if (!allowed.contains(value)) {
      problems.add(key + " must be one of " + allowed + ", not '" + value + "'");
    }
    return value;
  }

  private static boolean bool(Map<String, String> v, String key, List<String> problems) {
    String value = v.get(key);
    if (!value.equals("true") && !value.equals("false")) {
      problems.add(key + " must be true or false, not '" + value + "'");
    }
    return value.equals("true");
  }

  private record Ints(Map<String, String> values, List<String> problems) {
    int get(String key, int min, int max) {
      String raw = values.get(key);
      try {
        int n = Integer.parseInt(raw.trim());
        if (n < min || n > max) {
          problems.add(key + " must be between " + min + " and " + max + ", not " + n);
        }
        return n;
      } catch (NumberFormatException e) {
        problems.add(key + " must be a whole number, not '" + raw + "'");
        return min;
      }
    }
  }
}
