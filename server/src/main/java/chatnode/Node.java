package chatnode;

import chatnode.accounts.AccountsVerticle;
import chatnode.accounts.Tokens;
import chatnode.bus.Addresses;
import chatnode.bus.Codecs;
import chatnode.chat.ChangeVerticle;
import chatnode.chat.ChatVerticle;
import chatnode.cluster.Cluster;
import chatnode.cluster.Owners;
import chatnode.config.NodeConfig;
import chatnode.delivery.DeliveryVerticle;
import chatnode.gateway.NodeServices;
import chatnode.http.HttpVerticle;
import chatnode.ingress.RabbitInboundVerticle;
import chatnode.ingress.RedisInboundVerticle;
import chatnode.moderation.ModerationVerticle;
import chatnode.ops.Limits;
import chatnode.ops.Metrics;
import chatnode.ops.Readiness;
import chatnode.presence.PresenceVerticle;
import chatnode.rooms.RoomsVerticle;
import chatnode.search.SearchVerticle;
import chatnode.store.Store;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A chat node on a (clustered or standalone) Vert.x: opens the store, then deploys the verticles
 * in dependency order, the gateways last so that no client arrives before the services it needs.
 */
public final class Node {
  private static final Logger log = LoggerFactory.getLogger(Node.class);

  /** The node's version, from the jar's manifest ("dev" when run from classes). */
  public static final String VERSION = java.util.Optional.ofNullable(Node.class.getPackage().getImplementationVersion()).orElse("dev");

  private final Vertx vertx;
  private final Store store;
  private final List<String> deployments;

  private final Readiness readiness;
  private final String nodeId;

  private Node(Vertx vertx, Store store, List<String> deployments, Readiness readiness, String nodeId) {
    this.vertx = vertx;
    this.nodeId = nodeId;
    this.store = store;
    this.deployments = deployments;
    this.readiness = readiness;
  }

  /**
   * Starts the node's verticles; {@code inCluster} tells whether this node is still a member of its
   * cluster (always true standalone).
   */
  public static Future<Node> start(Cluster.Started started, NodeConfig config) {
    Vertx vertx = started.vertx();
    String nodeId = started.nodeId();
    Metrics metrics = new Metrics(started.registry());
    Codecs.register(vertx.eventBus());
    int gateways = config.gatewayInstances() > 0 ? config.gatewayInstances() : Runtime.getRuntime().availableProcessors();
    List<String> deployed = new ArrayList<>();
    return Store.open(vertx, config.effectiveStoreUrl(), config.storeSync(), config.storeLockTimeoutMs()).compose(store -> {
          Tokens tokens = new Tokens(vertx, config, started.tokenSecret());
          Readiness readiness = new Readiness(vertx, store, started::inCluster, metrics);
          Limits limits = new Limits(vertx, config, metrics);
          NodeServices services = new NodeServices(tokens, readiness, limits, metrics, started.registry());
          return vertx.deployVerticle(new AccountsVerticle(store, config)).onSuccess(deployed::add)
              .compose(id -> vertx.deployVerticle(new ChatVerticle(store, config, metrics, nodeId, Owners.of(started)::of))).onSuccess(deployed::add)
              .compose(id -> vertx.deployVerticle(new ChangeVerticle(store, config))).onSuccess(deployed::add)
              .compose(id -> vertx.deployVerticle(new ModerationVerticle(store))).onSuccess(deployed::add)
              .compose(id -> vertx.deployVerticle(new RoomsVerticle(store, config))).onSuccess(deployed::add)
              .compose(id -> vertx.deployVerticle(new SearchVerticle(store))).onSuccess(deployed::add)
              .compose(id -> vertx.deployVerticle(new DeliveryVerticle(store, config))).onSuccess(deployed::add)
              .compose(id -> vertx.deployVerticle(new PresenceVerticle(nodeId, new JsonObject()
                  .put("address", config.host() + ":" + config.port()).put("startedAt", System.currentTimeMillis())
                  .put("version", VERSION), config.maxConnectionsPerUser(), config.drainGraceMs()))).onSuccess(deployed::add)
              .compose(id -> config.redisUrl() == null ? Future.succeededFuture((String) null)
                  : vertx.deployVerticle(new RedisInboundVerticle(config, nodeId, readiness, metrics)).onSuccess(deployed::add))
              .compose(id -> config.rabbitmqUrl() == null ? Future.succeededFuture((String) null)
                  : vertx.deployVerticle(new RabbitInboundVerticle(config, nodeId, readiness, metrics)).onSuccess(deployed::add))
              .compose(id -> vertx.deployVerticle(() -> new HttpVerticle(config, nodeId, services),
                  new DeploymentOptions().setInstances(gateways))).onSuccess(deployed::add)
              .map(id -> new Node(vertx, store, deployed, readiness, nodeId))
              .onFailure(e -> store.close());
        })
        .onSuccess(node -> log.info("node {} serving on http://{}:{}/ with {} gateways", nodeId, config.host(),
            config.port(), gateways));
  }

  /**
   * Graceful drain: {@code /ready} turns 503 and new upgrades are refused; the other nodes hear that
   * this one is leaving (so they do not count it lost); then the verticles stop
   * in reverse order: gateways first (they finish the stores their clients are waiting for, then
   * close every socket with 1012), the chat verticle once its queue is committed; then the store closes.
   */
  public Future<Void> stop() {
    readiness.drain();
    vertx.eventBus().publish(Addresses.NODE_LEAVING, nodeId);
    Future<Void> chain = Future.succeededFuture();
    for (int i = deployments.size() - 1; i >= 0; i--) {
      String id = deployments.get(i);
      chain = chain.compose(v -> vertx.undeploy(id));
    }
    return chain.eventually(() -> vertx.executeBlocking(() -> {
      store.close();
      return null;
    }, false)).mapEmpty();
  }
}
