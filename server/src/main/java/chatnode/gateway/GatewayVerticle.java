package chatnode.gateway;

import chatnode.auth.Tokens;
import chatnode.bus.Addresses;
import chatnode.bus.Delivery;
import chatnode.bus.Protocol;
import chatnode.config.NodeConfig;
import chatnode.ops.Drain;
import chatnode.ops.Limits;
import chatnode.ops.Metrics;
import chatnode.ops.Readiness;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CSPHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.net.URI;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server of a node, one instance per core, all on the same port with the same router:
 * {@code /ws}, the REST API, {@code /metrics} and the static UI. Owns the WebSockets it accepted.
 */
public final class GatewayVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(GatewayVerticle.class);
  /** How long a draining gateway waits for the stores its clients are waiting on. */
  private static final long DRAIN_WAIT_MS = 5_000;
  private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

  private final NodeConfig config;
  private final String nodeId;
  private final Gateway services;
  private LocalSessions sessions;
  private UpgradeDeadlines deadlines;
  private long heartbeats;

  public GatewayVerticle(NodeConfig config, String nodeId, Gateway services) {
    this.config = config;
    this.nodeId = nodeId;
    this.services = services;
  }

  @Override
  public Future<?> start() {
    sessions = new LocalSessions(vertx);
    deadlines = new UpgradeDeadlines(vertx, config.upgradeTimeoutMs());
    Router router = Router.router(vertx);
    router.get("/ws").handler(this::upgrade);
    router.get("/metrics").handler(PrometheusScrapingHandler.create(services.registry()));
    new RestApi(this).mount(router);
    // The UI: no inline script may run (user content is only ever inserted as text besides).
    router.route().handler(CSPHandler.create()
        .setDirective("default-src", "'self'")
        .setDirective("script-src", "'self'")
        .setDirective("style-src", "'self'")
        .setDirective("img-src", "'self' data:")
        .setDirective("connect-src", "'self'")
        .setDirective("object-src", "'none'")
        .setDirective("base-uri", "'none'")
        .setDirective("frame-ancestors", "'none'"));
    router.route().handler(StaticHandler.create("webroot").setCachingEnabled(false));

    HttpServerOptions options = new HttpServerOptions()
        .setHost(config.host())
        .setPort(config.port())
        .setMaxWebSocketFrameSize(config.maxFrameBytes())
        .setMaxWebSocketMessageSize(config.maxFrameBytes())
        // No cleartext HTTP/2 (browsers never use it): a new connection is then HTTP/1 at once, so
        // its upgrade deadline starts before it sends a byte, not after the preface sniffing.
        .setHttp2ClearTextEnabled(false);
    if (config.tlsCert() != null) {
      options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(config.tlsCert()).setKeyPath(config.tlsKey()));
    }
    Future<HttpServer> server = vertx.createHttpServer(options)
        .connectionHandler(deadlines::opened)
        .requestHandler(request -> {
          deadlines.requestStarted(request);
          router.handle(request);
        })
        .listen();
    // Each session is looked at a few times per interval and timeout, so neither runs much over.
    long sweep = Math.max(50, Math.min(config.heartbeatIntervalMs(), config.heartbeatTimeoutMs()) / 4);
    heartbeats = vertx.setPeriodic(sweep, t -> {
      long now = System.nanoTime();
      sessions.all().forEach(c -> c.heartbeat(now));
    });
    Future<Void> presence = vertx.eventBus().<Delivery>localConsumer(Addresses.LOCAL_PRESENCE,
        m -> sessions.presence(m.body())).completion();
    Future<Void> direct = vertx.eventBus().<Delivery>localConsumer(Addresses.LOCAL_USERS,
        m -> sessions.direct(m.body())).completion();
    // Every gateway of every node hears a kick and closes the sessions it holds.
    Future<Void> kicks = vertx.eventBus().<JsonObject>consumer(Addresses.KICK, m -> sessions.sessionsOf(m.body().getString("user"))
        .forEach(c -> c.kick(m.body().getString("reason"), m.body().getInteger("code").shortValue()))).completion();
    return Future.all(server, presence, direct, kicks);
  }

  /** Origin, drain and connection limits are checked before the upgrade; the session does the rest. */
  private void upgrade(RoutingContext rc) {
    HttpServerRequest request = rc.request();
    if (!originAllowed(request.getHeader("Origin"), request.authority() == null ? null : request.authority().host())) {
      refuse(rc, 403, "this origin may not open chat sessions");
      return;
    }
    if (services.readiness().draining()) {
      refuse(rc, 503, "this node is shutting down; connect to another");
      return;
    }
    String address = clientAddress(request);
    Limits.Refusal refusal = services.limits().admitConnection(address);
    if (refusal != null) {
      refuse(rc, refusal.status(), refusal.reason());
      return;
    }
    request.toWebSocket()
        .onSuccess(ws -> {
          deadlines.upgraded(request.connection());
          new ChatConnection(this, ws, address).start();
        })
        .onFailure(e -> {
          services.limits().releaseConnection(address);
          log.debug("WebSocket upgrade failed: {}", e.toString());
        });
  }

  private void refuse(RoutingContext rc, int status, String reason) {
    services.metrics().connectionRefused();
    rc.response().setStatusCode(status).end(reason);
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

  String clientAddress(HttpServerRequest request) {
    String forwarded = config.forwardedFor() ? request.getHeader("X-Forwarded-For") : null;
    if (forwarded != null && !forwarded.isBlank()) {
      return forwarded.split(",")[0].trim();
    }
    return request.remoteAddress() == null ? "unknown" : request.remoteAddress().host();
  }

  /**
   * Drain: read no more frames, let the stores clients are waiting on finish (their acks go out),
   * then close every socket with 1012 so the clients move to another node.
   */
  @Override
  public Future<?> stop() {
    vertx.cancelTimer(heartbeats);
    Set<ChatConnection> all = sessions.all();
    all.forEach(ChatConnection::stopReading);
    return Drain.until(vertx, () -> all.stream().allMatch(ChatConnection::settled), DRAIN_WAIT_MS)
        .onComplete(v -> all.forEach(c -> c.close(Protocol.CLOSE_RESTART, "node shutting down")));
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

  Readiness readiness() {
    return services.readiness();
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

  LocalSessions sessions() {
    return sessions;
  }
}
