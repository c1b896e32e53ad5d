package chatnode.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Builds the {@link NodeConfig}: built-in defaults, then the JSON file, then {@code CHAT_*}
 * environment variables, then command-line flags (later wins). Every setting has one name used in
 * all three places: {@code store-url} in the file, {@code CHAT_STORE_URL}, {@code --store-url}.
 * Unknown keys and bad values are fatal, with a message naming the setting.
 */
public final class ConfigLoader {

  /** A setting: its key, default (null: none), whether it is masked when printed, what it does. */
  public record Setting(String key, String defaultValue, boolean secret, String description) {
    public String env() {
      return "CHAT_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }
  }

  public static final List<Setting> SETTINGS = List.of(
      new Setting("config", null, false, "JSON file with any of these settings (keys as here)"),
      new Setting("host", "127.0.0.1", false, "address the HTTP/WebSocket server binds"),
      new Setting("port", "8080", false, "HTTP/WebSocket port"),
      new Setting("data", "./data", false, "directory for the embedded store and the generated token secret"),
      new Setting("store-url", null, false, "JDBC URL of the store, e.g. jdbc:postgresql://127.0.0.1:5432/chat?user=chat; default: embedded SQLite file in the data directory"),
      new Setting("store-sync", "normal", false, "embedded store: 'normal' keeps every acknowledged message if the node process dies; 'full' also if the machine loses power (an fsync per commit)"),
      new Setting("jwt-secret", null, true, "HS256 secret for tokens (>= 32 bytes); default: generated on first start into <data>/jwt-secret"),
      new Setting("jwt-public-key", null, false, "PEM public key (file path or PEM text) accepted for tokens minted elsewhere"),
      new Setting("jwt-public-key-algorithm", "RS256", false, "algorithm of jwt-public-key: RS256 or ES256"),
      new Setting("token-ttl-seconds", "86400", false, "lifetime of tokens minted by login/register"),
      new Setting("admin-password", null, true, "password of the 'admin' user created on first start; default: generated and printed once"),
      new Setting("gateway-instances", "0", false, "WebSocket gateway verticles; 0 = one per core"),
      new Setting("max-frame-bytes", "65536", false, "largest WebSocket message accepted; larger closes with 1009"),
      new Setting("max-text", "4000", false, "longest message text in code points"),
      new Setting("auth-timeout-ms", "10000", false, "time a new connection has to send auth"),
      new Setting("rate-limit", "20", false, "frames per second per connection"),
      new Setting("rate-burst", "40", false, "burst of frames per connection"),
      new Setting("flood-refusals", "100", false, "refused frames within 10 s that close a connection with 4008"),
      new Setting("write-queue-bytes", "1048576", false, "outbound bytes queued per connection before it is closed as too slow (4008)"),
      new Setting("store-batch-max", "512", false, "most messages stored in one transaction (group commit)"),
      new Setting("store-queue-max", "20000", false, "most messages waiting for the store on a node before new ones are refused"),
      new Setting("store-wait-ms", "10000", false, "longest a message waits in a node's queue for the store; past it, it is refused and never stored"),
      new Setting("store-lock-timeout-ms", "5000", false, "longest a write transaction waits for the store's write lock before it fails (and is retried)"),
      new Setting("gap-fill-ms", "100", false, "how long a node waits for a missing seq on the bus before reading it from the store"),
      new Setting("max-connections", "100000", false, "WebSocket sessions a node accepts; past it upgrades get 503"),
      new Setting("max-connections-per-ip", "5000", false, "WebSocket sessions per client address on a node; past it 429"),
      new Setting("max-connections-per-user", "20", false, "sessions per user in the whole cluster; past it the new one is closed with 4008"),
      new Setting("max-rooms-per-session", "200", false, "rooms one WebSocket session may have joined at once; past it join is refused with forbidden"),
      new Setting("heartbeat-interval-ms", "30000", false, "a session silent this long is pinged (WebSocket ping)"),
      new Setting("heartbeat-timeout-ms", "10000", false, "a pinged session that sends nothing (not even a pong) this long is closed"),
      new Setting("upgrade-timeout-ms", "10000", false, "time a new TCP connection has to complete its HTTP request"),
      new Setting("logins-per-minute-per-ip", "30", false, "login attempts per client address and minute; past it 429"),
      new Setting("logins-per-minute-per-user", "10", false, "failed logins per user name and client address a minute, across the cluster; past it 429 for that address"),
      new Setting("registrations-per-minute-per-ip", "5", false, "accounts registered per client address and minute, across the cluster; past it 429"),
      new Setting("allowed-origins", "", false, "Origins allowed to open WebSockets, comma separated; the node's own origin and localhost always are"),
      new Setting("forwarded-for", "false", false, "take the client address from X-Forwarded-For (only behind a proxy that sets it)"),
      new Setting("tls-cert", null, false, "PEM certificate chain: serve https and wss (with tls-key)"),
      new Setting("tls-key", null, true, "PEM private key of tls-cert"),
      new Setting("redis-url", null, false, "Redis to consume inbound messages from, e.g. redis://127.0.0.1:6379; default: off"),
      new Setting("redis-stream", "chat:inbound", false, "Redis stream whose entries (room, from, text) are posted into rooms"),
      new Setting("redis-group", "chat-nodes", false, "consumer group shared by the nodes: each entry is posted once"),
      new Setting("redis-claim-ms", "30000", false, "an entry read but not acknowledged this long (its node died) is taken over"),
      new Setting("standalone", "false", false, "run without a cluster"),
      new Setting("cluster-name", null, false, "Hazelcast cluster name; nodes join only their own cluster (default: chat-<short hash of the token secret>, so only nodes sharing the secret meet)"),
      new Setting("cluster-host", "127.0.0.1", false, "address Hazelcast and the event bus bind and announce"),
      new Setting("cluster-port", "5701", false, "Hazelcast port of this node"),
      new Setting("cluster-bus-port", "0", false, "event-bus port of this node, for traffic between nodes (0: any free port; set one to firewall it)"),
      new Setting("cluster-members", "127.0.0.1:5701,127.0.0.1:5702,127.0.0.1:5703", false, "Hazelcast members to join, host:port, comma separated"),
      new Setting("cluster-tls-cert", null, false, "PEM certificate chain of this node for TLS on the event bus between nodes (with cluster-tls-key and cluster-tls-trust)"),
      new Setting("cluster-tls-key", null, true, "PEM private key of cluster-tls-cert"),
      new Setting("cluster-tls-trust", null, false, "PEM certificates (or CA) that the other nodes' event-bus certificates must chain to"));

  private static final Map<String, Setting> BY_KEY = new LinkedHashMap<>();

  static {
    SETTINGS.forEach(s -> BY_KEY.put(s.key(), s));
  }

  private static final Pattern MEMBER = Pattern.compile("^[^:,\\s]+:\\d{1,5}$");

  private ConfigLoader() {}

  /** Raised with every problem found, so an operator fixes them in one go. */
  public static final class InvalidConfig extends RuntimeException {
    public InvalidConfig(List<String> problems) {
      super("invalid configuration:\n  - " + String.join("\n  - ", problems));
    }
  }

  public static NodeConfig load(String[] args, Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    Map<String, String> flags = parseFlags(args, problems);
    Map<String, String> values = new LinkedHashMap<>();
    SETTINGS.forEach(s -> values.put(s.key(), s.defaultValue()));

    String file = flags.getOrDefault("config", env.get(BY_KEY.get("config").env()));
    if (file != null) {
      readFile(Path.of(file), values, problems);
    }
    for (Setting s : SETTINGS) {
      String v = env.get(s.env());
      if (v != null) {
        values.put(s.key(), v);
      }
    }
    values.putAll(flags);
    NodeConfig config = build(values, problems);
    if (!problems.isEmpty()) {
      throw new InvalidConfig(problems);
    }
    return config;
  }

  private static Map<String, String> parseFlags(String[] args, List<String> problems) {
    Map<String, String> flags = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        problems.add("unexpected argument '" + arg + "' (settings are given as --key value)");
        continue;
      }
      String key = arg.substring(2);
      String value = null;
      int eq = key.indexOf('=');
      if (eq >= 0) {
        value = key.substring(eq + 1);
        key = key.substring(0, eq);
      }
      if (!BY_KEY.containsKey(key)) {
        problems.add("unknown flag --" + key);
        continue;
      }
      if (value == null) {
        boolean isSwitch = key.equals("standalone");
        if (isSwitch && (i + 1 == args.length || args[i + 1].startsWith("--"))) {
          value = "true";
        } else if (i + 1 < args.length) {
          value = args[++i];
        } else {
          problems.add("flag --" + key + " needs a value");
          continue;
        }
      }
      flags.put(key, value);
    }
    return flags;
  }

  private static void readFile(Path file, Map<String, String> values, List<String> problems) {
    JsonObject json;
    try {
      json = new JsonObject(Files.readString(file));
    } catch (IOException | RuntimeException e) {
      problems.add("config file " + file + " cannot be read as a JSON object: " + e.getMessage());
      return;
    }
    json.forEach(e -> {
      if (!BY_KEY.containsKey(e.getKey()) || e.getKey().equals("config")) {
        problems.add("unknown key '" + e.getKey() + "' in " + file);
      } else if (e.getValue() instanceof JsonArray array) {
        values.put(e.getKey(), String.join(",", array.stream().map(String::valueOf).toList()));
      } else if (e.getValue() != null) {
        values.put(e.getKey(), String.valueOf(e.getValue()));
      }
    });
  }

  private static NodeConfig build(Map<String, String> v, List<String> problems) {
    Ints ints = new Ints(v, problems);
    String secret = v.get("jwt-secret");
    if (secret != null && secret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
      problems.add("jwt-secret must be at least 32 bytes");
    }
    String algorithm = v.get("jwt-public-key-algorithm");
    if (!algorithm.equals("RS256") && !algorithm.equals("ES256")) {
      problems.add("jwt-public-key-algorithm must be RS256 or ES256, not '" + algorithm + "'");
    }
    if ((v.get("tls-cert") == null) != (v.get("tls-key") == null)) {
      problems.add("tls-cert and tls-key go together");
    }
    long clusterTls = java.util.stream.Stream.of("cluster-tls-cert", "cluster-tls-key", "cluster-tls-trust")
        .filter(k -> v.get(k) != null).count();
    if (clusterTls != 0 && clusterTls != 3) {
      problems.add("cluster-tls-cert, cluster-tls-key and cluster-tls-trust go together");
    }
    List<String> members = Arrays.stream(v.get("cluster-members").split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).toList();
    members.stream().filter(m -> !MEMBER.matcher(m).matches())
        .forEach(m -> problems.add("cluster-members entry '" + m + "' is not host:port"));
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
        ints.get("max-frame-bytes", 1024, 16 * 1024 * 1024),
        ints.get("max-text", 1, 1_000_000),
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
        ints.get("max-connections", 1, 10_000_000),
        ints.get("max-connections-per-ip", 1, 10_000_000),
        ints.get("max-connections-per-user", 1, 100_000),
        ints.get("max-rooms-per-session", 1, 100_000),
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
        !bool(v, "standalone", problems),
        v.get("cluster-name"),
        v.get("cluster-host"),
        ints.get("cluster-port", 1, 65535),
        ints.get("cluster-bus-port", 0, 65535),
        members,
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

  /** The effective settings as JSON, secrets masked, for the start-up log. */
  public static String describe(NodeConfig config) {
    JsonObject out = new JsonObject();
    for (java.lang.reflect.RecordComponent c : NodeConfig.class.getRecordComponents()) {
      try {
        Object value = c.getAccessor().invoke(config);
        boolean secret = c.getName().equals("jwtSecret") || c.getName().equals("adminPassword")
            || c.getName().equals("tlsKey") || c.getName().equals("clusterTlsKey");
        out.put(c.getName(), value == null ? null : secret ? "****" : value.toString());
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    out.put("storeUrl", config.effectiveStoreUrl().replaceAll("(?i)(password=)[^&;]*", "$1****"));
    return out.encodePrettily();
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
