// The frames the client library hands over (each message and change once, in order; answers to
// its requests it keeps), each into the login's state and onto the page.
import * as Changes from './changes.js';
import { describe } from './notices.js';
import * as State from './state.js';
import { arrived, countFrom } from './unread.js';

export class Frames {
  /**
   * @param state () => the login's state
   * @param send sends a frame; false when it was not sent
   * @param conversations the Conversations (lookups, views, the watch list)
   * @param messageList the MessageList
   * @param profiles the Profiles
   * @param typing the Typing
   * @param toast a short notice
   */
  constructor({ state, send, conversations, messageList, profiles, typing, toast }) {
    Object.assign(this, { state, send, conversations, messageList, profiles, typing, toast });
  }

  /** One frame of the node. */
  received(f) {
    const conversations = this.conversations;
    const state = this.state();
    switch (f.type) {
      case 'joined': {
        const room = conversations.of('room', f.room);
        room.joined = true;
        // Whoever joins is a member from then on, but an admin or a service looking into a private room.
        room.member ||= !state.me.roles.some((r) => r === 'admin' || r === 'service');
        countFrom(room, f.seq);
        room.members = new Set(f.members);
        conversations.renderSidebar();
        conversations.updateWatch();
        if (conversations.isCurrent(room)) conversations.renderHeader();
        break;
      }
      case 'message':
        this.add(conversations.of('room', f.room), [f], true);
        break;
      case 'dm': {
        const dm = conversations.of('dm', f.from === state.me.user ? f.to : f.from);
        const before = State.firstPage(dm, f.seq);
        if (before) this.send(before);
        this.add(dm, [f], true);
        conversations.updateWatch();
        break;
      }
      case 'history':
        this.history(f);
        break;
      case 'members': { // the room's joins and leaves of a short interval, each user where they are now
        const room = conversations.of('room', f.room);
        f.joined.forEach((u) => room.members.add(u));
        f.left.forEach((u) => room.members.delete(u));
        conversations.updateWatch();
        if (conversations.isCurrent(room)) conversations.renderHeader();
        break;
      }
      case 'presence':
        state.presence.set(f.user, f.status === 'online');
        conversations.renderSidebar();
        conversations.renderHeader();
        break;
      case 'profile': // a watched user edited their profile
        this.profiles.pushed(f.profile);
        break;
      case 'typing':
        this.typing.seen(f.room ? `room:${f.room}` : `dm:${f.from}`, f.from);
        break;
      case 'edited':
      case 'deleted':
      case 'reaction':
        this.change(f);
        break;
      case 'membership':
        conversations.membershipChanged(f);
        break;
      case 'read':
        conversations.readElsewhere(f);
        break;
      case 'notify': // a mention in a room not followed here, told with the sender's display name (fetched if need be)
        this.profiles.ensure([f.from]).finally(() => this.toast(`${this.profiles.displayName(f.from)} mentioned you in # ${f.room}: ${f.text}`));
        break;
      case 'kicked':
        state.kickReason = f.reason;
        this.toast(`You were removed by a moderator: ${f.reason}`);
        break;
      case 'error':
        this.error(f);
        break;
      default:
        break; // pong
    }
  }

  /** A refusal of a frame the page sent, told as a notice (messages come back to their composer, refused joins through joinRefused). */
  error(f) {
    if (f.ref === 'read') return; // a read marker of a room not a member of: nothing to show
    this.toast(describe(f));
  }

  /** The node refused to join a room (a private one, say): it is not the reader's. */
  joinRefused({ room, error }) {
    this.conversations.joinRefused(room);
    this.toast(`# ${room}: ${describe(error)}`);
  }

  history(f) {
    const c = f.room ? this.conversations.of('room', f.room) : this.conversations.of('dm', f.with);
    c.loadingOlder = false;
    if (f.ref === 'older' && f.messages.length < State.PAGE) c.complete = true;
    this.add(c, f.messages, false);
    if (f.ref === 'around' && c.jumpTo && this.messageList.reveal(c.jumpTo)) c.jumpTo = null;
  }

  /** A change to a message: onto the page when it is shown there; ignored when the message is not held. */
  change(f) {
    const state = this.state();
    const { kind, name } = Changes.changeTarget(f, state.me.user);
    const c = (kind === 'room' ? state.rooms : state.dms).get(name); // a conversation not held here has nothing to change
    const m = c && Changes.applyChange(c, f, state.me.user);
    if (m) this.messageList.update(m);
  }

  /** Messages into their conversation and onto the page; live ones are counted unread, until the reader sees them. */
  add(c, messages, live) {
    const added = State.addMessages(c, messages);
    if (live) added.forEach((m) => arrived(c, m, this.state().me.user));
    this.profiles.ensure(added.map((m) => m.from));
    this.messageList.add(c, added, live);
    this.conversations.markShown(c);
    this.conversations.renderSidebar();
  }
}
