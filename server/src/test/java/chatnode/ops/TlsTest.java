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
  static String chatOverWss(Vertx vertx, int port, Path cert, String token, String room, String text) {
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setSsl(true)
        .setTrustOptions(new io.vertx.core.net.PemTrustOptions().addCertPath(cert.toString())));
    LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    WebSocket ws = Await.result(client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws")));
    ws.textMessageHandler(t -> frames.add(new JsonObject(t)));
    try {
      Await.result(ws.writeTextMessage(frame("auth").put("token", token).encode()));
      Await.result(ws.writeTextMessage(frame("join").put("room", room).encode()));
      Await.result(ws.writeTextMessage(frame("say").put("room", room).put("text", text).encode()));
      for (JsonObject f = frames.poll(10, TimeUnit.SECONDS); f != null; f = frames.poll(10, TimeUnit.SECONDS)) {
        if ("message".equals(f.getString("type")) && text.equals(f.getString("text"))) {
          return f.getString("from");
        }
      }
      return null;
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    } finally {
      ws.close();
      client.close();
    }
  }

  @Test
  @DisplayName("the node serves wss:// with the configured PEM certificate and key")
  void wssAtTheNode(Vertx vertx, @TempDir Path dir) throws Exception {
    Path[] pem = selfSigned(dir);
    try (TestNode node = TestNode.start(dir.resolve("data"), "--tls-cert", pem[0].toString(), "--tls-key", pem[1].toString())) {
      assertEquals("tls_user", chatOverWss(vertx, node.port(), pem[0], node.token("tls_user"), "secure", "over tls"));
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
        // Round robin puts these two on different nodes; they share one room.
        assertEquals("via_nginx_a", chatOverWss(vertx, port, pem[0], cluster.token("via_nginx_a"), "edge", "first"));
        assertEquals("via_nginx_b", chatOverWss(vertx, port, pem[0], cluster.token("via_nginx_b"), "edge", "second"));
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
