package chatnode.ops;

import chatnode.config.NodeConfig;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;

/**
 * Abuse limits of one node, shared by its gateway instances through Vert.x's node-local map:
 * connections per node, per client address and per user, and login attempts per address and per
 * user. Counts are per node (a cluster of N nodes admits N times as much from one address).
 */
public final class Limits {
  /** Past this many tracked keys the login buckets start afresh, so the map stays bounded. */
  private static final int MAX_TRACKED = 100_000;

  private record Bucket(double tokens, long atNanos) implements Shareable {}

  private final NodeConfig config;
  private final Metrics metrics;
  private final LocalMap<String, Integer> open;
  private final LocalMap<String, Bucket> logins;

  public Limits(Vertx vertx, NodeConfig config, Metrics metrics) {
    this.config = config;
    this.metrics = metrics;
    this.open = vertx.sharedData().getLocalMap("chat.limits.open");
    this.logins = vertx.sharedData().getLocalMap("chat.limits.logins");
  }

  /** Takes a connection slot for a client address: null if admitted, else why not (and the HTTP status). */
  public Refusal admitConnection(String address) {
    if (metrics.connections() >= config.maxConnections()) {
      return new Refusal(503, "this node is full; try another");
    }
    if (!take("ip:" + address, config.maxConnectionsPerIp())) {
      return new Refusal(429, "too many connections from your address");
    }
    return null;
  }

  public void releaseConnection(String address) {
    release("ip:" + address);
  }

  /** Takes a session slot for a user on this node; false if the user has too many. */
  public boolean admitUser(String user) {
    return take("user:" + user, config.maxConnectionsPerUser());
  }

  public void releaseUser(String user) {
    release("user:" + user);
  }

  /** A login attempt: allowed while both the address's and the user's per-minute budgets last. */
  public boolean loginAllowed(String address, String user) {
    if (logins.size() > MAX_TRACKED) {
      logins.clear();
    }
    boolean byAddress = spend("ip:" + address, config.loginsPerMinutePerIp());
    boolean byUser = spend("user:" + user, config.loginsPerMinutePerUser());
    return byAddress && byUser;
  }

  public record Refusal(int status, String reason) {}

  private boolean take(String key, int limit) {
    int n = open.compute(key, (k, v) -> v == null ? 1 : v + 1);
    if (n > limit) {
      release(key);
      return false;
    }
    return true;
  }

  private void release(String key) {
    open.compute(key, (k, v) -> v == null || v <= 1 ? null : v - 1);
  }

  /** A token bucket of {@code perMinute} refilled continuously; false when empty. */
  private boolean spend(String key, int perMinute) {
    long now = System.nanoTime();
    double perNano = perMinute / 60e9;
    Bucket after = logins.compute(key, (k, b) -> {
      double tokens = b == null ? perMinute : Math.min(perMinute, b.tokens() + (now - b.atNanos()) * perNano);
      return new Bucket(tokens - 1, now);
    });
    return after.tokens() >= 0;
  }
}
