package chatnode.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * Several node JVMs forming a real Hazelcast cluster over loopback, sharing one store (the
 * embedded file, or the URL given). Each run has its own cluster name and ports, so runs cannot
 * join each other. Nodes start one after another, each once the previous one is ready.
 */
public final class TestCluster implements AutoCloseable {
  private final List<NodeProcess> nodes = new ArrayList<>();
  private final Path data;

  private TestCluster(Path data) {
    this.data = data;
  }

  public static TestCluster start(int size, Path data, String name, String... extra) {
    String cluster = "t-" + UUID.randomUUID().toString().substring(0, 8);
    List<Integer> hazelcastPorts = freePorts(size);
    List<String> flags = new ArrayList<>(List.of("--cluster-name", cluster));
    flags.addAll(List.of(extra));
    return startOn(hazelcastPorts, members(hazelcastPorts), data, name, flags.toArray(String[]::new));
  }

  /**
   * One node on each of {@code hazelcastPorts}, looking for the {@code members} given (which may
   * list other deployments' ports too), with the default cluster name unless {@code extra} sets one.
   */
  public static TestCluster startOn(List<Integer> hazelcastPorts, String members, Path data, String name, String... extra) {
    TestCluster c = new TestCluster(data);
    Path logs = Path.of("target", "cluster-logs");
    for (int i = 0; i < hazelcastPorts.size(); i++) {
      List<String> flags = new ArrayList<>(List.of("--data", data.toString(),
          "--cluster-port", hazelcastPorts.get(i).toString(), "--cluster-members", members,
          "--admin-password", TestNode.ADMIN_PASSWORD));
      flags.addAll(List.of(extra));
      c.nodes.add(NodeProcess.start(TestNode.freePort(), logs.resolve(name + "-node" + i + ".log"), flags));
    }
    return c;
  }

  public static List<Integer> freePorts(int n) {
    return IntStream.range(0, n).map(i -> TestNode.freePort()).boxed().toList();
  }

  /** The cluster-members setting listing {@code ports} on loopback. */
  public static String members(List<Integer> ports) {
    return String.join(",", ports.stream().map(p -> "127.0.0.1:" + p).toList());
  }

  public NodeProcess node(int i) {
    return nodes.get(i);
  }

  /** Starts node {@code i} again on its port, after it was killed or drained. */
  public void restart(int i) {
    nodes.set(i, nodes.get(i).startAgain());
  }

  public int size() {
    return nodes.size();
  }

  /** A token signed with the cluster's shared secret. */
  public String token(String user, String... roles) {
    try {
      String secret = Files.readString(data.resolve("jwt-secret")).trim();
      long exp = System.currentTimeMillis() / 1000 + 3600;
      return Jwt.hs256(secret, new JsonObject().put("sub", user).put("exp", exp).put("roles", new JsonArray(List.of(roles))));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    nodes.forEach(NodeProcess::close);
  }
}
