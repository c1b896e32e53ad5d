package chat.client;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

/**
 * One WebSocket to a node, spoken as docs/protocol.md says: {@code auth} first, then frames as
 * JSON text. It keeps nothing across connections; {@link ChatSession} does, on top of it. Load
 * generators use it bare: text comes to {@link #textHandler} undecoded when they ask for that.
 */
public final class ChatConnection {
  private final WebSocket ws;
  private Handler<String> onText = text -> { };
  private Handler<Integer> onClose = code -> { };
  private Promise<JsonObject> welcomed;
  private JsonObject welcome;

  private ChatConnection(WebSocket ws) {
    this.ws = ws;
    ws.textMessageHandler(text -> {
      if (welcomed != null && !welcomed.future().isComplete()) {
        JsonObject first = new JsonObject(text);
        if ("welcome".equals(first.getString("type"))) {
          welcome = first;
          welcomed.complete(first);
          return;
        }
      }
      onText.handle(text);
    });
    ws.closeHandler(v -> {
      int code = ws.closeStatusCode() == null ? 1006 : ws.closeStatusCode();
      if (welcomed != null) {
        welcomed.tryFail(new ChatException("closed", "closed with " + code + " before the welcome: " + ws.closeReason(),
            new JsonObject().put("code", code).put("reason", ws.closeReason())));
      }
      onClose.handle(code);
    });
  }

  /** Opens {@code /ws} (or the options' URI) through {@code client}; not authenticated yet. */
  public static Future<ChatConnection> open(WebSocketClient client, WebSocketConnectOptions options) {
    return client.connect(options).map(ChatConnection::new);
  }

  /** Opens a connection and authenticates it: completes with the connection once its {@code welcome} came. */
  public static Future<ChatConnection> login(WebSocketClient client, WebSocketConnectOptions options, String token) {
    return open(client, options).compose(c -> c.auth(token).map(c));
  }

  /** Sends {@code auth}; completes with the {@code welcome}, fails when the node closes the connection instead (4401, 4403, …). */
  public Future<JsonObject> auth(String token) {
    welcomed = Promise.promise();
    ws.writeTextMessage(new JsonObject().put("type", "auth").put("token", token).encode()).onFailure(welcomed::tryFail);
    return welcomed.future();
  }

  /** The node's {@code welcome}, once authenticated. */
  public JsonObject welcome() {
    return welcome;
  }

  /** Every text frame from the node after the welcome, as sent. */
  public ChatConnection textHandler(Handler<String> handler) {
    onText = handler;
    return this;
  }

  /** Every frame from the node after the welcome, decoded. */
  public ChatConnection frameHandler(Handler<JsonObject> handler) {
    return textHandler(text -> handler.handle(new JsonObject(text)));
  }

  /** The close code when the connection ends (1006 when it was lost without a close frame). */
  public ChatConnection closeHandler(Handler<Integer> handler) {
    onClose = handler;
    return this;
  }

  public Future<Void> send(JsonObject frame) {
    return ws.writeTextMessage(frame.encode());
  }

  public Future<Void> sendText(String text) {
    return ws.writeTextMessage(text);
  }

  /** The WebSocket itself, for what the protocol's frames do not cover (fragments, pauses, binary). */
  public WebSocket socket() {
    return ws;
  }

  public boolean isClosed() {
    return ws.isClosed();
  }

  public Future<Void> close() {
    return ws.close();
  }
}
