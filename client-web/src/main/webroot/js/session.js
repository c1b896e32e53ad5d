// The session of one login: who is logged in, the WebSocket, and the state of that login alone.
// A new login starts from a fresh state, so nothing of the one before can show.
import { api, ApiError, setToken, token } from './api.js';
import { Connection, MAX_POLICY_RETRIES } from './connection.js';
import { $ } from './dom.js';
import { showLogin } from './login.js';
import * as State from './state.js';

export class Session {
  /**
   * @param onFrame a frame of the node
   * @param resume the socket is (re)connected, with its welcome: ask again for what may have been missed
   * @param composer the Composer: what the socket had not confirmed goes back to it
   * @param clear forgets what the page shows of a login (lists, panels) as it ends
   * @param limits the node's (limits.js): the longest frame
   */
  constructor({ onFrame, resume, composer, clear, limits }) {
    Object.assign(this, { onFrame, resume, composer, clear, limits });
    this.state = State.freshState();
  }

  /** Starts the session of the stored token; without a valid one, back to the login form. */
  async start() {
    this.end();
    try {
      this.state.me = await api.me();
    } catch (e) {
      setToken(null);
      showLogin(e instanceof ApiError && e.status === 403 ? 'You are banned.' : '');
      return;
    }
    const state = this.state;
    $('login-view').hidden = true;
    $('app-view').hidden = false;
    $('me-open').textContent = state.me.displayName;
    $('admin-open').hidden = !state.me.roles.includes('admin');
    state.connection = new Connection({
      token: token(),
      onFrame: this.onFrame,
      onState: showState,
      onWelcome: this.resume,
      onClose: (code) => this.dropped(code),
      onEnd: (code, reason) => this.ended(code, reason),
      maxFrameBytes: this.limits.maxFrameBytes,
    });
    state.connection.start();
  }

  /** Stops the session of the user before, and forgets all of it, on the page too. */
  end() {
    const state = this.state;
    if (state.connection) state.connection.stop();
    state.typing.forEach((users) => users.forEach(clearTimeout));
    state.readTimers.forEach(clearTimeout);
    this.state = State.freshState();
    this.clear();
    for (const id of ['room-list', 'dm-list']) $(id).replaceChildren();
    for (const id of ['typing', 'me-open', 'profile-body', 'conversation-topic']) $(id).textContent = '';
    $('conversation-title').textContent = 'Pick a room or a conversation';
    document.title = 'Chat';
    for (const id of ['composer', 'leave-room', 'members-open', 'profile-panel', 'session-notice', 'toast']) $(id).hidden = true;
  }

  /** The person logs out. */
  logOut() {
    this.end();
    setToken(null);
    showLogin();
  }

  send(frame) {
    return this.state.connection && this.state.connection.send(frame);
  }

  /** Why nothing can be sent now. */
  offline() {
    return this.state.connection && this.state.connection.stopped
      ? 'Not connected: press Reconnect above; your message is kept.'
      : 'Not connected: your message is kept; send it again once back online.';
  }

  /** The socket closed: the messages it had not confirmed go back to their composers. */
  dropped(code) {
    this.composer.dropped(code === 1009
      ? 'Not sent: the node refused the message as too large.'
      : 'The connection dropped before the node confirmed this message; check that it is not shown before sending it again.');
  }

  /** The session stopped for good: say why, and offer what can be done. Nothing retries by itself. */
  ended(code, reason) {
    const { kickReason } = this.state;
    if (code === 4001) {
      this.offerReconnect(`You were removed by a moderator: ${kickReason || reason || 'kicked'}.`);
    } else if (code === 4008) {
      this.offerReconnect(`The node closed the connection: this page sent too many frames, or read too slowly. `
        + `It stopped reconnecting after ${MAX_POLICY_RETRIES} attempts.`);
    } else {
      const banned = code === 4403 ? `You are banned${kickReason || reason ? ` (${kickReason || reason})` : ''}.` : '';
      this.end();
      setToken(null);
      showLogin(banned || 'Your session ended; log in again.');
    }
  }

  offerReconnect(message) {
    $('session-notice-text').textContent = message;
    $('session-notice').hidden = false;
    $('session-action').onclick = () => {
      $('session-notice').hidden = true;
      this.state.kickReason = null;
      this.state.connection.start();
    };
  }
}

function showState(kind, label) {
  const el = $('connection');
  el.className = `connection ${kind}`;
  el.textContent = label;
}
