package chatnode.gateway;

import chatnode.accounts.Tokens;
import chatnode.bus.Addresses;
import chatnode.bus.Delivery;
import chatnode.config.NodeConfig;
import chatnode.ops.Drain;
import chatnode.ops.Limits;
import chatnode.ops.Metrics;
import chatnode.protocol.Protocol;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket sessions of one HTTP server instance (one per core): it upgrades requests, keeps
 * the index of its sessions, hears the node's deliveries and kicks for them, runs their heartbeat
 * and drains them on shutdown. Confined to its server's event loop.
 */
public final class WebSockets {
  private static final Logger log = LoggerFactory.getLogger(WebSockets.class);
  /** How long a draining gateway waits for the stores its clients are waiting on. */
  private static final long DRAIN_WAIT_MS = 5_000;
  private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

  private final Vertx vertx;
  private final NodeConfig config;
  private final String nodeId;
  private final NodeServices services;
  private final LocalSessions sessions;
  private final Flusher flusher;
  private long heartbeats;

  public WebSockets(Vertx vertx, NodeConfig config, String nodeId, NodeServices services) {
    this.vertx = vertx;
    this.config = config;
    this.nodeId = nodeId;
    this.services = services;
    this.flusher = new Flusher(vertx.getOrCreateContext(), services.metrics());
    this.sessions = new LocalSessions(vertx, config.maxFrameBytes(), flusher);
  }

  /** Starts the heartbeat and the consumers of this instance's deliveries and of cluster-wide kicks. */
  public Future<Void> start() {
    // Each session is looked at a few times per interval and timeout, so neither runs much over.
    long sweep = Math.max(50, Math.min(config.heartbeatIntervalMs(), config.heartbeatTimeoutMs()) / 4);
    heartbeats = vertx.setPeriodic(sweep, t -> {
      long now = System.nanoTime();
      Set<ChatConnection> all = sessions.all();
      all.forEach(c -> c.heartbeat(now));
      flusher.report(all);
    });
    Future<Void> presence = vertx.eventBus().<Delivery>localConsumer(Addresses.LOCAL_PRESENCE,
        m -> sessions.presence(m.body())).completion();
    Future<Void> direct = vertx.eventBus().<Delivery>localConsumer(Addresses.LOCAL_USERS,
        m -> sessions.direct(m.body())).completion();
    // Every gateway of every node hears a kick and closes the sessions it holds.
    Future<Void> kicks = vertx.eventBus().<JsonObject>consumer(Addresses.KICK, m -> sessions.sessionsOf(m.body().getString("user"))
        .forEach(c -> c.kick(m.body().getString("reason"), m.body().getInteger("code").shortValue()))).completion();
    return Future.all(presence, direct, kicks).mapEmpty();
  }

  /**
   * Origin, drain and connection limits are checked before the upgrade; the session does the rest.
   * Fails with a {@link RefusedUpgrade} when the request may not become a session.
   */
  public Future<Void> upgrade(HttpServerRequest request) {
    if (!originAllowed(request.getHeader("Origin"), request.authority() == null ? null : request.authority().host())) {
      return refused(403, "this origin may not open chat sessions");
    }
    if (services.readiness().draining()) {
      return refused(503, "this node is shutting down; connect to another");
    }
    String address = services.limits().clientAddress(request);
    Limits.Refusal refusal = services.limits().admitConnection(address);
    if (refusal != null) {
      return refused(refusal.status(), refusal.reason());
    }
    return request.toWebSocket()
        .onFailure(e -> {
          services.limits().releaseConnection(address);
          log.debug("WebSocket upgrade failed: {}", e.toString());
        })
        .map(ws -> {
          new ChatConnection(this, ws, address).start();
          return null;
        });
  }

  private Future<Void> refused(int status, String reason) {
    services.metrics().connectionRefused();
    return Future.failedFuture(new RefusedUpgrade(new Limits.Refusal(status, reason)));
  }

  /** The failure of an upgrade refused before it happened, carrying the HTTP status and plain-text reason to answer. */
  public static final class RefusedUpgrade extends RuntimeException {
    private final Limits.Refusal refusal;

    RefusedUpgrade(Limits.Refusal refusal) {
      super(refusal.reason(), null, false, false);
      this.refusal = refusal;
    }

    public Limits.Refusal refusal() {
      return refusal;
    }
  }

  /** Browsers send an Origin: the node's own, localhost, or one configured; clients without one are not browsers. */
  private boolean originAllowed(String origin, String host) {
    if (origin == null || config.allowedOrigins().contains(origin)) {
      return true;
    }
    try {
      String originHost = URI.create(origin).getHost();
      return originHost != null && (originHost.equalsIgnoreCase(host) || LOCAL_HOSTS.contains(originHost));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Drain: read no more frames, let the stores clients are waiting on finish (their acks go out),
   * then close every socket with 1012 so the clients move to another node.
   */
  public Future<Void> drain() {
    vertx.cancelTimer(heartbeats);
    Set<ChatConnection> all = sessions.all();
    all.forEach(ChatConnection::stopReading);
    return Drain.until(vertx, () -> all.stream().allMatch(ChatConnection::settled), DRAIN_WAIT_MS)
        .onComplete(v -> all.forEach(c -> c.close(Protocol.CLOSE_RESTART, "node shutting down")))
        .mapEmpty();
  }

  Vertx vertx() {
    return vertx;
  }

  NodeConfig nodeConfig() {
    return config;
  }

  Tokens tokens() {
    return services.tokens();
  }

  Limits limits() {
    return services.limits();
  }

  Metrics metrics() {
    return services.metrics();
  }

  String nodeId() {
    return nodeId;
  }

  Flusher flusher() {
    return flusher;
  }

  LocalSessions sessions() {
    return sessions;
  }
}
