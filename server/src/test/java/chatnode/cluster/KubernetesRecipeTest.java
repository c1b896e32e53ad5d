package chatnode.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatnode.config.ConfigLoader;
import chatnode.config.NodeConfig;
import chatnode.config.Settings;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The sample manifests (cluster-config/kubernetes) configure a node the way their comments say. */
class KubernetesRecipeTest {
  static final Path MANIFEST = Path.of("../cluster-config/kubernetes/chat-node.yaml");
  /** An env entry with a literal value: "- name: CHAT_X" then "value: ...". */
  static final Pattern ENV = Pattern.compile("- name: (CHAT_[A-Z_]+)\\s+value(From)?: ?\"?([^\"\\n]*)\"?");

  static Map<String, String> chatEnv(String manifest) {
    Map<String, String> env = new LinkedHashMap<>();
    Matcher m = ENV.matcher(manifest);
    while (m.find()) {
      // What comes from a Secret or the downward API is given a stand-in of its kind.
      env.put(m.group(1), m.group(2) != null ? "" : m.group(3).trim());
    }
    return env;
  }

  @Test
  @DisplayName("every CHAT_ variable of the manifest is a node setting, and together they load into a Kubernetes join")
  void settingsMakeAKubernetesJoin() throws IOException {
    Map<String, String> env = chatEnv(Files.readString(MANIFEST));
    Set<String> known = Settings.ALL.stream().map(Settings.Setting::env).collect(Collectors.toSet());
    env.keySet().forEach(name -> assertTrue(known.contains(name), name + " is not a setting of the node"));
    assertTrue(env.keySet().containsAll(Set.of("CHAT_CLUSTER_HOST", "CHAT_CLUSTER_KUBERNETES_SERVICE",
        "CHAT_CLUSTER_KUBERNETES_NAMESPACE", "CHAT_STORE_URL", "CHAT_JWT_SECRET")), env.keySet().toString());

    // The pod's values, as Kubernetes fills them in.
    env.put("CHAT_CLUSTER_HOST", "10.1.2.3");
    env.put("CHAT_CLUSTER_KUBERNETES_NAMESPACE", "chat");
    env.put("CHAT_STORE_URL", "jdbc:postgresql://postgres.chat.svc:5432/chat?user=chat");
    env.put("CHAT_JWT_SECRET", "a token secret of thirty-two bytes or more");
    env.put("CHAT_ADMIN_PASSWORD", "secret");
    NodeConfig config = ConfigLoader.load(new String[0], env);
    Config hazelcast = new Config();
    Discovery.configure(hazelcast.getNetworkConfig(), config);
    JoinConfig join = hazelcast.getNetworkConfig().getJoin();
    join.verify();
    assertTrue(join.getKubernetesConfig().isEnabled());
    assertEquals("chat-cluster", join.getKubernetesConfig().getProperty("service-name"), "the headless Service of the manifest");
    assertTrue(Files.readString(MANIFEST).contains("name: chat-cluster\nspec:\n  clusterIP: None\n  publishNotReadyAddresses: true"),
        "the members' Service lists pods before they are ready (a node is ready once it is in the cluster)");
  }

  @Test
  @DisplayName("a pod is given as long to drain as the systemd unit gives a node, and is ready on /ready")
  void drainAndReadiness() throws IOException {
    String manifest = Files.readString(MANIFEST);
    Matcher grace = Pattern.compile("terminationGracePeriodSeconds: (\\d+)").matcher(manifest);
    Matcher stop = Pattern.compile("TimeoutStopSec=(\\d+)").matcher(Files.readString(Path.of("../cluster-config/chat-node.service")));
    assertTrue(grace.find() && stop.find());
    assertEquals(stop.group(1), grace.group(1));
    assertTrue(manifest.contains("readinessProbe:\n            httpGet:\n              path: /ready"), "readiness on /ready");
    assertTrue(manifest.contains("kind: PodDisruptionBudget"));
  }
}
