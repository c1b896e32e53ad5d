package chatnode.client;

import chat.client.ChatApi;
import chat.client.ChatSession;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.util.List;

/** The Java client's README example: a backend that posts into a room over REST and answers DMs over the session. */
final class EchoBackend {
  static ChatSession start(Vertx vertx, URI node, String token) {
    ChatApi api = ChatApi.of(vertx, node).as(token);
    api.publish("news", null, "the backend is up", "startup-" + node.getPort());
    var ws = new WebSocketConnectOptions().setHost(node.getHost()).setPort(node.getPort()).setURI("/ws");
    ChatSession chat = new ChatSession(vertx, new ChatSession.Options(List.of(ws), () -> Future.succeededFuture(token), null, 10_000));
    chat.on("dm", m -> {
      if (!m.getString("from").equals(chat.user())) {
        chat.dm(m.getString("from"), "you said: " + m.getString("text"));
      }
    });
    chat.connect();
    return chat;
  }

  private EchoBackend() {}
}
