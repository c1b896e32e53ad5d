// The WebSocket session: authenticates, reconnects with backoff and jitter, and tells the app
// when it is (re)connected so that it resumes every room and conversation from its last seq.
import { frameBytes } from './limits.js';
import { retryDelay } from './retry.js';

/**
 * Automatic reconnects after 4008 closes (flooding, or reading too slowly) before the page stops
 * and leaves it to the person: the same page would most likely be closed again. Counted from
 * start(), as a healthy session in between is no proof the cause went away.
 */
export const MAX_POLICY_RETRIES = 3;

export class Connection {
  /**
   * @param onClose every close of the session's socket, with its code, before anything else
   * @param onEnd the session stopped and will not reconnect by itself (4401, 4403, 4001, 4008 too often)
   * @param maxFrameBytes the node's limit on one frame: a longer one would make it close the connection (1009)
   */
  constructor({ token, onFrame, onState, onWelcome, onClose, onEnd, maxFrameBytes }) {
    this.token = token;
    this.maxFrameBytes = maxFrameBytes;
    this.onFrame = onFrame;
    this.onState = onState;
    this.onWelcome = onWelcome;
    this.onClose = onClose;
    this.onEnd = onEnd;
    this.attempt = 0;
    this.policyCloses = 0;
    this.stopped = false;
    this.ws = null;
    this.timer = null;
  }

  start() {
    this.stopped = false;
    this.attempt = 0;
    this.policyCloses = 0;
    this.open();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.ws) {
      this.ws.close(1000, 'bye');
    }
  }

  get online() {
    return this.ws !== null && this.ws.readyState === WebSocket.OPEN && this.authenticated;
  }

  /** Sends a frame; false when offline, or when the frame is over the node's limit (never sent). */
  send(frame) {
    if (!this.online) {
      return false;
    }
    const encoded = JSON.stringify(frame);
    if (frameBytes(encoded) > this.maxFrameBytes) {
      return false;
    }
    this.ws.send(encoded);
    return true;
  }

  open() {
    clearTimeout(this.timer);
    this.authenticated = false;
    this.onState('connecting', 'connecting…');
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const ws = new WebSocket(`${scheme}://${location.host}/ws`);
    this.ws = ws;
    ws.onopen = () => ws.send(JSON.stringify({ type: 'auth', token: this.token }));
    ws.onmessage = (event) => {
      if (ws !== this.ws || this.stopped) {
        return; // a socket this session already left
      }
      const frame = JSON.parse(event.data);
      if (frame.type === 'welcome') {
        this.authenticated = true;
        this.attempt = 0;
        this.onState('online', `online · ${frame.user}`);
        this.onWelcome(frame);
      } else {
        this.onFrame(frame);
      }
    };
    ws.onclose = (event) => this.closed(ws, event.code, event.reason);
  }

  closed(ws, code, reason) {
    if (ws !== this.ws || this.stopped) {
      return;
    }
    this.ws = null;
    this.authenticated = false;
    this.onClose(code);
    // 4401: the token is no good; 4403: banned; 4001: kicked by an admin. None retries by itself.
    if (code === 4401 || code === 4403 || code === 4001) {
      this.end(code === 4001 ? 'removed by a moderator' : 'signed out', code, reason);
      return;
    }
    if (code === 4008 && ++this.policyCloses > MAX_POLICY_RETRIES) {
      this.end('closed by the node', code, reason);
      return;
    }
    // 1012: the node is restarting; any other node (or this one, back) takes us at once.
    const delay = code === 1012 ? 0 : this.backoff();
    const why = code === 4008 ? `closed: too many frames or too slow; retry ${this.policyCloses} of ${MAX_POLICY_RETRIES}` : 'reconnecting';
    this.onState('offline', delay ? `${why} in ${Math.ceil(delay / 1000)} s` : `${why}…`);
    this.timer = setTimeout(() => this.open(), delay);
  }

  end(state, code, reason) {
    this.stopped = true;
    this.onState('offline', state);
    this.onEnd(code, reason);
  }

  backoff() {
    return retryDelay(this.attempt++);
  }
}
