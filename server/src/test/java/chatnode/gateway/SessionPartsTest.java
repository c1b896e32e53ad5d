package chatnode.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The pure parts of a WebSocket session: reassembly, flood control and the heartbeat. */
class SessionPartsTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  @DisplayName("fragments make one message; a fragmented message counts whole against the limit; control frames are not messages")
  void reassembly() {
    Reassembly in = new Reassembly(10);
    assertNull(in.accept(WebSocketFrame.textFrame("hel", false)));
    assertNull(in.accept(WebSocketFrame.continuationFrame(Buffer.buffer("lo "), false)));
    Reassembly.Whole whole = in.accept(WebSocketFrame.continuationFrame(Buffer.buffer("you"), true));
    assertEquals("hello you", whole.data().toString());
    assertFalse(whole.binary());
    assertTrue(in.accept(WebSocketFrame.binaryFrame(Buffer.buffer("ab"), true)).binary());
    assertNull(in.accept(WebSocketFrame.pingFrame(Buffer.buffer("p"))));

    assertNull(in.accept(WebSocketFrame.textFrame("123456", false)));
    assertSame(Reassembly.TOO_BIG, in.accept(WebSocketFrame.continuationFrame(Buffer.buffer("78901"), true)), "6 + 5 > 10");
    assertEquals("ok", in.accept(WebSocketFrame.textFrame("ok", true)).data().toString(), "and the next message starts afresh");
  }

  @Test
  @DisplayName("frames over the rate are refused; past the allowed refusals within ten seconds the session is closed; the count starts over after")
  void flood() {
    FloodGuard guard = new FloodGuard(new RateLimiter(1, 2, 0), 3);
    assertEquals(2, IntStream.range(0, 2).filter(i -> guard.check(0) == FloodGuard.Verdict.PASS).count(), "the burst");
    assertEquals(FloodGuard.Verdict.REFUSE, guard.check(1));
    assertEquals(FloodGuard.Verdict.REFUSE, guard.check(2));
    assertEquals(FloodGuard.Verdict.REFUSE, guard.check(3));
    assertEquals(FloodGuard.Verdict.REFUSE_AND_CLOSE, guard.check(4), "the fourth refusal crosses three");

    FloodGuard patient = new FloodGuard(new RateLimiter(1, 1, 0), 1);
    assertEquals(FloodGuard.Verdict.PASS, patient.check(0));
    assertEquals(FloodGuard.Verdict.REFUSE, patient.check(1));
    assertEquals(FloodGuard.Verdict.PASS, patient.check(12 * SECOND), "a token later");
    assertEquals(FloodGuard.Verdict.REFUSE, patient.check(12 * SECOND + 1), "refused again, but over ten seconds later: counted afresh");
    assertEquals(FloodGuard.Verdict.REFUSE_AND_CLOSE, patient.check(12 * SECOND + 2));
  }

  @Test
  @DisplayName("a silent client is pinged after the interval, given up after the timeout; any frame from it counts as an answer")
  void heartbeat() {
    Heartbeat beat = new Heartbeat(30 * SECOND, 10 * SECOND, 0);
    assertEquals(Heartbeat.Due.NOTHING, beat.check(29 * SECOND));
    assertEquals(Heartbeat.Due.PING, beat.check(30 * SECOND));
    assertEquals(Heartbeat.Due.NOTHING, beat.check(35 * SECOND), "pinged once, not again");
    beat.heard(36 * SECOND);
    assertEquals(Heartbeat.Due.NOTHING, beat.check(60 * SECOND), "heard from it: the interval starts over");
    assertEquals(Heartbeat.Due.PING, beat.check(66 * SECOND));
    assertEquals(Heartbeat.Due.GIVE_UP, beat.check(76 * SECOND));
  }
}
