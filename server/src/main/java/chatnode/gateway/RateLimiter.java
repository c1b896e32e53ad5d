package chatnode.gateway;

/** A token bucket: {@code rate} frames a second on average, up to {@code burst} at once. */
final class RateLimiter {
  private final double perNano;
  private final double burst;
  private double tokens;
  private long last;

  RateLimiter(int rate, int burst) {
    this(rate, burst, System.nanoTime());
  }

  RateLimiter(int rate, int burst, long nowNanos) {
    this.perNano = rate / 1e9;
    this.burst = burst;
    this.tokens = burst;
    this.last = nowNanos;
  }

  boolean tryAcquire() {
    return tryAcquire(System.nanoTime());
  }

  /** Takes a token at {@code now} (System.nanoTime); false when there is none. */
  boolean tryAcquire(long now) {
    tokens = Math.min(burst, tokens + (now - last) * perNano);
    last = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
