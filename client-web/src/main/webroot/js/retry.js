// When to try again after a failure: the WebSocket session, and the page waiting for the node's limits.

const MAX_BACKOFF_MS = 30_000;

/**
 * The wait before retry number `attempt` (from 0): doubling from half a second up to 30 s, with
 * jitter in its upper half so that pages dropped together do not come back together.
 */
export function retryDelay(attempt, random = Math.random) {
  const ceiling = Math.min(MAX_BACKOFF_MS, 500 * 2 ** attempt);
  return Math.round(ceiling / 2 + random() * ceiling / 2);
}
