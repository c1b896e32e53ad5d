package chatnode.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  @DisplayName("a full bucket takes a burst at once, then refills at the rate, never past the burst")
  void burstThenRate() {
    RateLimiter limiter = new RateLimiter(20, 40, 0);
    assertEquals(40, IntStream.range(0, 100).filter(i -> limiter.tryAcquire(0)).count(), "the burst");
    assertFalse(limiter.tryAcquire(SECOND / 40), "half a token later: none");
    assertTrue(limiter.tryAcquire(SECOND / 20), "one token a twentieth of a second later");
    assertFalse(limiter.tryAcquire(SECOND / 20));
    long later = 100 * SECOND;
    assertEquals(40, IntStream.range(0, 100).filter(i -> limiter.tryAcquire(later)).count(), "refilled to the burst, not more");
  }
}
