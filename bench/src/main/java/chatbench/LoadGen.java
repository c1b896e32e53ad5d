package chatbench;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The load generator's connections: Vert.x WebSocket clients bound to the source addresses
 * 127.0.0.2, 127.0.0.3, ... so that more connections fit than one address's port range, opened a
 * bounded number at a time.
 */
final class LoadGen implements AutoCloseable {
  private static final int IN_FLIGHT = 256;

  final Vertx vertx;
  private final List<WebSocketClient> clients = new ArrayList<>();

  LoadGen(int sources) {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(Runtime.getRuntime().availableProcessors()));
    for (int i = 0; i < sources; i++) {
      clients.add(vertx.createWebSocketClient(new WebSocketClientOptions()
          .setLocalAddress("127.0.0." + (2 + i))
          .setMaxConnections(1_000_000)
          .setConnectTimeout(60_000)
          .setMaxMessageSize(1 << 20)));
    }
  }

  /** Opens {@code count} connections (index from {@code offset}); {@code auth} makes each a chat session of user b_{index}. */
  List<WebSocket> open(int port, int offset, int count, String secret, Handler<Integer> failure,
      java.util.function.IntFunction<Handler<String>> onText) {
    List<WebSocket> sockets = new ArrayList<>(count);
    for (int start = 0; start < count; start += IN_FLIGHT) {
      List<Future<WebSocket>> wave = new ArrayList<>();
      for (int i = start; i < Math.min(count, start + IN_FLIGHT); i++) {
        int index = offset + i;
        wave.add(connect(port, index, secret, onText.apply(index)).onFailure(e -> failure.handle(index)));
      }
      for (Future<WebSocket> f : wave) {
        WebSocket ws = await(f.otherwise((WebSocket) null));
        if (ws != null) {
          sockets.add(ws);
        }
      }
    }
    return sockets;
  }

  private Future<WebSocket> connect(int port, int index, String secret, Handler<String> onText) {
    WebSocketClient client = clients.get(index % clients.size());
    return client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws"))
        .compose(ws -> {
          if (secret == null) {
            ws.textMessageHandler(onText);
            return Future.succeededFuture(ws);
          }
          Promise<WebSocket> welcomed = Promise.promise();
          ws.textMessageHandler(text -> {
            if (!welcomed.future().isComplete() && text.startsWith("{\"type\":\"welcome\"")) {
              ws.textMessageHandler(onText);
              welcomed.complete(ws);
            }
          });
          ws.closeHandler(v -> welcomed.tryFail("closed " + ws.closeStatusCode()));
          ws.writeTextMessage("{\"type\":\"auth\",\"token\":\"" + Tokens.mint(secret, "b_" + index) + "\"}");
          return welcomed.future();
        });
  }

  /** A session up to its welcome: the frame, and the time from writing {@code auth} to reading it. */
  record Login(WebSocket ws, String welcome, long authToWelcomeNanos) {}

  /** Opens one session of user b_{index} and times its authentication (the upgrade before it is not counted). */
  Future<Login> login(int port, int index, String secret) {
    WebSocketClient client = clients.get(index % clients.size());
    String auth = "{\"type\":\"auth\",\"token\":\"" + Tokens.mint(secret, "b_" + index) + "\"}";
    return client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws"))
        .compose(ws -> {
          Promise<Login> welcomed = Promise.promise();
          long start = System.nanoTime();
          ws.textMessageHandler(text -> {
            if (text.startsWith("{\"type\":\"welcome\"")) {
              welcomed.tryComplete(new Login(ws, text, System.nanoTime() - start));
            }
          });
          ws.closeHandler(v -> welcomed.tryFail("closed " + ws.closeStatusCode() + " " + ws.closeReason()));
          ws.writeTextMessage(auth);
          return welcomed.future();
        });
  }

  static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    await(vertx.close());
  }
}
