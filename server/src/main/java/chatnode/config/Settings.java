package chatnode.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The table of settings a node has: each one's key, default, whether it is masked when printed
 * and what it does. Every setting has one name used in all three places: {@code store-url} in the
 * file, {@code CHAT_STORE_URL}, {@code --store-url}; {@link ConfigLoader} reads them in that
 * order of precedence.
 */
public final class Settings {

  /** A setting: its key, default (null: none), whether it is masked when printed, what it does. */
  public record Setting(String key, String defaultValue, boolean secret, String description) {
    public String env() {
      return "CHAT_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }
  }

  public static final List<Setting> ALL = List.of(
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
      new Setting("transport", "epoll", false, "network transport: 'epoll' or 'io_uring' (Linux, native; Java NIO where it cannot load, with a warning) or 'nio'"),
      new Setting("max-frame-bytes", "65536", false, "largest WebSocket message accepted; larger closes with 1009"),
      new Setting("max-text", "4000", false, "longest message text in code points"),
      new Setting("edit-window-minutes", "1440", false, "how long after sending it its author may edit a message"),
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
      new Setting("drain-grace-ms", "15000", false, "how long the users of a draining node count as still present while their clients move to another node"),
      new Setting("max-connections", "100000", false, "WebSocket sessions a node accepts; past it upgrades get 503"),
      new Setting("max-connections-per-ip", "5000", false, "WebSocket sessions per client address on a node; past it 429"),
      new Setting("max-connections-per-user", "20", false, "sessions per user in the whole cluster; past it the new one is closed with 4008"),
      new Setting("max-rooms-per-session", "200", false, "rooms one WebSocket session may have joined at once; past it join is refused with forbidden"),
      new Setting("max-rooms-per-user", "1000", false, "rooms one user may be a member of; past it joining or being added is refused with forbidden"),
      new Setting("max-room-members", "10000", false, "members a private room may have; past it adding one is refused with forbidden"),
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
      new Setting("rabbitmq-url", null, false, "RabbitMQ to consume inbound messages from, e.g. amqp://guest:guest@127.0.0.1:5672; default: off"),
      new Setting("rabbitmq-queue", "chat.inbound", false, "durable RabbitMQ queue whose messages (JSON room, from, text; message-id set) are posted into rooms; the nodes consume it in turn"),
      new Setting("standalone", "false", false, "run without a cluster"),
      new Setting("cluster-name", null, false, "Hazelcast cluster name; nodes join only their own cluster (default: chat-<short hash of the token secret>, so only nodes sharing the secret meet)"),
      new Setting("cluster-host", "127.0.0.1", false, "address Hazelcast and the event bus bind and announce"),
      new Setting("cluster-port", "5701", false, "Hazelcast port of this node"),
      new Setting("cluster-bus-port", "0", false, "event-bus port of this node, for traffic between nodes (0: any free port; set one to firewall it)"),
      new Setting("cluster-members", "127.0.0.1:5701,127.0.0.1:5702,127.0.0.1:5703", false, "Hazelcast members to join, host:port, comma separated"),
      new Setting("cluster-kubernetes-service", null, false, "Kubernetes Service whose pods are the cluster's members, found through the Kubernetes API instead of cluster-members (set cluster-host to the pod's IP); default: off"),
      new Setting("cluster-kubernetes-namespace", null, false, "namespace of cluster-kubernetes-service; default: the pod's own"),
      new Setting("cluster-tls-cert", null, false, "PEM certificate chain of this node for TLS on the event bus between nodes (with cluster-tls-key and cluster-tls-trust)"),
      new Setting("cluster-tls-key", null, true, "PEM private key of cluster-tls-cert"),
      new Setting("cluster-tls-trust", null, false, "PEM certificates (or CA) that the other nodes' event-bus certificates must chain to"));

  private static final Map<String, Setting> BY_KEY = new LinkedHashMap<>();

  static {
    ALL.forEach(s -> BY_KEY.put(s.key(), s));
  }

  private Settings() {}

  /** The setting called {@code key}, or null when there is none. */
  public static Setting byKey(String key) {
    return BY_KEY.get(key);
  }
}
