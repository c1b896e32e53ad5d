// The WebSocket session: authenticates, reconnects with backoff and jitter, and tells the app
// when it is (re)connected so that it resumes every room and conversation from its last seq.

const MAX_BACKOFF_MS = 30_000;

export class Connection {
  constructor({ token, onFrame, onState, onWelcome, onEnd }) {
    this.token = token;
    this.onFrame = onFrame;
    this.onState = onState;
    this.onWelcome = onWelcome;
    this.onEnd = onEnd;
    this.attempt = 0;
    this.stopped = false;
    this.ws = null;
    this.timer = null;
  }

  start() {
    this.stopped = false;
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

  send(frame) {
    if (!this.online) {
      return false;
    }
    this.ws.send(JSON.stringify(frame));
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
    // 4401: the token is no good; 4403: banned; 4001: kicked by an admin. None retries by itself.
    if (code === 4401 || code === 4403 || code === 4001) {
      this.stopped = true;
      this.onState('offline', code === 4001 ? 'removed by a moderator' : 'signed out');
      this.onEnd(code, reason);
      return;
    }
    // 1012: the node is restarting; any other node (or this one, back) takes us at once.
    const delay = code === 1012 ? 0 : this.backoff();
    this.onState('offline', delay ? `reconnecting in ${Math.ceil(delay / 1000)} s` : 'reconnecting…');
    this.timer = setTimeout(() => this.open(), delay);
  }

  backoff() {
    const ceiling = Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.attempt);
    this.attempt++;
    return Math.round(ceiling / 2 + Math.random() * ceiling / 2);
  }
}
