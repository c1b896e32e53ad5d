package chatnode.http;

import chatnode.config.NodeConfig;
import chatnode.gateway.NodeServices;
import chatnode.gateway.WebSockets;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.CSPHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;

/**
 * The HTTP server of a node, one instance per core, all on the same port with the same router:
 * {@code /ws} (handed to this instance's {@link WebSockets}), the REST API, {@code /metrics} and
 * the static UI.
 */
public final class HttpVerticle extends VerticleBase {
  private final NodeConfig config;
  private final String nodeId;
  private final NodeServices services;
  private WebSockets websockets;

  public HttpVerticle(NodeConfig config, String nodeId, NodeServices services) {
    this.config = config;
    this.nodeId = nodeId;
    this.services = services;
  }

  @Override
  public Future<?> start() {
    websockets = new WebSockets(vertx, config, nodeId, services);
    UpgradeDeadlines deadlines = new UpgradeDeadlines(vertx, config.upgradeTimeoutMs());
    Router router = Router.router(vertx);
    router.get("/metrics").handler(PrometheusScrapingHandler.create(services.registry()));
    new RestApi(vertx, config, services).mount(router);
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
        // Frames go out as the same uncompressed bytes to every member (gateway.WireFrames): no
        // per-connection deflate state to keep, and none to offer.
        .setPerFrameWebSocketCompressionSupported(false)
        .setPerMessageWebSocketCompressionSupported(false)
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
          // The upgrade takes the server's own request, not the router's wrapper of it: a session
          // writes its frames to the socket's channel (gateway.Outbox).
          if (request.method() == HttpMethod.GET && "/ws".equals(request.path())) {
            websockets.upgrade(request)
                .onSuccess(v -> deadlines.upgraded(request.connection()))
                .onFailure(e -> refuse(request, e));
          } else {
            router.handle(request);
          }
        })
        .listen();
    return Future.all(server, websockets.start());
  }

  /**
   * An upgrade refused before it happened is answered in plain text, a request that is no upgrade
   * with 400; one that failed after the handshake has no response left, and its connection is
   * closed rather than left open with nobody reading it.
   */
  private static void refuse(HttpServerRequest request, Throwable failure) {
    if (failure instanceof WebSockets.RefusedUpgrade refused && !request.response().ended()) {
      request.response().setStatusCode(refused.refusal().status()).end(refused.refusal().reason());
    } else if (!(failure instanceof WebSockets.RefusedUpgrade)) {
      if (request.response().headWritten()) {
        request.connection().close();
      } else {
        request.response().setStatusCode(400).end("not a WebSocket upgrade");
      }
    }
  }

  /** Drain: the sessions finish what they wait for and are closed with 1012 (see {@link WebSockets#drain}). */
  @Override
  public Future<?> stop() {
    return websockets.drain();
  }
}
