// The page starts from the node's limits: until GET /api/config answers, nothing can be typed, and
// the page says why it waits and tries again. There are no copies of the limits to fall back on.
import { api, ApiError } from './api.js';
import { $ } from './dom.js';
import { parseLimits } from './limits.js';
import { retryDelay } from './chat-client.js';

/** The node's limits (parseLimits), once it has served them. */
export async function loadLimits() {
  for (let attempt = 0; ; attempt++) {
    try {
      const limits = parseLimits(await api.config());
      $('boot-view').hidden = true;
      return limits;
    } catch (e) {
      const delay = retryDelay(attempt);
      $('boot-status').textContent = `The chat server's limits cannot be loaded (${why(e)}); `
        + `trying again in ${Math.ceil(delay / 1000)} s.`;
      await new Promise((resolve) => { setTimeout(resolve, delay); });
    }
  }
}

function why(e) {
  if (e instanceof ApiError) return `HTTP ${e.status}`;
  if (e instanceof TypeError) return 'the server cannot be reached'; // what fetch throws
  return e.message;
}
