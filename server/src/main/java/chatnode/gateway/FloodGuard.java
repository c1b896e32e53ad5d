package chatnode.gateway;

/**
 * The rate limit of one session's frames, and what to do with a client that keeps going past it:
 * each frame over the limit is refused; more than {@code maxRefusals} refusals within ten seconds
 * close the session (the refusal that crosses the line is answered too, as the contract says).
 */
final class FloodGuard {
  private static final long WINDOW_NANOS = 10_000_000_000L;

  enum Verdict { PASS, REFUSE, REFUSE_AND_CLOSE }

  private final RateLimiter limiter;
  private final int maxRefusals;
  private long windowStart;
  private int refusals;
  private boolean started;

  FloodGuard(RateLimiter limiter, int maxRefusals) {
    this.limiter = limiter;
    this.maxRefusals = maxRefusals;
  }

  /** The verdict on a frame arriving at {@code now} (System.nanoTime). */
  Verdict check(long now) {
    if (limiter.tryAcquire(now)) {
      return Verdict.PASS;
    }
    if (!started || now - windowStart > WINDOW_NANOS) {
      started = true;
      windowStart = now;
      refusals = 0;
    }
    return ++refusals > maxRefusals ? Verdict.REFUSE_AND_CLOSE : Verdict.REFUSE;
  }
}
