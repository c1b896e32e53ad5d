package chatnode.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import chat.client.ChatConnection;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A protocol client for tests, on the Java client's connection (client-java): frames arrive in a
 * queue that the test thread reads in order, so a test reads like the protocol: connect, auth, join,
 * say, expect. It sends what a test says, malformed frames included, and does nothing by itself.
 */
public final class TestClient implements AutoCloseable {
  public static final long WAIT_MS = 10_000;

  private final WebSocket ws;
  private final LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  /** Frames received but passed over by {@link #await}, in arrival order. */
  private final List<JsonObject> unread = new ArrayList<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private String user;
  /** Set once this client starts the close: the code that comes back is then its own, not the node's. */
  private volatile boolean closing;

  /**
   * Held as long as the socket: Vert.x closes a client that nothing refers to any more (its cleaner
   * runs after a GC), and with it the client's connections, handshakes in flight included.
   */
  private final WebSocketClient client;

  private TestClient(WebSocketClient client, ChatConnection connection) {
    this.client = client;
    this.ws = connection.socket();
    connection.frameHandler(frame -> {
      WireLog.received(frame);
      frames.add(frame);
    }).closeHandler(code -> {
      // 1006 never crosses the wire: it is the name for a connection lost without a close frame.
      if (code != 1006 && !closing) {
        WireLog.closed(code);
      }
      closed.complete(code);
    });
  }

  public static TestClient connect(Vertx vertx, int port) {
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxMessageSize(16 * 1024 * 1024)
        .setMaxFrameSize(16 * 1024 * 1024));
    ChatConnection connection = Await.result(ChatConnection.open(client, options(port)));
    WireLog.http("GET", URI.create("/ws"), 101, new JsonObject());
    return new TestClient(client, connection);
  }

  /** The HTTP status an upgrade gets, with {@code origin} if not null: 101 when it became a WebSocket. */
  public static int upgradeStatus(Vertx vertx, int port, String origin) {
    WebSocketConnectOptions options = options(port);
    if (origin != null) {
      options.addHeader("Origin", origin);
    }
    WebSocketClient client = vertx.createWebSocketClient();
    try {
      int status = Await.result(client.connect(options).map(ws -> {
        ws.close();
        return 101;
      }).recover(e -> Future.succeededFuture(e instanceof UpgradeRejectedException r ? r.getStatus() : -1)));
      if (status == 101) {
        WireLog.http("GET", URI.create("/ws"), 101, new JsonObject());
      } else if (status > 0) {
        WireLog.upgradeRefused(status);
      }
      return status;
    } finally {
      client.close();
    }
  }

  private static WebSocketConnectOptions options(int port) {
    return new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws");
  }

  /** Connects and authenticates (with the node-wide {@code roles}): returns a client past its {@code welcome}. */
  public static TestClient login(Vertx vertx, TestNode node, String user, String... roles) {
    return loggedIn(connect(vertx, node.port()), node.token(user, roles));
  }

  /** Connects to a node of a cluster and authenticates. */
  public static TestClient login(Vertx vertx, TestCluster cluster, int node, String user) {
    return loggedIn(connect(vertx, cluster.node(node).port()), cluster.token(user));
  }

  /** Authenticates; a client whose login failed is closed, not left connected behind the failure. */
  private static TestClient loggedIn(TestClient c, String token) {
    try {
      c.auth(token);
      return c;
    } catch (AssertionError | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  public JsonObject auth(String token) {
    send(new JsonObject().put("type", "auth").put("token", token));
    JsonObject welcome = expect("welcome");
    user = welcome.getString("user");
    return welcome;
  }

  public String user() {
    return user;
  }

  public void send(JsonObject frame) {
    sendText(frame.encode());
  }

  public void sendText(String text) {
    Await.result(ws.writeTextMessage(text));
    WireLog.sent(text);
  }

  /** Sends if the connection is still open; false once the server has closed it. */
  public boolean offer(String text) {
    boolean sent = !ws.isClosed() && ws.writeTextMessage(text).toCompletionStage().toCompletableFuture()
        .handle((v, e) -> e == null).join();
    if (sent) {
      WireLog.sent(text);
    }
    return sent;
  }

  public void sendBinary(Buffer data) {
    Await.result(ws.writeBinaryMessage(data));
  }

  /** One message sent as several WebSocket frames: a text frame and continuations. */
  public void sendFragments(String... parts) {
    for (int i = 0; i < parts.length; i++) {
      boolean last = i == parts.length - 1;
      Await.result(ws.writeFrame(i == 0 ? WebSocketFrame.textFrame(parts[i], last)
          : WebSocketFrame.continuationFrame(Buffer.buffer(parts[i]), last)));
    }
    WireLog.sent(String.join("", parts));
  }

  public JsonObject join(String room) {
    send(new JsonObject().put("type", "join").put("room", room));
    return expect("joined");
  }

  public JsonObject joinSince(String room, long since) {
    send(new JsonObject().put("type", "join").put("room", room).put("since", since));
    return expect("joined");
  }

  public void say(String room, String text, String ref) {
    send(new JsonObject().put("type", "say").put("room", room).put("text", text).put("ref", ref));
  }

  public void dm(String to, String text, String ref) {
    send(new JsonObject().put("type", "dm").put("to", to).put("text", text).put("ref", ref));
  }

  /** Edits message {@code seq} of a room ({@code where} a room name) or of the DM conversation with a user ({@code where} "@user"). */
  public void edit(String where, long seq, String text, String ref) {
    send(target("edit", where).put("seq", seq).put("text", text).put("ref", ref));
  }

  public void delete(String where, long seq, String ref) {
    send(target("delete", where).put("seq", seq).put("ref", ref));
  }

  public void react(String where, long seq, String emoji, boolean on, String ref) {
    send(target("react", where).put("seq", seq).put("emoji", emoji).put("on", on).put("ref", ref));
  }

  /** A frame about a room, or ("@user") about the DM conversation with that user. */
  public static JsonObject target(String type, String where) {
    return where.startsWith("@") ? frame(type).put("with", where.substring(1)) : frame(type).put("room", where);
  }

  /** The answer to the frame sent with {@code ref}: its {@code ack} or its {@code error}. */
  public JsonObject answer(String ref) {
    return await(f -> ref.equals(f.getString("ref")) && ("ack".equals(f.getString("type")) || "error".equals(f.getString("type"))));
  }

  /** The next unread frame, whatever it is. */
  public JsonObject next() {
    if (!unread.isEmpty()) {
      return unread.remove(0);
    }
    JsonObject f = poll(WAIT_MS);
    if (f == null) {
      fail(user + ": no frame within " + WAIT_MS + " ms");
    }
    return f;
  }

  /** The next unread frame if one has arrived, else null at once. */
  public JsonObject poll() {
    return unread.isEmpty() ? frames.poll() : unread.remove(0);
  }

  /** The next unread frame, which must be of {@code type}. */
  public JsonObject expect(String type) {
    JsonObject f = next();
    assertEquals(type, f.getString("type"), () -> user + " expected " + type + ", got " + f.encode());
    return f;
  }

  /**
   * The first unread frame that matches; frames before it stay unread, since the protocol lets
   * some arrive in either order ({@code ack} and the sender's own {@code message}).
   */
  public JsonObject await(Predicate<JsonObject> match) {
    for (int i = 0; i < unread.size(); i++) {
      if (match.test(unread.get(i))) {
        return unread.remove(i);
      }
    }
    long deadline = System.currentTimeMillis() + WAIT_MS;
    while (true) {
      JsonObject f = poll(deadline - System.currentTimeMillis());
      if (f == null) {
        throw new AssertionError(user + ": no matching frame within " + WAIT_MS + " ms; unread: " + unread);
      }
      if (match.test(f)) {
        return f;
      }
      unread.add(f);
    }
  }

  private JsonObject poll(long ms) {
    try {
      return ms <= 0 ? null : frames.poll(ms, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** The first unread frame of {@code type} already received or arriving within a moment, else null. */
  public JsonObject pollType(String type) {
    for (int i = 0; i < unread.size(); i++) {
      if (type.equals(unread.get(i).getString("type"))) {
        return unread.remove(i);
      }
    }
    JsonObject f;
    while ((f = poll(200)) != null) {
      if (type.equals(f.getString("type"))) {
        return f;
      }
      unread.add(f);
    }
    return null;
  }

  /** Every frame of {@code type} received until now (and in a moment more), in order. */
  public List<JsonObject> drain(String type) {
    List<JsonObject> out = new ArrayList<>();
    JsonObject f;
    while ((f = pollType(type)) != null) {
      out.add(f);
    }
    return out;
  }

  public JsonObject awaitType(String type) {
    return await(f -> type.equals(f.getString("type")));
  }

  /** The next unread frame, which must be an error with {@code code}. */
  public JsonObject expectError(String code) {
    JsonObject f = expect("error");
    assertEquals(code, f.getString("code"), () -> "error " + f.encode());
    return f;
  }

  /** The next {@code n} frames of {@code type}, skipping others. */
  public List<JsonObject> collect(String type, int n) {
    List<JsonObject> out = new ArrayList<>();
    while (out.size() < n) {
      out.add(awaitType(type));
    }
    return out;
  }

  /** Asserts nothing is unread and nothing arrives for a while (what the protocol says must not be sent). */
  public void expectSilence(long ms) {
    JsonObject f = unread.isEmpty() ? poll(ms) : unread.get(0);
    if (f != null) {
      fail(user + " expected no frame, got " + f.encode());
    }
  }

  /** Forgets unread frames of a type the test does not look at (presence and member noise). */
  public void discard(String type) {
    unread.removeIf(f -> type.equals(f.getString("type")));
  }

  /** Waits for the server to close the connection and returns the close code. */
  public int awaitClose() {
    try {
      return closed.get(WAIT_MS, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError(user + ": connection not closed within " + WAIT_MS + " ms", e);
    }
  }

  public boolean isClosed() {
    return closed.isDone();
  }

  /** Stops reading from the socket, as a client that does not keep up. */
  public void pause() {
    ws.pause();
  }

  public void resume() {
    ws.resume();
  }

  public static JsonObject frame(String type) {
    return new JsonObject().put("type", type);
  }

  public static List<Long> seqs(List<JsonObject> frames) {
    return frames.stream().map(f -> f.getLong("seq")).toList();
  }

  public static JsonArray array(Object... items) {
    return new JsonArray(List.of(items));
  }

  @Override
  public void close() {
    closing = true;
    if (ws.isClosed()) {
      client.close();
    } else {
      ws.close().onComplete(closed -> client.close());
    }
  }
}
