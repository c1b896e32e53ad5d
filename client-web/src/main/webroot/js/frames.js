// The frames the node sends on the WebSocket, each into the login's state and onto the page.
import * as Changes from './changes.js';
import { describe } from './notices.js';
import * as State from './state.js';
import { arrived, countFrom } from './unread.js';

export class Frames {
  /**
   * @param state () => the login's state
   * @param send sends a frame; false when it was not sent
   * @param conversations the Conversations (lookups, views, the watch list)
   * @param composer the Composer: acks and refusals of what it sent
   * @param messageList the MessageList
   * @param profiles the Profiles
   * @param typing the Typing
   * @param toast a short notice
   * @param limits the node's (limits.js): the longest page of history
   */
  constructor({ state, send, conversations, composer, messageList, profiles, typing, toast, limits }) {
    Object.assign(this, { state, send, conversations, composer, messageList, profiles, typing, toast, limits });
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
        Changes.joined(room, f.rev);
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
        const gap = State.dmGap(dm, f.seq, this.limits.maxPage);
        if (gap) this.send(gap);
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
      case 'changes':
        this.changes(f);
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
      case 'ack':
        this.composer.acked(f.ref);
        break;
      case 'error':
        this.error(f);
        break;
      default:
        break; // pong
    }
  }

  /** A refusal: of a message (back to its composer), of a join (the room is not the reader's), or told as a notice. */
  error(f) {
    if (this.composer.refused(f) || f.ref === 'read') return; // a read marker of a room not a member of: nothing to show
    const room = State.roomOfJoinRef(this.state(), f.ref);
    if (room !== null) this.conversations.joinRefused(room);
    this.toast(room !== null ? `# ${room}: ${describe(f)}` : describe(f));
  }

  history(f) {
    const c = f.room ? this.conversations.of('room', f.room) : this.conversations.of('dm', f.with);
    c.loadingOlder = false;
    if (f.ref === 'older' && f.messages.length < State.PAGE) c.complete = true;
    this.add(c, f.messages, f.ref !== 'older' && f.ref !== 'around');
    if (f.ref === 'around' && c.jumpTo && this.messageList.reveal(c.jumpTo)) c.jumpTo = null;
    if (f.ref === 'resume' && f.messages.length === this.limits.maxPage) {
      // From the end of this page, not from lastSeq: a live DM may have moved that past the rest.
      this.send({ type: 'history', with: f.with, after: f.messages[f.messages.length - 1].seq, limit: this.limits.maxPage, ref: 'resume' });
    }
  }

  /** A change to a message: onto the page when it is shown there; ignored when the message is not held. */
  change(f) {
    const state = this.state();
    const { kind, name } = Changes.changeTarget(f, state.me.user);
    const c = (kind === 'room' ? state.rooms : state.dms).get(name); // a conversation not held here has nothing to change
    const m = c && Changes.applyChange(c, f, state.me.user);
    if (m) this.messageList.update(m);
  }

  /** A page of a DM conversation's changes (it resumes after a reconnect), and the next one while they fill a page. */
  changes(f) {
    f.changes.forEach((change) => this.change(change));
    const next = Changes.nextChanges(this.conversations.of('dm', f.with), f.changes, this.limits.maxPage);
    if (next) this.send(next);
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
