package chatnode.gateway;

import static chatnode.testing.TestClient.array;
import static chatnode.testing.TestClient.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatnode.testing.NodeExtension;
import chatnode.testing.RawWebSocket;
import chatnode.testing.TestClient;
import chatnode.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sessions whose peer vanished, and connections that never finish their upgrade, do not hold the node's slots. */
@ExtendWith(VertxExtension.class)
class HeartbeatTest {
  @RegisterExtension
  static final NodeExtension shared = new NodeExtension("--heartbeat-interval-ms", "1000", "--heartbeat-timeout-ms", "500",
      "--upgrade-timeout-ms", "500");
  static TestNode node;

  @BeforeAll
  static void start() {
    node = shared.node();
  }

  /** A TCP socket to the node that the test drives byte by byte, as a peer whose network may vanish. */
  private static Socket raw() throws IOException {
    Socket s = new Socket("127.0.0.1", node.port());
    s.setSoTimeout((int) TestClient.WAIT_MS);
    return s;
  }

  /** True once the node has closed the socket: a read ends, and no reply to what was sent arrived. */
  private static boolean closedByNode(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    try {
      byte[] buf = new byte[4096];
      int n;
      while ((n = in.read(buf)) >= 0) {
        if (n > 0 && new String(buf, 0, n, StandardCharsets.ISO_8859_1).startsWith("HTTP/")) {
          return false;
        }
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  /** Opens a WebSocket by hand and authenticates; the server's frames are then left unread and unanswered. */
  private static Socket silentSession(String user) throws IOException {
    RawWebSocket ws = RawWebSocket.open(node.port());
    ws.send(frame("auth").put("token", node.token(user)));
    // The welcome frame: the session is registered, its user online.
    assertEquals("welcome", ws.next().getString("type"));
    return ws.socket();
  }

  @Test
  @DisplayName("a session that stops answering pings is closed and its user goes offline; one that answers stays")
  void silentPeerIsClosed(Vertx vertx) throws IOException {
    try (TestClient watcher = TestClient.login(vertx, node, "hb_watcher");
        TestClient lively = TestClient.login(vertx, node, "hb_lively");
        Socket silent = silentSession("hb_silent")) {
      watcher.send(frame("watch").put("users", array("hb_silent")));
      assertEquals("online", watcher.awaitType("presence").getString("status"));
      assertEquals("offline", watcher.awaitType("presence").getString("status"));
      assertTrue(closedByNode(silent), "the node closed the silent peer's socket");
      lively.send(frame("ping").put("ref", "still"));
      assertEquals("still", lively.awaitType("pong").getString("ref"));
      assertFalse(lively.isClosed(), "a client that answers pings stays connected");
    }
  }

  @Test
  @DisplayName("a session that reads its frames but never answers a ping is closed with 1001 'no answer to ping'")
  void unansweredPingCloses1001() throws IOException {
    try (RawWebSocket ws = RawWebSocket.open(node.port())) {
      ws.send(frame("auth").put("token", node.token("hb_deaf")));
      assertEquals("welcome", ws.next().getString("type"));
      assertEquals(1001, ws.awaitClose());
      assertEquals("no answer to ping", ws.closeReason());
    }
  }

  @Test
  @DisplayName("a TCP connection that sends nothing is closed after upgrade-timeout-ms")
  void silentConnectionIsClosed() throws IOException {
    try (Socket s = raw()) {
      assertTrue(closedByNode(s), "closed by the node");
    }
  }

  @Test
  @DisplayName("a TCP connection that dribbles a request it never completes is closed after upgrade-timeout-ms")
  void dribbledRequestIsClosed() throws IOException {
    try (Socket s = raw()) {
      OutputStream out = s.getOutputStream();
      out.write("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
      boolean closed = false;
      // One byte every 100 ms: the request head stays far below any size limit for the 10 s this may take.
      for (int i = 0; i < 100 && !closed; i++) {
        try {
          out.write('a');
          out.flush();
          Thread.sleep(100);
        } catch (IOException e) {
          closed = true;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      assertTrue(closed || closedByNode(s), "closed by the node while the request was still arriving");
    }
  }
}
