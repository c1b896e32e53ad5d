package chatbench;

import chat.client.ChatConnection;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
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
  List<ChatConnection> open(int port, int offset, int count, String secret, Handler<Integer> failure,
      java.util.function.IntFunction<Handler<String>> onText) {
    List<ChatConnection> connections = new ArrayList<>(count);
    for (int start = 0; start < count; start += IN_FLIGHT) {
      List<Future<ChatConnection>> wave = new ArrayList<>();
      for (int i = start; i < Math.min(count, start + IN_FLIGHT); i++) {
        int index = offset + i;
        Future<ChatConnection> opened = secret == null ? ChatConnection.open(client(index), ws(port))
            : ChatConnection.login(client(index), ws(port), Tokens.mint(secret, "b_" + index));
        wave.add(opened.map(c -> c.textHandler(onText.apply(index))).onFailure(e -> failure.handle(index)));
      }
      for (Future<ChatConnection> f : wave) {
        ChatConnection c = await(f.otherwise((ChatConnection) null));
        if (c != null) {
          connections.add(c);
        }
      }
    }
    return connections;
  }

  /** A session up to its welcome: the frame, and the time from writing {@code auth} to reading it. */
  record Login(ChatConnection connection, String welcome, long authToWelcomeNanos) {}

  /** Opens one session of user b_{index} and times its authentication (the upgrade before it is not counted). */
  Future<Login> login(int port, int index, String secret) {
    String token = Tokens.mint(secret, "b_" + index);
    return ChatConnection.open(client(index), ws(port)).compose(c -> {
      long start = System.nanoTime();
      return c.auth(token).map(welcome -> new Login(c, welcome.encode(), System.nanoTime() - start));
    });
  }

  private WebSocketClient client(int index) {
    return clients.get(index % clients.size());
  }

  private static WebSocketConnectOptions ws(int port) {
    return new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws");
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
