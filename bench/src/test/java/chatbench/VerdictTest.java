package chatbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The verdict on made-up measurements: a saturated step is said to have fallen behind, and why; a held one is held. */
class VerdictTest {
  /** A 15 s step of {@code rate} x {@code members} whose deliveries all took {@code latencyMs}. */
  static FanoutSession.Step step(int rate, int members, double sentPerS, double deliveriesPerS, double latencyMs,
      List<Double> p50MsEachSecond, long missing) {
    Histogram h = new Histogram(3);
    h.recordValueWithCount(Math.round(latencyMs * 1000), Math.max(1, Math.round(deliveriesPerS * 15)));
    return new FanoutSession.Step("node", rate, members, 15, Math.round(sentPerS * 25), sentPerS, Math.round(deliveriesPerS * 15),
        deliveriesPerS, h, new Histogram(3), p50MsEachSecond, new Proc.CpuTime(2.0, 1.0), Map.of(), 0, 0, 0, missing, 0);
  }

  @Test
  @DisplayName("the issue's run: 1000 msg/s x 500 members, 61% delivered, p50 13 s and rising, millions missing: could not keep up")
  void saturated() {
    Verdict v = Verdict.of(step(1000, 500, 1000, 305_000, 13_000, List.of(8_000.0, 10_500.0, 13_000.0, 15_500.0), 3_400_000));
    assertFalse(v.held());
    assertTrue(v.line().startsWith("node: COULD NOT KEEP UP at 1000 msg/s x 500 members ("), v.line());
    assertTrue(v.line().contains("delivered 61% of the messages offered"), v.line());
    assertTrue(v.line().contains("p50 rose from 8.0 s to 15.5 s"), v.line());
    assertTrue(v.line().contains("3,400,000 deliveries still missing"), v.line());
    assertTrue(v.line().contains("p50 13.0 s"), v.line());
    assertTrue(v.line().endsWith("lower --rate or --members"), v.line());
  }

  @Test
  @DisplayName("200 msg/s x 200 members, all delivered at about a millisecond: held, with its latency")
  void held() {
    Verdict v = Verdict.of(step(200, 200, 200, 39_990, 1.27, List.of(1.4, 1.2, 1.3), 0));
    assertTrue(v.held(), v.line());
    assertEquals("node: held 200 msg/s x 200 members (p50 1.27 ms, p99 1.27 ms; nothing missing)", v.line());
  }

  @Test
  @DisplayName("the seconds' edges and a few ms of jitter are not falling behind: 97% delivered, p50 from 1 to 30 ms, held")
  void jitterHeld() {
    assertTrue(Verdict.of(step(200, 200, 196, 38_800, 2, List.of(1.0, 30.0), 0)).held());
  }

  @Test
  @DisplayName("every delivery made but latency rising through the run: a queue growing, could not keep up")
  void latencyGrowing() {
    Verdict v = Verdict.of(step(200, 200, 200, 40_000, 400, List.of(50.0, 300.0, 600.0), 0));
    assertFalse(v.held());
    assertTrue(v.line().contains("p50 rose from 50.00 ms to 600.00 ms"), v.line());
  }

  @Test
  @DisplayName("the load generator sending short of the offered rate is said, since the rate compared is not the one offered")
  void generatorShort() {
    Verdict v = Verdict.of(step(1000, 10, 700, 7_000, 1, List.of(1.0, 1.0), 0));
    assertFalse(v.held());
    assertTrue(v.line().contains("the load generator itself sent only 700 msg/s"), v.line());
  }

  @Test
  @DisplayName("deliveries missing after the drain alone: could not keep up")
  void missingOnly() {
    Verdict v = Verdict.of(step(200, 200, 200, 40_000, 1, List.of(1.0, 1.0), 12));
    assertFalse(v.held());
    assertTrue(v.line().contains("12 deliveries still missing"), v.line());
  }
}
