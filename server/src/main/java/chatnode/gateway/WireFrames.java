package chatnode.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;

/**
 * A text message as the WebSocket bytes a server sends (RFC 6455 section 5.2): unmasked, so the
 * same bytes serve every member of a room, encoded once per node and written to each socket. A
 * message longer than {@code maxFrame} bytes goes in several frames of at most that, as Vert.x
 * splits them, so a client configured like the node takes every frame.
 */
final class WireFrames {
  private static final int FIN = 0x80;
  private static final int TEXT = 0x1;
  private static final int CONTINUATION = 0x0;
  private static final int MAX_HEADER = 10;

  private WireFrames() {}

  /** The frames of {@code text}; the caller owns (and releases) the buffer. */
  static ByteBuf text(ByteBufAllocator alloc, String text, int maxFrame) {
    int length = ByteBufUtil.utf8Bytes(text);
    if (length <= maxFrame) {
      ByteBuf out = alloc.buffer(MAX_HEADER + length);
      header(out, FIN | TEXT, length);
      ByteBufUtil.reserveAndWriteUtf8(out, text, length);
      return out;
    }
    ByteBuf payload = alloc.buffer(length);
    try {
      ByteBufUtil.reserveAndWriteUtf8(payload, text, length);
      int frames = (length + maxFrame - 1) / maxFrame;
      ByteBuf out = alloc.buffer(frames * MAX_HEADER + length);
      for (int offset = 0; offset < length; offset += maxFrame) {
        int size = Math.min(maxFrame, length - offset);
        boolean last = offset + size == length;
        header(out, (last ? FIN : 0) | (offset == 0 ? TEXT : CONTINUATION), size);
        out.writeBytes(payload, offset, size);
      }
      return out;
    } finally {
      payload.release();
    }
  }

  private static void header(ByteBuf out, int first, int length) {
    out.writeByte(first);
    if (length < 126) {
      out.writeByte(length);
    } else if (length <= 0xFFFF) {
      out.writeByte(126);
      out.writeShort(length);
    } else {
      out.writeByte(127);
      out.writeLong(length);
    }
  }
}
