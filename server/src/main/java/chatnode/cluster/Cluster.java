package chatnode.cluster;

import chatnode.accounts.Secrets;
import chatnode.config.NodeConfig;
import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.config.ListenerConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.transport.Transport;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the node's Vert.x, with Micrometer metrics: clustered over Hazelcast TCP-IP, or standalone. */
public final class Cluster {
  private static final Logger log = LoggerFactory.getLogger(Cluster.class);

  /**
   * The Vert.x of a node, the id it is known by in the cluster, its cluster manager and membership
   * (null standalone), its metrics and its token secret (which decides the cluster it belongs to).
   */
  public record Started(Vertx vertx, String nodeId, HazelcastClusterManager manager, Membership membership,
      PrometheusMeterRegistry registry, String tokenSecret) {
    /** A member of its cluster, not cut off from it (always true standalone). */
    public boolean inCluster() {
      return manager == null || manager.isActive() && !membership.cutOff();
    }
  }

  private Cluster() {}

  /** Reads (or makes) the token secret first, with blocking file I/O: call at start-up, off any event loop. */
  public static Future<Started> start(NodeConfig config) {
    String secret;
    try {
      secret = Secrets.tokenSecret(config);
    } catch (IOException e) {
      return Future.failedFuture(e);
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // The node counts its own connections, frames and deliveries; from Vert.x come the event bus,
    // pools and JVM, not per-socket byte counters updated on every frame written.
    VertxOptions options = new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
        .setJvmMetricsEnabled(true).setRegistryName("chat-" + UUID.randomUUID())
        .addDisabledMetricsCategory(MetricsDomain.NET_SERVER).addDisabledMetricsCategory(MetricsDomain.NET_CLIENT)
        .addDisabledMetricsCategory(MetricsDomain.HTTP_SERVER).addDisabledMetricsCategory(MetricsDomain.HTTP_CLIENT));
    if (!config.clustered()) {
      Vertx vertx = Vertx.builder().with(options).withTransport(transport(config)).withMetrics(new MicrometerMetricsFactory(registry)).build();
      return Future.succeededFuture(new Started(vertx, UUID.randomUUID().toString(), null, null, registry, secret));
    }
    ClusterIdentity identity = ClusterIdentity.of(config, secret);
    Membership membership = new Membership(identity.fingerprint());
    HazelcastClusterManager manager = new HazelcastClusterManager(hazelcast(config, identity, membership));
    eventBus(options.getEventBusOptions(), config);
    return Vertx.builder().with(options).withTransport(transport(config)).withClusterManager(manager)
        .withMetrics(new MicrometerMetricsFactory(registry))
        .buildClustered()
        .compose(vertx -> refuseStrangers(vertx, manager, membership, identity))
        .onSuccess(membership::attach)
        .map(vertx -> new Started(vertx, manager.getNodeId(), manager, membership, registry, secret));
  }

  /**
   * cluster.xml (the file named by -Dvertx.hazelcast.config, else the one in the jar) keeps the
   * __vertx.* structures and the timings; the network part comes from the node's config.
   */
  private static Config hazelcast(NodeConfig config, ClusterIdentity identity, Membership membership) {
    Config hazelcast = ConfigUtil.loadConfig();
    hazelcast.setClusterName(identity.clusterName());
    hazelcast.getMemberAttributeConfig().setAttribute(ClusterIdentity.FINGERPRINT_ATTRIBUTE, identity.fingerprint());
    Discovery.configure(hazelcast.getNetworkConfig(), config);
    hazelcast.addListenerConfig(new ListenerConfig(membership));
    return hazelcast;
  }

  /** The event bus between nodes: on cluster-host and cluster-bus-port; mutual TLS when the cluster-tls-* files are set. */
  /** The transport the setting names, or Java NIO where a native one cannot load here (another OS or architecture). */
  private static Transport transport(NodeConfig config) {
    Transport wanted = switch (config.transport()) {
      case "epoll" -> Transport.EPOLL;
      case "io_uring" -> Transport.IO_URING;
      default -> Transport.NIO;
    };
    if (wanted != null && wanted.available()) {
      log.info("transport: {}", wanted.name());
      return wanted;
    }
    log.warn("transport {} is not available here ({}); using Java NIO", config.transport(),
        wanted == null ? "not on the class path" : wanted.unavailabilityCause());
    return Transport.NIO;
  }

  private static void eventBus(EventBusOptions bus, NodeConfig config) {
    bus.setHost(config.clusterHost()).setClusterPublicHost(config.clusterHost()).setPort(config.clusterBusPort());
    if (config.clusterTlsCert() != null) {
      // Both ends show a certificate that chains to cluster-tls-trust: a node without one gets no connection.
      bus.setSsl(true).setClientAuth(ClientAuth.REQUIRED)
          .setKeyCertOptions(new PemKeyCertOptions().setCertPath(config.clusterTlsCert()).setKeyPath(config.clusterTlsKey()))
          .setTrustOptions(new PemTrustOptions().addCertPath(config.clusterTlsTrust()));
    }
  }

  /**
   * A member that runs with another token secret is another deployment that was given our cluster
   * name (or members list): this node leaves again at once, and says why, rather than mixing users.
   */
  private static Future<Vertx> refuseStrangers(Vertx vertx, HazelcastClusterManager manager, Membership membership,
      ClusterIdentity identity) {
    List<Member> strangers = membership.strangers(manager.getHazelcastInstance().getCluster().getMembers());
    if (strangers.isEmpty()) {
      log.info("member of cluster '{}' (secret fingerprint {})", identity.clusterName(), identity.fingerprint());
      return Future.succeededFuture(vertx);
    }
    String problem = "refusing to join cluster '" + identity.clusterName() + "': member(s) "
        + strangers.stream().map(m -> m.getAddress().toString()).toList() + " run with another token secret."
        + " The nodes of one cluster must share their token secret (jwt-secret, or the same <data>/jwt-secret);"
        + " another deployment needs its own cluster-name and cluster-members";
    log.error(problem);
    return vertx.close().transform(closed -> Future.failedFuture(new IllegalStateException(problem)));
  }
}
