// "Someone is typing": shown for a while after each typing frame, and sent at most every few
// seconds while the person types.
import { $ } from './dom.js';
import { keyOf } from './state.js';

const TYPING_EVERY_MS = 3_000;
const TYPING_SHOWN_MS = 4_000;

export class Typing {
  /**
   * @param state () => the login's state (its typing map and when this page last sent)
   * @param current () => the conversation shown, or null
   * @param displayName user => the name to show
   * @param send sends a frame
   */
  constructor({ state, current, displayName, send }) {
    this.state = state;
    this.current = current;
    this.displayName = displayName;
    this.send = send;
  }

  /** A typing frame of this user in the conversation of this key. */
  seen(key, user) {
    const state = this.state();
    if (user === state.me.user) return;
    if (!state.typing.has(key)) state.typing.set(key, new Map());
    const users = state.typing.get(key);
    clearTimeout(users.get(user));
    users.set(user, setTimeout(() => { users.delete(user); this.render(); }, TYPING_SHOWN_MS));
    this.render();
  }

  render() {
    const c = this.current();
    const users = [...(c && this.state().typing.get(keyOf(c))) || new Map()].map(([u]) => this.displayName(u));
    $('typing').textContent = users.length ? `${users.join(', ')} ${users.length > 1 ? 'are' : 'is'} typing…` : '';
  }

  /** The person typed in the composer. */
  typed() {
    const state = this.state();
    const c = this.current();
    const now = Date.now();
    if (!c || now - state.lastTypingSent < TYPING_EVERY_MS) return;
    state.lastTypingSent = now;
    this.send(c.kind === 'room' ? { type: 'typing', room: c.name } : { type: 'typing', to: c.name });
  }
}
