package chatnode.cluster;

import chatnode.config.NodeConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import java.util.List;

/**
 * How a node finds the other members, from its settings: the listed {@code cluster-members}
 * (TCP-IP: hosts and VMs, several nodes per host), or, when {@code cluster-kubernetes-service} is
 * set, the pods behind that Kubernetes Service, asked of the Kubernetes API by Hazelcast's built-in
 * discovery (the pods come and go with the Deployment; nothing lists them).
 */
final class Discovery {
  /** Hazelcast's Kubernetes discovery properties (its documented names). */
  static final String SERVICE_NAME = "service-name";
  static final String NAMESPACE = "namespace";

  private Discovery() {}

  static void configure(NetworkConfig network, NodeConfig config) {
    network.getInterfaces().setEnabled(true).setInterfaces(List.of(config.clusterHost()));
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    if (config.clusterKubernetesService() != null) {
      // One node per pod, each on the same port.
      network.setPort(config.clusterPort()).setPortAutoIncrement(false);
      join.getTcpIpConfig().setEnabled(false);
      join.getKubernetesConfig().setEnabled(true).setProperty(SERVICE_NAME, config.clusterKubernetesService());
      if (config.clusterKubernetesNamespace() != null) {
        join.getKubernetesConfig().setProperty(NAMESPACE, config.clusterKubernetesNamespace());
      }
      return;
    }
    // Nodes of one host take the next free port from cluster-port on, within the member list's size.
    network.setPort(config.clusterPort()).setPortAutoIncrement(true).setPortCount(Math.max(1, config.clusterMembers().size()));
    join.getKubernetesConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(config.clusterMembers());
  }
}
