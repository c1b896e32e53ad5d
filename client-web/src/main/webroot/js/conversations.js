// The conversations of one login: which one is shown, opening, joining and leaving them, older
// pages, the watch list and the room directory, and the views that show them (header, sidebar).
import { api } from './api.js';
import { $, dot, text } from './dom.js';
import { renderSidebar } from './sidebar.js';
import * as State from './state.js';

const DIRECTORY_EVERY_MS = 15_000;

export class Conversations {
  /**
   * @param state () => the login's state
   * @param send sends a frame; false when it was not sent
   * @param composer the Composer
   * @param messageList the MessageList
   * @param typing the Typing
   * @param profiles the Profiles
   * @param limits the node's (limits.js): the longest watch list and page of history
   */
  constructor({ state, send, composer, messageList, typing, profiles, limits }) {
    this.state = state;
    this.send = send;
    this.composer = composer;
    this.messageList = messageList;
    this.typing = typing;
    this.profiles = profiles;
    this.limits = limits;
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
    renderSidebar(this.state(), {
      displayName: (u) => this.profiles.displayName(u),
      open: (kind, name) => this.open(kind, name),
      join: (name) => this.join(name),
    });
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
    $('leave-room').hidden = c.kind !== 'room';
  }

  /** Shows names and colours as they are now known, wherever they appear. */
  renderProfiles() {
    if (this.state().current) {
      this.messageList.paintAuthors();
      this.renderHeader();
    }
    this.renderSidebar();
  }

  // ---- what the person does

  join(name) {
    const room = this.of('room', name);
    room.joined = true;
    this.sendJoin(room);
    this.open('room', name);
    this.refreshDirectory();
  }

  /** After every (re)connect: each room again from its last seq, each DM conversation from its last seq. */
  resume() {
    const state = this.state();
    for (const room of state.rooms.values()) {
      if (room.joined) this.sendJoin(room);
    }
    for (const dm of state.dms.values()) {
      if (dm.lastSeq > 0) this.send({ type: 'history', with: dm.name, after: dm.lastSeq, limit: this.limits.maxPage, ref: 'resume' });
    }
    state.watched = '';
    this.updateWatch();
  }

  /** Asks for a room's messages after the last one seen, or for its recent ones when none was. */
  sendJoin(room) {
    this.send(room.lastSeq > 0 ? { type: 'join', room: room.name, since: room.lastSeq } : { type: 'join', room: room.name });
  }

  open(kind, name) {
    this.state().current = { kind, name };
    const c = this.current();
    c.unread = 0;
    $('composer').hidden = false;
    this.composer.show(c);
    $('sidebar').classList.remove('open');
    this.renderHeader();
    this.messageList.show(c);
    this.renderSidebar();
    this.typing.render();
    if (kind === 'dm' && c.messages.size === 0) {
      this.send({ type: 'history', with: name, limit: State.PAGE, ref: 'older' });
      this.updateWatch();
    }
    $('composer-text').focus();
  }

  openDm(user) {
    if (user === this.state().me.user) return;
    this.of('dm', user);
    this.profiles.ensure([user]);
    this.open('dm', user);
  }

  leave() {
    const c = this.current();
    this.send({ type: 'leave', room: c.name });
    c.joined = false;
    this.state().current = null;
    $('conversation-title').textContent = 'Pick a room or a conversation';
    this.messageList.clear();
    $('composer').hidden = true;
    $('leave-room').hidden = true;
    this.renderSidebar();
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

  /** Fetches the room directory now and then every while; the timer lives in the login's state. */
  watchDirectory() {
    this.refreshDirectory();
    this.state().directoryTimer = setInterval(() => this.refreshDirectory(), DIRECTORY_EVERY_MS);
  }

  async refreshDirectory() {
    const asked = this.state();
    try {
      const { rooms } = await api.rooms();
      if (asked !== this.state()) return; // a login that has ended
      asked.roomDirectory = rooms;
      this.renderSidebar();
    } catch (e) {
      // shown again on the next refresh
    }
  }
}
