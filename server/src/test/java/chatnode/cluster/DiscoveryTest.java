package chatnode.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatnode.config.ConfigLoader;
import chatnode.config.NodeConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The settings a node is given produce the Hazelcast join configuration they describe. */
class DiscoveryTest {
  static NetworkConfig network(Map<String, String> env) {
    NodeConfig config = ConfigLoader.load(new String[0], env);
    NetworkConfig network = new Config().getNetworkConfig();
    Discovery.configure(network, config);
    return network;
  }

  @Test
  @DisplayName("by default: the TCP-IP member list, ports counted across it, bound to cluster-host; no Kubernetes, no multicast")
  void memberList() {
    NetworkConfig network = network(Map.of("CHAT_CLUSTER_MEMBERS", "127.0.0.1:5701,127.0.0.1:5702", "CHAT_CLUSTER_HOST", "127.0.0.1"));
    JoinConfig join = network.getJoin();
    assertTrue(join.getTcpIpConfig().isEnabled());
    assertEquals(List.of("127.0.0.1:5701", "127.0.0.1:5702"), join.getTcpIpConfig().getMembers());
    assertFalse(join.getKubernetesConfig().isEnabled());
    assertFalse(join.getMulticastConfig().isEnabled());
    assertFalse(join.getAutoDetectionConfig().isEnabled());
    assertEquals(5701, network.getPort());
    assertEquals(2, network.getPortCount());
    assertTrue(network.isPortAutoIncrement());
    assertEquals(List.of("127.0.0.1"), List.copyOf(network.getInterfaces().getInterfaces()));
  }

  @Test
  @DisplayName("cluster-kubernetes-service: Hazelcast's Kubernetes discovery of that Service in that namespace, instead of the list")
  void kubernetes() {
    NetworkConfig network = network(Map.of("CHAT_CLUSTER_KUBERNETES_SERVICE", "chat-cluster",
        "CHAT_CLUSTER_KUBERNETES_NAMESPACE", "chat", "CHAT_CLUSTER_HOST", "10.1.2.3"));
    JoinConfig join = network.getJoin();
    assertTrue(join.getKubernetesConfig().isEnabled());
    assertEquals("chat-cluster", join.getKubernetesConfig().getProperty("service-name"));
    assertEquals("chat", join.getKubernetesConfig().getProperty("namespace"));
    assertFalse(join.getTcpIpConfig().isEnabled(), "the member list is not used beside it");
    assertFalse(join.getMulticastConfig().isEnabled());
    assertFalse(join.getAutoDetectionConfig().isEnabled());
    assertEquals(5701, network.getPort());
    assertFalse(network.isPortAutoIncrement(), "one node per pod, on the port the Service names");
    assertEquals(List.of("10.1.2.3"), List.copyOf(network.getInterfaces().getInterfaces()), "bound to the pod's IP");
    // The node validates the join configuration the way Hazelcast will when it starts.
    join.verify();
  }

  @Test
  @DisplayName("without a namespace the pod's own is used; a namespace without a service is refused")
  void namespace() {
    assertEquals(null, network(Map.of("CHAT_CLUSTER_KUBERNETES_SERVICE", "chat-cluster")).getJoin().getKubernetesConfig().getProperty("namespace"));
    ConfigLoader.InvalidConfig refused = assertThrows(ConfigLoader.InvalidConfig.class,
        () -> ConfigLoader.load(new String[0], Map.of("CHAT_CLUSTER_KUBERNETES_NAMESPACE", "chat")));
    assertTrue(refused.getMessage().contains("cluster-kubernetes-namespace needs cluster-kubernetes-service"), refused.getMessage());
  }
}
