package chatnode.ops;

import chatnode.config.NodeConfig;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;

/**
 * Connection limits of one node, shared by its gateway instances through Vert.x's node-local map:
 * connections per node and per client address (a cluster of N nodes admits N times as many from
 * one address). Sessions per user are counted cluster-wide by the presence registry, login
 * attempts in the store ({@code chatnode.profile.LoginBudgets}).
 */
public final class Limits {
  private final NodeConfig config;
  private final Metrics metrics;
  private final LocalMap<String, Integer> open;

  public Limits(Vertx vertx, NodeConfig config, Metrics metrics) {
    this.config = config;
    this.metrics = metrics;
    this.open = vertx.sharedData().getLocalMap("chat.limits.open");
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
}
