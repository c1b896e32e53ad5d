package chatnode;

import chatnode.cluster.Cluster;
import chatnode.config.ConfigLoader;
import chatnode.config.NodeConfig;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts one chat node: {@code java -jar chat-node.jar [--port 8080] [--standalone] ...}. */
public final class Main {
  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    NodeConfig config;
    try {
      config = ConfigLoader.load(args, System.getenv());
    } catch (ConfigLoader.InvalidConfig e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    log.info("effective configuration:\n{}", ConfigLoader.describe(config));
    Cluster.start(config)
        .compose(started -> Node.start(started, config)
            .onSuccess(node -> Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(started.vertx(), node)))))
        .onSuccess(node -> System.out.println("Chat node ready: http://" + config.host() + ":" + config.port() + "/"))
        .onFailure(e -> {
          log.error("node failed to start", e);
          System.exit(1);
        });
  }

  /** SIGTERM: clients are closed with 1012 so they move to another node, then the cluster is left. */
  private static void shutdown(Vertx vertx, Node node) {
    try {
      node.stop().eventually(vertx::close).toCompletionStage().toCompletableFuture()
          .get(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("shutdown did not complete cleanly: {}", e.toString());
    }
  }
}
