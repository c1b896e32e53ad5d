// The session of one login: who is logged in, the WebSocket, and the state of that login alone.
// A new login starts from a fresh state, so nothing of the one before can show.
import { api, ApiError, setToken, token } from './api.js';
import { ChatClient, MAX_POLICY_RETRIES } from './chat-client.js';
import { $ } from './dom.js';
import { showLogin } from './login.js';
import * as State from './state.js';

export class Session {
  /**
   * @param onFrame a frame the client library hands over
   * @param onJoinRefused a room the node refused to join ({room, error})
   * @param resume the socket is (re)connected, with its welcome
   * @param clear forgets what the page shows of a login (lists, panels) as it ends
   * @param limits the node's (limits.js): its rate, frame size, page size and heartbeat, for the client library
   */
  constructor({ onFrame, onJoinRefused, resume, clear, limits }) {
    Object.assign(this, { onFrame, onJoinRefused, resume, clear, limits });
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
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const chat = new ChatClient({ url: `${scheme}://${location.host}/ws`, token, limits: this.limits });
    chat.on('frame', (f) => f.type !== 'welcome' && this.onFrame(f));
    chat.on('welcome', this.resume);
    chat.on('joinRefused', this.onJoinRefused);
    chat.on('state', (s) => showState(s, chat.policyCloses));
    chat.on('end', ({ code, reason }) => this.ended(code, reason));
    state.chat = chat;
    chat.connect().catch(() => null); // an end is told by its event
  }

  /** Stops the session of the user before, and forgets all of it, on the page too. */
  end() {
    const state = this.state;
    if (state.chat) state.chat.close();
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
    return Boolean(this.state.chat?.send(frame));
  }

  /** Sends a frame the node answers (a message, an edit): its answer's promise, or null when offline (nothing sent). */
  request(frame) {
    return this.state.chat?.online ? this.state.chat.request(frame) : null;
  }

  /** Why nothing can be sent now. */
  offline() {
    return this.state.chat?.state === 'ended'
      ? 'Not connected: press Reconnect above; your message is kept.'
      : 'Not connected: your message is kept; send it again once back online.';
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
      this.state.chat.connect().catch(() => null);
    };
  }
}

/** The session's state at the top of the page. */
function showState({ state, code, delay, user }, policyCloses) {
  const labels = {
    connecting: 'connecting…',
    online: `online · ${user}`,
    offline: `${code === 4008 ? `closed: too many frames or too slow; retry ${policyCloses} of ${MAX_POLICY_RETRIES}` : 'reconnecting'}${delay ? ` in ${Math.ceil(delay / 1000)} s` : '…'}`,
    ended: code === 4001 ? 'removed by a moderator' : code === 4008 ? 'closed by the node' : 'signed out',
    closed: 'signed out',
  };
  const el = $('connection');
  el.className = `connection ${state === 'ended' || state === 'closed' ? 'offline' : state}`;
  el.textContent = labels[state];
}
