package chatnode.gateway;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;

/**
 * Puts a session's WebSocket messages back together from their frames, counting a fragmented
 * message whole against the size limit (Vert.x's own aggregation only reports that as an
 * exception). Runs on the session's event loop.
 */
final class Reassembly {
  /** A whole message: text (as UTF-8) or binary. */
  record Whole(boolean binary, Buffer data) {}

  /** The answer for a message over the limit, however it was fragmented. */
  static final Whole TOO_BIG = new Whole(false, Buffer.buffer());

  private final int maxBytes;
  private Buffer partial;
  private boolean partialBinary;

  Reassembly(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** The message this frame completes, {@link #TOO_BIG}, or null (a control frame, or more frames to come). */
  Whole accept(WebSocketFrame frame) {
    if (!(frame.isText() || frame.isBinary() || frame.isContinuation())) {
      return null;
    }
    if (!frame.isContinuation()) {
      partial = null;
      partialBinary = frame.isBinary();
    }
    Buffer data = frame.binaryData();
    int size = (partial == null ? 0 : partial.length()) + data.length();
    if (size > maxBytes) {
      partial = null;
      return TOO_BIG;
    }
    if (!frame.isFinal()) {
      partial = partial == null ? Buffer.buffer(size * 2).appendBuffer(data) : partial.appendBuffer(data);
      return null;
    }
    Buffer message = partial == null ? data : partial.appendBuffer(data);
    partial = null;
    return new Whole(partialBinary, message);
  }
}
