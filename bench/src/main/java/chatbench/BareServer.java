package chatbench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The reference: a minimal Vert.x broadcast server, one verticle per core, no auth, no JSON, no
 * store. Every text message a client sends goes, as it is, to every connected client (the sender
 * included): the least work a broadcast can do on Vert.x. Our node's fan-out is measured against it.
 */
public final class BareServer extends VerticleBase {
  private static final String FANOUT = "bare.fanout";
  private final Set<ServerWebSocket> sockets = new LinkedHashSet<>();
  private final int port;

  BareServer(int port) {
    this.port = port;
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    Vertx vertx = Vertx.vertx();
    vertx.deployVerticle(() -> new BareServer(port), new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors()))
        .onSuccess(id -> System.out.println("bare server on 127.0.0.1:" + port))
        .onFailure(e -> {
          e.printStackTrace();
          System.exit(1);
        });
  }

  @Override
  public Future<?> start() {
    // Each verticle writes to its own sockets; one local publish per message reaches all verticles.
    vertx.eventBus().<String>localConsumer(FANOUT, m -> {
      for (ServerWebSocket ws : sockets) {
        if (!ws.writeQueueFull()) {
          ws.writeTextMessage(m.body());
        }
      }
    });
    return vertx.createHttpServer()
        .webSocketHandler(ws -> {
          sockets.add(ws);
          ws.closeHandler(v -> sockets.remove(ws));
          ws.textMessageHandler(text -> vertx.eventBus().publish(FANOUT, text));
        })
        .requestHandler(req -> req.response().end("ok"))
        .listen(port, "127.0.0.1");
  }
}
