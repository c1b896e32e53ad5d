package chatnode.testing;

import chatnode.Node;
import chatnode.cluster.Cluster;
import chatnode.config.ConfigLoader;
import chatnode.config.NodeConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real chat node inside the test JVM: its own standalone Vert.x, a real port on 127.0.0.1, a
 * real store (the embedded file under {@code data}, or the URL given). Restartable on the same
 * data, as a process restart would be.
 */
public final class TestNode implements AutoCloseable {
  public static final String ADMIN_PASSWORD = "admin-password-for-tests";

  private final List<String> args;
  private final NodeConfig config;
  private Vertx vertx;
  private Node node;

  private TestNode(List<String> args) {
    this.args = args;
    this.config = ConfigLoader.load(args.toArray(String[]::new), Map.of());
  }

  /** A node on a free port with data in {@code data}; {@code extra} are more {@code --flag value} pairs. */
  public static TestNode start(Path data, String... extra) {
    List<String> args = new ArrayList<>(List.of("--standalone", "--host", "127.0.0.1", "--port",
        Integer.toString(freePort()), "--data", data.toString(), "--admin-password", ADMIN_PASSWORD));
    args.addAll(List.of(extra));
    TestNode n = new TestNode(args);
    n.boot();
    return n;
  }

  private void boot() {
    Cluster.Started started = Await.result(Cluster.start(config));
    vertx = started.vertx();
    node = Await.result(Node.start(started, config));
  }

  /** Stops the node as a shutdown would and starts it again on the same port and data. */
  public void restart() {
    stop();
    boot();
  }

  public void stop() {
    if (vertx != null) {
      Await.result(node.stop());
      Await.result(vertx.close());
      vertx = null;
    }
  }

  @Override
  public void close() {
    stop();
  }

  public int port() {
    return config.port();
  }

  public String url() {
    return "http://127.0.0.1:" + port();
  }

  public NodeConfig config() {
    return config;
  }

  /** A token signed with this node's secret, as another application sharing it would mint. */
  public String token(String user, String... roles) {
    long exp = System.currentTimeMillis() / 1000 + 3600;
    return Jwt.hs256(secret(), new JsonObject().put("sub", user).put("exp", exp).put("roles", new JsonArray(List.of(roles))));
  }

  public String secret() {
    try {
      return Files.readString(config.dataDir().resolve("jwt-secret")).trim();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
