// The conversations of one login: which one is shown, opening, joining and leaving them, older
// pages, the watch list, read markers, the login's rooms as the node lists and changes them, and
// the views that show them (header, sidebar, the tab's title).
import { api } from './api.js';
import { $, dot, text } from './dom.js';
import * as Membership from './membership.js';
import { renderSidebar } from './sidebar.js';
import * as State from './state.js';
import * as Unread from './unread.js';

/** The longest a read marker waits on the page before it is sent to the node. */
const READ_EVERY_MS = 1_000;

export class Conversations {
  /**
   * @param state () => the login's state
   * @param send sends a frame; false when it was not sent
   * @param chat () => the login's ChatClient: it joins rooms and keeps them joined
   * @param composer the Composer
   * @param messageList the MessageList
   * @param typing the Typing
   * @param profiles the Profiles
   * @param members the Members panel: told when a room's membership changes
   * @param toast a short notice
   * @param limits the node's (limits.js): the longest watch list and page of history, a session's rooms
   */
  constructor({ state, send, chat, composer, messageList, typing, profiles, members, toast, limits }) {
    Object.assign(this, { state, send, chat, composer, messageList, typing, profiles, members, toast, limits });
  }

  /** The conversation of this kind and name, made when not known yet. */
  of(kind, name) {
    return State.conversationOf(this.state(), kind, name);
  }

  /** The conversation shown, or null. */
  current() {
    const { current } = this.state();
    return current ? this.of(current.kind, current.name) : null;
  }

  isCurrent(c) {
    return State.isCurrent(this.state(), c);
  }

  // ---- views

  renderSidebar() {
    const state = this.state();
    renderSidebar(state, {
      displayName: (u) => this.profiles.displayName(u),
      open: (kind, name) => this.open(kind, name),
      join: (name) => this.join(name),
    });
    document.title = Unread.title(state);
  }

  renderHeader() {
    const c = this.current();
    if (!c) return;
    const title = $('conversation-title');
    if (c.kind === 'room') {
      title.textContent = `# ${c.name} · ${c.members.size} here`;
    } else {
      title.replaceChildren(dot(this.state().presence.get(c.name)), text('span', ` ${this.profiles.displayName(c.name)}`));
    }
    $('conversation-topic').textContent = c.kind === 'room' ? c.topic : '';
    $('leave-room').hidden = c.kind !== 'room';
    $('members-open').hidden = c.kind !== 'room';
  }

  /** Shows names and colours as they are now known, wherever they appear. */
  renderProfiles() {
    if (this.state().current) {
      this.messageList.paintAuthors();
      this.renderHeader();
    }
    this.renderSidebar();
  }

  /** Nothing is shown any more (the room was left, or is no longer the reader's). */
  showNothing() {
    this.state().current = null;
    $('conversation-title').textContent = 'Pick a room or a conversation';
    $('conversation-topic').textContent = '';
    this.messageList.clear();
    for (const id of ['composer', 'leave-room', 'members-open']) $(id).hidden = true;
  }

  // ---- what the person does

  join(name) {
    const room = this.of('room', name);
    room.joined = true;
    room.left = false;
    this.sendJoin(room);
    this.open('room', name);
  }

  /**
   * After every (re)connect, from its welcome: the rooms it lists as the reader's are joined (the
   * client library has joined again those it had, and read again each DM conversation).
   */
  resume(welcome) {
    const state = this.state();
    const shown = this.current();
    Membership.applyWelcome(state, welcome);
    if (shown && !state.current) this.showNothing(); // removed while the page was away
    for (const room of Membership.roomsToJoin(state, this.limits.maxRoomsPerSession)) {
      room.joined = true;
      this.sendJoin(room);
    }
    this.profiles.ensure([...state.dms.keys()]);
    state.watched = '';
    this.updateWatch();
    const c = this.current();
    if (c) this.markShown(c);
    // Markers read here that the node does not have (their frames went down with the connection).
    for (const map of [state.rooms, state.dms]) map.forEach((other) => this.sendReadSoon(other));
    this.renderSidebar();
  }

  /** Joins a room, with member changes batched; a refusal comes back as joinRefused. */
  sendJoin(room) {
    this.chat().join(room.name, { members: 'batched', since: room.lastSeq > 0 ? room.lastSeq : undefined }).catch(() => null);
  }

  /** The node refused to join a room (a private one, say): it is not the reader's, and not shown. */
  joinRefused(name) {
    const state = this.state();
    const room = state.rooms.get(name);
    if (!room) return;
    room.joined = false;
    if (!room.member) {
      const shown = this.isCurrent(room);
      Membership.forget(state, name);
      if (shown) this.showNothing();
    }
    this.renderSidebar();
  }

  open(kind, name) {
    this.composer.cancelEdit(); // an edit belongs to the conversation it was begun in
    this.state().current = { kind, name };
    const c = this.current();
    $('composer').hidden = false;
    this.composer.show(c);
    $('sidebar').classList.remove('open');
    this.renderHeader();
    this.messageList.show(c);
    this.markShown(c);
    this.renderSidebar();
    this.typing.render();
    if (kind === 'dm' && c.messages.size === 0) {
      this.send({ type: 'history', with: name, limit: State.PAGE, ref: 'older' });
      this.updateWatch();
    }
    $('composer-text').focus();
  }

  /** Opens a conversation at message `seq` (a search hit): the room joined first if need be, the page around it read if not held. */
  openAt(kind, name, seq) {
    const c = this.of(kind, name);
    if (kind === 'dm') this.openDm(name); else if (c.joined) this.open(kind, name); else this.join(name);
    if (!this.messageList.reveal(seq)) {
      c.jumpTo = seq;
      this.send({ type: 'history', [kind === 'room' ? 'room' : 'with']: name, around: seq, limit: State.PAGE, ref: 'around' });
    }
  }

  openDm(user) {
    if (user === this.state().me.user) return;
    this.of('dm', user);
    this.profiles.ensure([user]);
    this.open('dm', user);
  }

  /** Stops following the room shown on this page; the membership stays (see part). */
  leave() {
    const c = this.current();
    this.chat().leave(c.name);
    c.joined = false;
    c.left = true;
    this.showNothing();
    this.renderSidebar();
  }

  /** Ends the reader's membership of a room; the node's membership frame takes it off the page. */
  part(room) {
    this.chat().part(room);
  }

  /** The reader scrolled to the top of the conversation shown: its page before, once at a time. */
  loadOlder() {
    const c = this.current();
    const frame = c && State.olderPage(c);
    if (frame) {
      c.loadingOlder = true;
      this.send(frame);
    }
  }

  /** Tells the node whose presence and profiles to push, when that changed. */
  updateWatch() {
    const state = this.state();
    const list = State.watchList(state, this.limits.maxWatch);
    const key = list.join(',');
    if (key !== state.watched && this.send({ type: 'watch', users: list })) state.watched = key;
  }

  // ---- read markers

  /**
   * The conversation is before the reader's eyes: read up to its newest message, at once on the
   * page, and on the node within READ_EVERY_MS (a join's backlog comes a message at a time: one
   * `read` for all of it keeps the page under the node's frame rate).
   */
  markShown(c) {
    if (!this.isCurrent(c) || document.hidden) return;
    const seq = Unread.toMark(c);
    if (seq !== null) Unread.readUpTo(c, seq, this.state().me.user);
    this.sendReadSoon(c);
  }

  sendReadSoon(c) {
    const state = this.state();
    const key = State.keyOf(c);
    if (state.readTimers.has(key) || !Unread.readFrame(c)) return;
    state.readTimers.set(key, setTimeout(() => {
      state.readTimers.delete(key);
      const frame = Unread.readFrame(c);
      if (state === this.state() && frame && this.send(frame)) Unread.readSent(c, frame);
    }, READ_EVERY_MS));
  }

  /** A `read` frame: the reader read this far, on this session or another. */
  readElsewhere(f) {
    const state = this.state();
    const c = f.room !== undefined ? state.rooms.get(f.room) : state.dms.get(f.with);
    if (c && Unread.readUpTo(c, f.seq, state.me.user, true)) this.renderSidebar();
  }

  // ---- memberships

  /** A membership frame: the reader's rooms change, and a members panel showing the room follows. */
  membershipChanged(f) {
    const state = this.state();
    const room = state.rooms.get(f.room);
    const shown = Boolean(room) && this.isCurrent(room);
    const { mine, event } = Membership.applyMembership(state, f);
    if (mine && event === 'added') {
      this.admitted(f.room);
    } else if (mine && (event === 'removed' || event === 'parted')) {
      if (shown) this.showNothing();
      this.members.gone(f.room);
      if (event === 'removed') this.toast(`You were removed from # ${f.room}${f.by ? ` by ${f.by}` : ''}.`);
    } else {
      this.members.changed(f.room);
    }
    this.renderSidebar();
  }

  /** The reader was made a member: the room's counts as the node keeps them, then its stream. */
  async admitted(name) {
    const asked = this.state();
    try {
      const entry = (await api.myRooms()).rooms.find((r) => r.room === name);
      if (asked !== this.state()) return; // a login that has ended
      if (entry) Membership.applyRoom(asked, entry);
    } catch (e) {
      // counted from the join instead
    }
    const room = asked.rooms.get(name);
    if (asked !== this.state() || !room || room.joined) return;
    room.joined = true;
    this.sendJoin(room);
    this.renderSidebar();
  }
}
