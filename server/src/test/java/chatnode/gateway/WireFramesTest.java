package chatnode.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WireFramesTest {
  /** A frame as read off the wire: FIN, opcode, payload. */
  record Frame(boolean fin, int opcode, byte[] payload) {}

  /** Reads server frames as RFC 6455 section 5.2 lays them out: no mask, 7-, 16- or 64-bit lengths. */
  static List<Frame> parse(ByteBuf wire) {
    List<Frame> frames = new ArrayList<>();
    while (wire.isReadable()) {
      int first = wire.readUnsignedByte();
      int second = wire.readUnsignedByte();
      assertEquals(0, second & 0x80, "a server frame is not masked");
      long length = second & 0x7F;
      if (length == 126) {
        length = wire.readUnsignedShort();
      } else if (length == 127) {
        length = wire.readLong();
      }
      byte[] payload = new byte[(int) length];
      wire.readBytes(payload);
      frames.add(new Frame((first & 0x80) != 0, first & 0x0F, payload));
    }
    return frames;
  }

  static List<Frame> encode(String text, int maxFrame) {
    ByteBuf wire = WireFrames.text(UnpooledByteBufAllocator.DEFAULT, text, maxFrame);
    try {
      return parse(wire);
    } finally {
      wire.release();
    }
  }

  @Test
  @DisplayName("a message within the frame limit is one final text frame with each length encoding at its bounds")
  void oneFrame() {
    for (int size : new int[] {0, 1, 125, 126, 65535, 65536, 70000}) {
      String text = "a".repeat(size);
      List<Frame> frames = encode(text, 100_000);
      assertEquals(1, frames.size());
      assertEquals(List.of(true, 1), List.of(frames.get(0).fin(), frames.get(0).opcode()), "size " + size);
      assertEquals(text, new String(frames.get(0).payload(), StandardCharsets.UTF_8));
    }
  }

  @Test
  @DisplayName("text is UTF-8: the length counts bytes, not characters")
  void utf8() {
    String text = "héllo 😀 世界";
    Frame frame = encode(text, 1000).get(0);
    assertEquals(text.getBytes(StandardCharsets.UTF_8).length, frame.payload().length);
    assertEquals(text, new String(frame.payload(), StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("a longer message goes in frames of at most the limit: text first, continuations after, FIN on the last only")
  void fragments() {
    String text = "😀".repeat(10) + "x".repeat(61); // 101 bytes
    List<Frame> frames = encode(text, 40);
    assertEquals(List.of(40, 40, 21), frames.stream().map(f -> f.payload().length).toList());
    assertEquals(List.of(1, 0, 0), frames.stream().map(Frame::opcode).toList());
    assertEquals(List.of(false, false, true), frames.stream().map(Frame::fin).toList());
    ByteBuf joined = UnpooledByteBufAllocator.DEFAULT.heapBuffer();
    frames.forEach(f -> joined.writeBytes(f.payload()));
    assertEquals(text, joined.toString(StandardCharsets.UTF_8), "split inside characters, whole again once joined");
  }
}
