// The chat UI's wiring: the session of one login, the frames of the node, and the conversations.
// State and its rules are in state.js, the views in message-list.js, sidebar.js and profiles.js.
import { api, ApiError, setToken, token } from './api.js';
import { Connection, MAX_POLICY_RETRIES } from './connection.js';
import { Admin } from './admin.js';
import { loadLimits } from './boot.js';
import { Composer, describe } from './composer.js';
import { $, checkField, dot, text } from './dom.js';
import { initLogin, showLogin } from './login.js';
import { MessageList } from './message-list.js';
import { Profiles } from './profiles.js';
import { renderSidebar } from './sidebar.js';
import * as State from './state.js';
import { Typing } from './typing.js';

/** The node's limits, for every module that keeps to them; nothing can be typed before they are known. */
const limits = await loadLimits();

let state = State.freshState();

const conversation = (kind, name) => State.conversationOf(state, kind, name);
const currentConversation = () => (state.current ? conversation(state.current.kind, state.current.name) : null);
const isCurrent = (c) => State.isCurrent(state, c);

const composer = new Composer({
  send: (frame) => send(frame),
  current: () => currentConversation(),
  conversation,
  offline: () => (state.connection && state.connection.stopped
    ? 'Not connected: press Reconnect above; your message is kept.'
    : 'Not connected: your message is kept; send it again once back online.'),
  limits,
});

const profiles = new Profiles({ state: () => state, changed: renderProfiles, showApiError, toast, openDm, limits });

const messageList = new MessageList({
  viewer: () => ({ user: state.me.user, admin: state.me.roles.includes('admin') }),
  profileOf: (user) => profiles.of(user),
  openProfile: (user) => profiles.open(user),
  deleteMessage: (m) => Admin.deleteMessage(m.room, m.seq).catch(showApiError),
  onNearTop: loadOlder,
});

const typing = new Typing({ state: () => state, current: currentConversation, displayName: (u) => profiles.displayName(u), send });

// ---- the session of one login

async function startApp() {
  endSession();
  try {
    state.me = await api.me();
  } catch (e) {
    setToken(null);
    showLogin(e instanceof ApiError && e.status === 403 ? 'You are banned.' : '');
    return;
  }
  $('login-view').hidden = true;
  $('app-view').hidden = false;
  $('me-open').textContent = state.me.displayName;
  $('admin-open').hidden = !state.me.roles.includes('admin');
  state.connection = new Connection({
    token: token(), onFrame, onState: showState, onWelcome: resume, onClose: dropped, onEnd: ended, maxFrameBytes: limits.maxFrameBytes,
  });
  state.connection.start();
  refreshRoomDirectory();
  state.directoryTimer = setInterval(refreshRoomDirectory, 15_000);
}

/** Stops the session of the user before, and forgets all of it, on the page too. */
function endSession() {
  if (state.connection) state.connection.stop();
  clearInterval(state.directoryTimer);
  state.typing.forEach((users) => users.forEach(clearTimeout));
  state = State.freshState();
  composer.reset();
  Admin.reset();
  messageList.clear();
  for (const id of ['room-list', 'dm-list']) $(id).replaceChildren();
  for (const id of ['typing', 'me-open', 'profile-body']) $(id).textContent = '';
  $('conversation-title').textContent = 'Pick a room or a conversation';
  for (const id of ['composer', 'leave-room', 'profile-panel', 'session-notice', 'toast']) $(id).hidden = true;
}

function showState(kind, label) {
  const el = $('connection');
  el.className = `connection ${kind}`;
  el.textContent = label;
}

/** The socket closed: the messages it had not confirmed go back to their composers. */
function dropped(code) {
  composer.dropped(code === 1009
    ? 'Not sent: the node refused the message as too large.'
    : 'The connection dropped before the node confirmed this message; check that it is not shown before sending it again.');
}

/** The session stopped for good: say why, and offer what can be done. Nothing retries by itself. */
function ended(code, reason) {
  if (code === 4001) {
    offerReconnect(`You were removed by a moderator: ${state.kickReason || reason || 'kicked'}.`);
  } else if (code === 4008) {
    offerReconnect(`The node closed the connection: this page sent too many frames, or read too slowly. `
      + `It stopped reconnecting after ${MAX_POLICY_RETRIES} attempts.`);
  } else {
    const banned = code === 4403 ? `You are banned${state.kickReason || reason ? ` (${state.kickReason || reason})` : ''}.` : '';
    endSession();
    setToken(null);
    showLogin(banned || 'Your session ended; log in again.');
  }
}

function offerReconnect(message) {
  $('session-notice-text').textContent = message;
  $('session-notice').hidden = false;
  $('session-action').onclick = () => {
    $('session-notice').hidden = true;
    state.kickReason = null;
    state.connection.start();
  };
}

/** After every (re)connect: each room again from its last seq, each DM conversation from its last seq. */
function resume() {
  for (const room of state.rooms.values()) {
    if (room.joined) sendJoin(room);
  }
  for (const dm of state.dms.values()) {
    if (dm.lastSeq > 0) send({ type: 'history', with: dm.name, after: dm.lastSeq, limit: limits.maxPage, ref: 'resume' });
  }
  state.watched = '';
  updateWatch();
}

function sendJoin(room) {
  send(room.lastSeq > 0 ? { type: 'join', room: room.name, since: room.lastSeq } : { type: 'join', room: room.name });
}

function send(frame) {
  return state.connection && state.connection.send(frame);
}

// ---- frames

function onFrame(f) {
  switch (f.type) {
    case 'joined': {
      const room = conversation('room', f.room);
      room.joined = true;
      room.members = new Set(f.members);
      sidebar();
      updateWatch();
      if (isCurrent(room)) renderHeader();
      break;
    }
    case 'message':
      addMessages(conversation('room', f.room), [f], true);
      break;
    case 'dm': {
      const dm = conversation('dm', f.from === state.me.user ? f.to : f.from);
      const gap = State.dmGap(dm, f.seq, limits.maxPage);
      if (gap) send(gap);
      addMessages(dm, [f], true);
      updateWatch();
      break;
    }
    case 'history':
      onHistory(f);
      break;
    case 'member': {
      const room = conversation('room', f.room);
      if (f.event === 'join') room.members.add(f.user); else room.members.delete(f.user);
      updateWatch();
      if (isCurrent(room)) renderHeader();
      break;
    }
    case 'presence':
      state.presence.set(f.user, f.status === 'online');
      sidebar();
      if (state.current) renderHeader();
      break;
    case 'profile': // a watched user edited their profile
      profiles.pushed(f.profile);
      break;
    case 'typing':
      typing.seen(f.room ? `room:${f.room}` : `dm:${f.from}`, f.from);
      break;
    case 'deleted': {
      const m = State.markDeleted(conversation('room', f.room), f.seq);
      if (m) messageList.update(m);
      break;
    }
    case 'kicked':
      state.kickReason = f.reason;
      toast(`You were removed by a moderator: ${f.reason}`);
      break;
    case 'ack':
      composer.acked(f.ref);
      break;
    case 'error':
      if (!composer.refused(f)) toast(describe(f));
      break;
    default:
      break; // pong
  }
}

function onHistory(f) {
  const c = f.room ? conversation('room', f.room) : conversation('dm', f.with);
  c.loadingOlder = false;
  if (f.ref === 'older' && f.messages.length < State.PAGE) c.complete = true;
  addMessages(c, f.messages, f.ref !== 'older');
  if (f.ref === 'resume' && f.messages.length === limits.maxPage) {
    // From the end of this page, not from lastSeq: a live DM may have moved that past the rest.
    send({ type: 'history', with: f.with, after: f.messages[f.messages.length - 1].seq, limit: limits.maxPage, ref: 'resume' });
  }
}

function addMessages(c, messages, live) {
  const { added, fresh } = State.addMessages(c, messages, { live, me: state.me.user });
  if (!isCurrent(c) || document.hidden) c.unread += fresh;
  profiles.ensure(added.map((m) => m.from));
  messageList.add(c, added, live);
  sidebar();
}

// ---- views

function sidebar() {
  renderSidebar(state, { displayName: (u) => profiles.displayName(u), open: openConversation, join: joinRoom });
}

function renderHeader() {
  const c = currentConversation();
  if (!c) return;
  const title = $('conversation-title');
  if (c.kind === 'room') {
    title.textContent = `# ${c.name} · ${c.members.size} here`;
  } else {
    title.replaceChildren(dot(state.presence.get(c.name)), text('span', ` ${profiles.displayName(c.name)}`));
  }
  $('leave-room').hidden = c.kind !== 'room';
}

/** Shows names and colours as they are now known, wherever they appear. */
function renderProfiles() {
  if (state.current) {
    messageList.paintAuthors();
    renderHeader();
  }
  sidebar();
}

function toast(message) {
  const el = $('toast');
  el.textContent = message;
  el.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { el.hidden = true; }, 6_000);
}

function showApiError(e) {
  toast(e instanceof ApiError ? e.message : 'The server cannot be reached.');
}

// ---- conversations

function joinRoom(name) {
  const room = conversation('room', name);
  room.joined = true;
  sendJoin(room);
  openConversation('room', name);
  refreshRoomDirectory();
}

function openConversation(kind, name) {
  state.current = { kind, name };
  const c = currentConversation();
  c.unread = 0;
  $('composer').hidden = false;
  composer.show(c);
  $('sidebar').classList.remove('open');
  renderHeader();
  messageList.show(c);
  sidebar();
  typing.render();
  if (kind === 'dm' && c.messages.size === 0) {
    send({ type: 'history', with: name, limit: State.PAGE, ref: 'older' });
    updateWatch();
  }
  $('composer-text').focus();
}

function leaveRoom() {
  const c = currentConversation();
  send({ type: 'leave', room: c.name });
  c.joined = false;
  state.current = null;
  $('conversation-title').textContent = 'Pick a room or a conversation';
  messageList.clear();
  $('composer').hidden = true;
  $('leave-room').hidden = true;
  sidebar();
}

function loadOlder() {
  const c = currentConversation();
  const frame = c && State.olderPage(c);
  if (frame) {
    c.loadingOlder = true;
    send(frame);
  }
}

function updateWatch() {
  const list = State.watchList(state, limits.maxWatch);
  const key = list.join(',');
  if (key !== state.watched && send({ type: 'watch', users: list })) state.watched = key;
}

async function refreshRoomDirectory() {
  const asked = state;
  try {
    const { rooms } = await api.rooms();
    if (asked !== state) return; // a login that has ended
    state.roomDirectory = rooms;
    sidebar();
  } catch (e) {
    // shown again on the next refresh
  }
}

function openDm(user) {
  if (user === state.me.user) return;
  conversation('dm', user);
  profiles.ensure([user]);
  openConversation('dm', user);
}

// ---- wiring

function init() {
  initLogin(startApp, limits);
  profiles.init();
  $('join-form').onsubmit = (e) => {
    e.preventDefault();
    if (!checkField('join-room', { name: limits.roomName })) return;
    joinRoom($('join-room').value.trim());
    $('join-room').value = '';
  };
  $('dm-form').onsubmit = (e) => {
    e.preventDefault();
    if (!checkField('dm-user', { name: limits.userName })) return;
    openDm($('dm-user').value.trim());
    $('dm-user').value = '';
  };
  $('composer').onsubmit = (e) => { e.preventDefault(); composer.submit(); };
  $('composer-text').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      composer.submit();
    }
  });
  $('composer-text').addEventListener('input', () => typing.typed());
  $('leave-room').onclick = leaveRoom;
  $('menu-toggle').onclick = () => {
    const open = $('sidebar').classList.toggle('open');
    $('menu-toggle').setAttribute('aria-expanded', String(open));
  };
  $('logout').onclick = () => { endSession(); setToken(null); showLogin(); };
  // Back on the tab: what arrived meanwhile is read; the view stays where the reader left it.
  document.addEventListener('visibilitychange', () => {
    const c = currentConversation();
    if (!document.hidden && c) {
      c.unread = 0;
      sidebar();
    }
  });
  Admin.init(toast, limits);
  if (token()) {
    startApp();
  } else {
    showLogin();
  }
}

init();
