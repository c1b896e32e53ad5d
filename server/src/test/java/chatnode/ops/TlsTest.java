package chatnode.ops;

import static chatnode.testing.TestClient.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;

import chatnode.testing.Await;
import chatnode.testing.TestCluster;
import chatnode.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** wss:// at the node, and through nginx (cluster-config/nginx.conf) in front of two nodes. */
@ExtendWith(VertxExtension.class)
class TlsTest {
  static final Path NGINX = Path.of("/usr/sbin/nginx");

  /** A self-signed certificate for 127.0.0.1 and localhost, made with openssl. */
  static Path[] selfSigned(Path dir) throws Exception {
    Path key = dir.resolve("key.pem");
    Path cert = dir.resolve("cert.pem");
    Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
        "-keyout", key.toString(), "-out", cert.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), out);
    return new Path[] {cert, key};
  }

  /** A wss session trusting only the given certificate: auth, join, say, and the message comes back. */
  /** A WebSocket session over TLS, trusting {@code cert}: frames arrive in a queue read in order. */
  static final class WssSession implements AutoCloseable {
    private final WebSocketClient client;
    private final WebSocket ws;
    private final LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    final JsonObject welcome;

    WssSession(Vertx vertx, int port, Path cert, String token) {
      client = vertx.createWebSocketClient(new WebSocketClientOptions().setSsl(true)
          .setTrustOptions(new io.vertx.core.net.PemTrustOptions().addCertPath(cert.toString())));
      ws = Await.result(client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws")));
      ws.textMessageHandler(t -> frames.add(new JsonObject(t)));
      send(frame("auth").put("token", token));
      welcome = await(f -> "welcome".equals(f.getString("type")));
    }

    void send(JsonObject frame) {
      Await.result(ws.writeTextMessage(frame.encode()));
    }

    JsonObject await(java.util.function.Predicate<JsonObject> match) {
      try {
        for (JsonObject f = frames.poll(10, TimeUnit.SECONDS); f != null; f = frames.poll(10, TimeUnit.SECONDS)) {
          if (match.test(f)) {
            return f;
          }
        }
        throw new AssertionError("no matching frame within 10 s");
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }

    /** Joins {@code room} and waits until joined. */
    void join(String room) {
      send(frame("join").put("room", room));
      await(f -> "joined".equals(f.getString("type")));
    }

    /** The sender of the first message with {@code text} in {@code room} that reaches this session. */
    String heard(String text) {
      return await(f -> "message".equals(f.getString("type")) && text.equals(f.getString("text"))).getString("from");
    }

    @Override
    public void close() {
      ws.close();
      client.close();
    }
  }

  @Test
  @DisplayName("the node serves wss:// with the configured PEM certificate and key")
  void wssAtTheNode(Vertx vertx, @TempDir Path dir) throws Exception {
    Path[] pem = selfSigned(dir);
    try (TestNode node = TestNode.start(dir.resolve("data"), "--tls-cert", pem[0].toString(), "--tls-key", pem[1].toString())) {
      try (WssSession session = new WssSession(vertx, node.port(), pem[0], node.token("tls_user"))) {
        session.join("secure");
        session.send(frame("say").put("room", "secure").put("text", "over tls"));
        assertEquals("tls_user", session.heard("over tls"));
      }
    }
  }

  @Test
  @DisplayName("nginx terminates TLS in front of two nodes; clients on both chat over wss")
  void wssThroughNginx(Vertx vertx, @TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(NGINX), "nginx is not installed (apt-get install nginx); .ci/run installs it");
    Path[] pem = selfSigned(dir);
    try (TestCluster cluster = TestCluster.start(2, dir.resolve("data"), "nginx", "--forwarded-for", "true")) {
      int port = TestNode.freePort();
      String conf = Files.readString(Path.of("../cluster-config/nginx.conf"))
          .replace("127.0.0.1:8443", "127.0.0.1:" + port)
          .replace("127.0.0.1:8080", "127.0.0.1:" + cluster.node(0).port())
          .replace("127.0.0.1:8081", "127.0.0.1:" + cluster.node(1).port())
          .replace("/etc/chat/tls/cert.pem", pem[0].toString())
          .replace("/etc/chat/tls/key.pem", pem[1].toString())
          .replace("/run/chat-nginx.pid", dir.resolve("nginx.pid").toString())
          .replace("worker_connections 65536", "worker_connections 1024");
      Path confFile = Files.writeString(dir.resolve("nginx.conf"), conf);
      Files.createDirectories(dir.resolve("logs"));
      Process nginx = new ProcessBuilder(NGINX.toString(), "-p", dir.toString(), "-c", confFile.toString(), "-g", "daemon off;")
          .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
      try {
        awaitPort(port, nginx, dir);
        // nginx balances each of its workers on its own: connect until one session is on each node.
        List<WssSession> sessions = new ArrayList<>();
        try {
          for (int i = 0; i < 8 && sessions.stream().map(x -> x.welcome.getString("node")).distinct().count() < 2; i++) {
            sessions.add(new WssSession(vertx, port, pem[0], cluster.token("via_nginx_" + i)));
          }
          WssSession a = sessions.get(0);
          WssSession b = sessions.stream().filter(x -> !x.welcome.getString("node").equals(a.welcome.getString("node")))
              .findFirst().orElseThrow(() -> new AssertionError("nginx sent 8 sessions to one node"));
          a.join("edge");
          b.join("edge");
          a.send(frame("say").put("room", "edge").put("text", "first"));
          assertEquals(a.welcome.getString("user"), b.heard("first"), "from one node to the other, through nginx");
          b.send(frame("say").put("room", "edge").put("text", "second"));
          assertEquals(b.welcome.getString("user"), a.heard("second"), "and back");
        } finally {
          sessions.forEach(WssSession::close);
        }
      } finally {
        nginx.destroy();
        nginx.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static void awaitPort(int port, Process nginx, Path dir) throws Exception {
    for (int i = 0; i < 100; i++) {
      if (!nginx.isAlive()) {
        throw new AssertionError("nginx exited: " + Files.readString(dir.resolve("nginx.out")));
      }
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
        return;
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("nginx did not listen on " + port);
  }
}
