package chatnode;

import chatnode.bus.Addresses;
import chatnode.config.NodeConfig;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.List;
import java.util.UUID;

/** Builds the node's Vert.x, with Micrometer metrics: clustered over Hazelcast TCP-IP, or standalone. */
public final class Cluster {
  /** The member attribute in which vertx-hazelcast keeps a member's Vert.x node id. */
  private static final String NODE_ID_ATTRIBUTE = "__vertx.nodeId";

  /** The Vert.x of a node, the id it is known by in the cluster, its cluster manager (null standalone) and its metrics. */
  public record Started(Vertx vertx, String nodeId, HazelcastClusterManager manager, PrometheusMeterRegistry registry) {
    public boolean inCluster() {
      return manager == null || manager.isActive();
    }
  }

  private Cluster() {}

  public static Future<Started> start(NodeConfig config) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // The node counts its own connections, frames and deliveries; from Vert.x come the event bus,
    // pools and JVM, not per-socket byte counters updated on every frame written.
    VertxOptions options = new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
        .setJvmMetricsEnabled(true).setRegistryName("chat-" + UUID.randomUUID())
        .addDisabledMetricsCategory(MetricsDomain.NET_SERVER).addDisabledMetricsCategory(MetricsDomain.NET_CLIENT)
        .addDisabledMetricsCategory(MetricsDomain.HTTP_SERVER).addDisabledMetricsCategory(MetricsDomain.HTTP_CLIENT));
    if (!config.clustered()) {
      Vertx vertx = Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(registry)).build();
      return Future.succeededFuture(new Started(vertx, UUID.randomUUID().toString(), null, registry));
    }
    // cluster.xml (the file named by -Dvertx.hazelcast.config, else the one in the jar) keeps the
    // __vertx.* structures; the network part comes from the node's config.
    Config hazelcast = ConfigUtil.loadConfig();
    hazelcast.setClusterName(config.clusterName());
    NetworkConfig network = hazelcast.getNetworkConfig();
    // Nodes of one host take the next free port from cluster-port on, within the member list's size.
    network.setPort(config.clusterPort()).setPortAutoIncrement(true).setPortCount(Math.max(1, config.clusterMembers().size()));
    network.getInterfaces().setEnabled(true).setInterfaces(List.of(config.clusterHost()));
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(config.clusterMembers());
    NodeDeaths deaths = new NodeDeaths();
    hazelcast.addListenerConfig(new ListenerConfig(deaths));
    HazelcastClusterManager manager = new HazelcastClusterManager(hazelcast);
    options.getEventBusOptions().setHost(config.clusterHost()).setClusterPublicHost(config.clusterHost());
    return Vertx.builder().with(options).withClusterManager(manager).withMetrics(new MicrometerMetricsFactory(registry))
        .buildClustered()
        .onSuccess(vertx -> deaths.vertx = vertx)
        .map(vertx -> new Started(vertx, manager.getNodeId(), manager, registry));
  }

  /**
   * Tells the node's presence verticle when a member leaves or dies. Hazelcast reports a killed
   * member within a second or so; a hung one after its heartbeat timeout.
   */
  private static final class NodeDeaths implements MembershipListener {
    private volatile Vertx vertx;

    @Override
    public void memberAdded(MembershipEvent event) {
      // a new node asks for our sessions itself
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
      String nodeId = event.getMember().getAttribute(NODE_ID_ATTRIBUTE);
      Vertx v = vertx;
      if (v != null && nodeId != null) {
        v.eventBus().publish(Addresses.NODE_LEFT, nodeId, Addresses.local());
      }
    }
  }
}
