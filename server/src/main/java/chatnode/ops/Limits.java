package chatnode.ops;

import chatnode.config.NodeConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;

/**
 * Limits of one node, shared by its gateway instances through Vert.x's node-local map: connections
 * per node and per client address (a cluster of N nodes admits N times as many from one address),
 * and a first, local count of login and registration attempts per address. Sessions per user are
 * counted cluster-wide by the presence registry, login and registration budgets in the store
 * ({@code chatnode.accounts.LoginBudgets}).
 */
public final class Limits {
  /** Past this many buckets the local login and registration buckets start afresh, so the map stays bounded. */
  private static final int MAX_TRACKED = 100_000;

  private record Bucket(double tokens, long atNanos) implements Shareable {}

  private final NodeConfig config;
  private final Metrics metrics;
  private final LocalMap<String, Integer> open;
  private final LocalMap<String, Bucket> attempts;

  public Limits(Vertx vertx, NodeConfig config, Metrics metrics) {
    this.config = config;
    this.metrics = metrics;
    this.open = vertx.sharedData().getLocalMap("chat.limits.open");
    this.attempts = vertx.sharedData().getLocalMap("chat.limits.attempts");
  }

  /** The address a client's limits count against: the first X-Forwarded-For hop behind a trusted proxy, else the peer. */
  public String clientAddress(HttpServerRequest request) {
    String forwarded = config.forwardedFor() ? request.getHeader("X-Forwarded-For") : null;
    if (forwarded != null && !forwarded.isBlank()) {
      return forwarded.split(",")[0].trim();
    }
    return request.remoteAddress() == null ? "unknown" : request.remoteAddress().host();
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

  /**
   * This node's count of an address's login attempts, before the cluster-wide budgets: an address
   * past its budget here is refused without a write to the store.
   */
  public boolean loginMayTry(String address) {
    return spend("login:" + address, config.loginsPerMinutePerIp());
  }

  /** The same first, local count for registrations, before their cluster-wide budget. */
  public boolean registrationMayTry(String address) {
    return spend("register:" + address, config.registrationsPerMinutePerIp());
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
    if (attempts.size() > MAX_TRACKED) {
      attempts.clear();
    }
    long now = System.nanoTime();
    double perNano = perMinute / 60e9;
    Bucket after = attempts.compute(key, (k, b) -> {
      double tokens = b == null ? perMinute : Math.min(perMinute, b.tokens() + (now - b.atNanos()) * perNano);
      return new Bucket(tokens - 1, now);
    });
    return after.tokens() >= 0;
  }
}
