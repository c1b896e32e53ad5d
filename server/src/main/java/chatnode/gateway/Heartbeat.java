package chatnode.gateway;

/**
 * When to ping a silent client and when to give up on it: a session silent for the interval is
 * pinged; one that stays silent for the timeout after the ping is gone. Any frame from the client
 * (pongs included) counts as hearing from it. Times are System.nanoTime.
 */
final class Heartbeat {
  enum Due { NOTHING, PING, GIVE_UP }

  private final long intervalNanos;
  private final long timeoutNanos;
  private long lastHeard;
  private boolean pinged;
  private long pingedAt;

  Heartbeat(long intervalNanos, long timeoutNanos, long now) {
    this.intervalNanos = intervalNanos;
    this.timeoutNanos = timeoutNanos;
    this.lastHeard = now;
  }

  void heard(long now) {
    lastHeard = now;
    pinged = false;
  }

  /** What is due at {@code now}; a {@link Due#PING} counts as sent. */
  Due check(long now) {
    if (pinged) {
      return now - pingedAt >= timeoutNanos ? Due.GIVE_UP : Due.NOTHING;
    }
    if (now - lastHeard >= intervalNanos) {
      pinged = true;
      pingedAt = now;
      return Due.PING;
    }
    return Due.NOTHING;
  }
}
