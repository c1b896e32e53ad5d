package chatnode.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket spoken byte by byte over a TCP socket, for a peer no Vert.x client can play: one
 * that never answers the node's pings, or whose network vanishes. Its traffic is recorded like
 * {@link TestClient}'s.
 */
public final class RawWebSocket implements AutoCloseable {
  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private int lastClose = -1;
  private String closeReason;

  private RawWebSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /** Opens {@code /ws} on the node at {@code port} and completes the upgrade. */
  public static RawWebSocket open(int port) {
    try {
      Socket s = new Socket("127.0.0.1", port);
      s.setSoTimeout((int) TestClient.WAIT_MS);
      RawWebSocket ws = new RawWebSocket(s);
      ws.out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String head = ws.readHead();
      assertTrue(head.startsWith("HTTP/1.1 101"), head);
      WireLog.http("GET", URI.create("/ws"), 101, new JsonObject());
      return ws;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Socket socket() {
    return socket;
  }

  /** A client's text frame: final, masked (with a zero mask, which leaves the payload as it is). */
  public void send(JsonObject frame) throws IOException {
    byte[] payload = frame.encode().getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream f = new ByteArrayOutputStream();
    f.write(0x81);
    if (payload.length < 126) {
      f.write(0x80 | payload.length);
    } else {
      f.write(0x80 | 126);
      f.write(payload.length >> 8);
      f.write(payload.length & 0xff);
    }
    f.writeBytes(new byte[4]);
    f.writeBytes(payload);
    out.write(f.toByteArray());
    out.flush();
    WireLog.sent(frame.encode());
  }

  /** The node's next text frame, passing over its pings without answering them; null once it sent a close. */
  public JsonObject next() throws IOException {
    while (true) {
      int opcode = in.readUnsignedByte() & 0x0f;
      byte[] payload = payload();
      if (opcode == 0x1) {
        JsonObject frame = new JsonObject(new String(payload, StandardCharsets.UTF_8));
        WireLog.received(frame);
        return frame;
      }
      if (opcode == 0x8) {
        lastClose = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1;
        WireLog.closed(lastClose);
        closeReason = payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
        return null;
      }
    }
  }

  /** Reads (and drops) the node's frames until its close frame; returns the close code. */
  public int awaitClose() throws IOException {
    while (next() != null) {
      // frames sent before the close: this peer has stopped caring
    }
    return lastClose;
  }

  public String closeReason() {
    return closeReason;
  }

  private byte[] payload() throws IOException {
    int length = in.readUnsignedByte() & 0x7f; // the node's frames are never masked
    long n = length == 126 ? in.readUnsignedShort() : length == 127 ? in.readLong() : length;
    byte[] payload = new byte[Math.toIntExact(n)];
    in.readFully(payload);
    return payload;
  }

  private String readHead() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
