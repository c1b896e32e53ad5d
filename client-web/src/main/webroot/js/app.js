// The chat UI: login, rooms, DMs, presence, typing, profiles. User content is only ever set as
// text (textContent), never as HTML.
import { api, ApiError, setToken, token } from './api.js';
import { Connection, MAX_POLICY_RETRIES } from './connection.js';
import { Admin } from './admin.js';
import { Composer, describe } from './composer.js';

const $ = (id) => document.getElementById(id);
const PAGE = 50;
const TYPING_EVERY_MS = 3_000;
const TYPING_SHOWN_MS = 4_000;
const PROFILE_FRESH_MS = 15_000;
const MAX_WATCH = 200;

/** Everything one login knows; a new login starts from a fresh one (nothing of the user before). */
function freshState() {
  return {
    me: null,
    connection: null,
    directoryTimer: null,
    kickReason: null, // the full reason of the last `kicked` frame (the close reason may be cut)
    rooms: new Map(), // room -> conversation
    dms: new Map(), // user -> conversation
    current: null, // {kind: 'room'|'dm', name}
    profiles: new Map(), // user -> {profile, fetchedAt}
    presence: new Map(), // user -> bool
    typing: new Map(), // conversation key -> Map(user -> timer)
    roomDirectory: [],
    lastTypingSent: 0,
    watched: '',
  };
}

let state = freshState();

const composer = new Composer({
  send: (frame) => send(frame),
  current: () => currentConversation(),
  conversation: (kind, name) => conversation(kind, name),
  offline: () => (state.connection && state.connection.stopped
    ? 'Not connected: press Reconnect above; your message is kept.'
    : 'Not connected: your message is kept; send it again once back online.'),
});

function conversation(kind, name) {
  const map = kind === 'room' ? state.rooms : state.dms;
  if (!map.has(name)) {
    map.set(name, { kind, name, messages: new Map(), lastSeq: 0, oldest: Infinity, unread: 0, members: new Set(),
      joined: false, loadingOlder: false, complete: false });
  }
  return map.get(name);
}

const isCurrent = (c) => state.current && state.current.kind === c.kind && state.current.name === c.name;

// ---- login

function showLogin(message) {
  setRegistering(false);
  $('login-password').value = '';
  $('app-view').hidden = true;
  $('login-view').hidden = false;
  $('login-error').textContent = message || '';
}

let registering = false;

function setRegistering(value) {
  registering = value;
  $('login-view').classList.toggle('registering', registering);
  $('login-submit').textContent = registering ? 'Create account' : 'Log in';
  $('login-toggle').textContent = registering ? 'I have an account' : 'Create an account instead';
  $('login-password').autocomplete = registering ? 'new-password' : 'current-password';
}

function initLogin() {
  $('login-toggle').onclick = () => setRegistering(!registering);
  $('login-form').onsubmit = async (event) => {
    event.preventDefault();
    const user = $('login-user').value.trim();
    const password = $('login-password').value;
    try {
      const reply = registering ? await api.register(user, password, $('login-display').value.trim())
        : await api.login(user, password);
      setToken(reply.token);
      await startApp();
    } catch (e) {
      $('login-error').textContent = e instanceof ApiError ? e.message : 'The server cannot be reached.';
    }
  };
}

// ---- app

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
  state.connection = new Connection({ token: token(), onFrame, onState: showState, onWelcome: resume, onClose: dropped, onEnd: ended });
  state.connection.start();
  refreshRoomDirectory();
  state.directoryTimer = setInterval(refreshRoomDirectory, 15_000);
}

/** Stops the session of the user before, and forgets all of it, on the page too. */
function endSession() {
  if (state.connection) state.connection.stop();
  clearInterval(state.directoryTimer);
  state.typing.forEach((users) => users.forEach(clearTimeout));
  state = freshState();
  composer.reset();
  Admin.reset();
  for (const id of ['room-list', 'dm-list', 'messages']) $(id).replaceChildren();
  for (const id of ['typing', 'me-open', 'profile-body']) $(id).textContent = '';
  $('conversation-title').textContent = 'Pick a room or a conversation';
  for (const id of ['composer', 'leave-room', 'profile-panel', 'session-notice', 'toast']) $(id).hidden = true;
}

function showState(kind, text) {
  const el = $('connection');
  el.className = `connection ${kind}`;
  el.textContent = text;
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
    if (room.joined) {
      sendJoin(room);
    }
  }
  for (const dm of state.dms.values()) {
    if (dm.lastSeq > 0) {
      send({ type: 'history', with: dm.name, after: dm.lastSeq, limit: 200, ref: 'resume' });
    }
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
      renderSidebar();
      updateWatch();
      if (isCurrent(room)) renderHeader();
      break;
    }
    case 'message':
      addMessages(conversation('room', f.room), [f], true);
      break;
    case 'dm': {
      const dm = conversation('dm', f.from === state.me.user ? f.to : f.from);
      // A node that sees a conversation for the first time starts its order there: a DM posted on
      // another node at that instant reaches this page only through history.
      if (dm.lastSeq > 0 && f.seq > dm.lastSeq + 1) {
        send({ type: 'history', with: dm.name, after: dm.lastSeq, limit: 200, ref: 'resume' });
      } else if (dm.lastSeq === 0 && f.seq > 1) {
        send({ type: 'history', with: dm.name, before: f.seq, limit: PAGE, ref: 'older' });
      }
      addMessages(dm, [f], true);
      renderSidebar();
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
      renderSidebar();
      if (state.current) renderHeader();
      break;
    case 'profile': // a watched user edited their profile
      rememberProfile(f.profile);
      renderProfiles();
      break;
    case 'typing':
      showTyping(f.room ? `room:${f.room}` : `dm:${f.from}`, f.from);
      break;
    case 'deleted': {
      const m = conversation('room', f.room).messages.get(f.seq);
      if (m) {
        m.deleted = true;
        m.text = '';
        if (state.current && state.current.name === f.room) renderMessages(false);
      }
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
  if (f.ref === 'older' && f.messages.length < PAGE) {
    c.complete = true;
  }
  addMessages(c, f.messages, f.ref !== 'older');
  if (f.ref === 'resume' && f.messages.length === 200) {
    // From the end of this page, not from lastSeq: a live DM may have moved that past the rest.
    send({ type: 'history', with: f.with, after: f.messages[f.messages.length - 1].seq, limit: 200, ref: 'resume' });
  }
}

/** Adds messages by seq: a seq seen before is never shown twice. */
function addMessages(c, messages, live) {
  let fresh = 0;
  for (const m of messages) {
    if (c.messages.has(m.seq)) {
      continue;
    }
    c.messages.set(m.seq, m);
    c.oldest = Math.min(c.oldest, m.seq);
    if (m.seq > c.lastSeq) {
      c.lastSeq = m.seq;
      if (live && m.from !== state.me.user) fresh++;
    }
  }
  if (!isCurrent(c) || document.hidden) {
    c.unread += fresh;
  }
  ensureProfiles(messages.map((m) => m.from));
  if (isCurrent(c)) {
    renderMessages(!live);
  }
  renderSidebar();
}

// ---- rendering

function renderSidebar() {
  const joined = [...state.rooms.values()].filter((r) => r.joined);
  const names = new Set(joined.map((r) => r.name));
  const rooms = $('room-list');
  rooms.replaceChildren(...joined.map((r) => roomItem(r.name, r.unread, r.members.size, true)),
    ...state.roomDirectory.filter((d) => !names.has(d.room)).map((d) => roomItem(d.room, 0, d.online, false)));
  $('dm-list').replaceChildren(...[...state.dms.values()].map((dm) => {
    const li = document.createElement('li');
    const b = button('', () => openConversation('dm', dm.name));
    b.append(dot(dm.name), text('span', displayName(dm.name)));
    if (dm.unread) b.append(text('span', String(dm.unread), 'badge'));
    b.setAttribute('aria-label', `Conversation with ${displayName(dm.name)}${dm.unread ? `, ${dm.unread} unread` : ''}`);
    if (state.current && state.current.kind === 'dm' && state.current.name === dm.name) b.classList.add('current');
    li.append(b);
    return li;
  }));
}

function roomItem(name, unread, online, joined) {
  const li = document.createElement('li');
  const b = button('', () => (joined ? openConversation('room', name) : joinRoom(name)));
  b.append(text('span', `# ${name}`));
  b.append(unread ? text('span', String(unread), 'badge') : text('span', `${online} online`, 'count'));
  b.setAttribute('aria-label', `Room ${name}, ${online} online${unread ? `, ${unread} unread` : ''}${joined ? '' : ', not joined'}`);
  if (state.current && state.current.kind === 'room' && state.current.name === name) b.classList.add('current');
  li.append(b);
  return li;
}

function renderHeader() {
  const c = currentConversation();
  if (!c) return;
  const title = $('conversation-title');
  if (c.kind === 'room') {
    title.textContent = `# ${c.name} · ${c.members.size} here`;
  } else {
    title.replaceChildren(dot(c.name), text('span', ` ${displayName(c.name)}`));
  }
  $('leave-room').hidden = c.kind !== 'room';
}

function renderMessages(keepPosition) {
  const c = currentConversation();
  const list = $('messages');
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  const fromBottom = list.scrollHeight - list.scrollTop;
  const sorted = [...c.messages.values()].sort((a, b) => a.seq - b.seq);
  list.replaceChildren(...sorted.map(messageItem));
  if (keepPosition) {
    list.scrollTop = list.scrollHeight - fromBottom;
  } else if (atBottom || !keepPosition) {
    list.scrollTop = list.scrollHeight;
  }
}

function messageItem(m) {
  const li = document.createElement('li');
  li.className = 'message';
  li.dataset.seq = m.seq;
  if (m.from === state.me.user) li.classList.add('own');
  if (m.deleted) li.classList.add('deleted');
  const p = profileOf(m.from);
  const avatar = button((p.displayName || m.from).slice(0, 1).toUpperCase(), () => openProfile(m.from), 'avatar');
  avatar.style.background = p.avatarColor || '#8a93a6';
  avatar.setAttribute('aria-label', `Profile of ${p.displayName || m.from}`);
  const body = document.createElement('div');
  const meta = document.createElement('div');
  meta.className = 'meta';
  meta.append(button(p.displayName || m.from, () => openProfile(m.from), 'name'), text('time', new Date(m.ts).toLocaleTimeString()));
  meta.lastChild.dateTime = new Date(m.ts).toISOString();
  body.append(meta, text('div', m.deleted ? 'message deleted' : m.text, 'text'));
  li.append(avatar, body);
  if (m.room && !m.deleted && state.me.roles.includes('admin')) {
    li.append(button('delete', () => Admin.deleteMessage(m.room, m.seq).catch(showApiError), 'delete'));
  }
  return li;
}

function currentConversation() {
  if (!state.current) return null;
  return conversation(state.current.kind, state.current.name);
}

function text(tag, value, cls) {
  const el = document.createElement(tag);
  el.textContent = value;
  if (cls) el.className = cls;
  return el;
}

function button(label, onClick, cls) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  if (cls) b.className = cls;
  b.onclick = onClick;
  return b;
}

function dot(user) {
  const d = document.createElement('span');
  d.className = state.presence.get(user) ? 'dot online' : 'dot';
  d.setAttribute('role', 'img');
  d.setAttribute('aria-label', state.presence.get(user) ? 'online' : 'offline');
  return d;
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
  renderMessages(false);
  renderSidebar();
  renderTyping();
  if (kind === 'dm' && c.messages.size === 0) {
    send({ type: 'history', with: name, limit: PAGE, ref: 'older' });
    updateWatch();
  }
  $('composer-text').focus();
}

function loadOlder() {
  const c = currentConversation();
  if (!c || c.loadingOlder || c.complete || c.oldest <= 1 || c.messages.size === 0) return;
  c.loadingOlder = true;
  const frame = { type: 'history', before: c.oldest, limit: PAGE, ref: 'older' };
  frame[c.kind === 'room' ? 'room' : 'with'] = c.name;
  send(frame);
}

function updateWatch() {
  const users = new Set(state.dms.keys());
  for (const room of state.rooms.values()) {
    if (room.joined) room.members.forEach((u) => users.add(u));
  }
  users.delete(state.me.user);
  const list = [...users].slice(0, MAX_WATCH).sort();
  const key = list.join(',');
  if (key !== state.watched && send({ type: 'watch', users: list })) {
    state.watched = key;
  }
}

function showTyping(key, user) {
  if (user === state.me.user) return;
  if (!state.typing.has(key)) state.typing.set(key, new Map());
  const users = state.typing.get(key);
  clearTimeout(users.get(user));
  users.set(user, setTimeout(() => { users.delete(user); renderTyping(); }, TYPING_SHOWN_MS));
  renderTyping();
}

function renderTyping() {
  const c = currentConversation();
  const key = c ? (c.kind === 'room' ? `room:${c.name}` : `dm:${c.name}`) : '';
  const users = [...(state.typing.get(key) || new Map()).keys()].map(displayName);
  $('typing').textContent = users.length ? `${users.join(', ')} ${users.length > 1 ? 'are' : 'is'} typing…` : '';
}

function onComposerInput() {
  const c = currentConversation();
  const now = Date.now();
  if (!c || now - state.lastTypingSent < TYPING_EVERY_MS) return;
  state.lastTypingSent = now;
  send(c.kind === 'room' ? { type: 'typing', room: c.name } : { type: 'typing', to: c.name });
}

async function refreshRoomDirectory() {
  try {
    state.roomDirectory = (await api.rooms()).rooms;
    renderSidebar();
  } catch (e) {
    // shown again on the next refresh
  }
}

// ---- profiles

function profileOf(user) {
  const entry = state.profiles.get(user);
  return entry ? entry.profile : {};
}

function displayName(user) {
  return profileOf(user).displayName || user;
}

/** Keeps the newer of what is known and what arrived: a pushed profile and a fetched one may cross. */
function rememberProfile(p) {
  const known = state.profiles.get(p.user);
  if (!known || !(known.profile.updatedAt > p.updatedAt)) {
    state.profiles.set(p.user, { profile: p, fetchedAt: Date.now() });
  }
}

/** Fetches the profiles not known or not fresh, in one batch; re-renders once they arrive. */
async function ensureProfiles(users) {
  const now = Date.now();
  const wanted = [...new Set(users)].filter((u) => {
    const entry = state.profiles.get(u);
    return !entry || (now - entry.fetchedAt > PROFILE_FRESH_MS && !entry.pending);
  }).slice(0, 200);
  if (!wanted.length) return;
  wanted.forEach((u) => state.profiles.set(u, { ...(state.profiles.get(u) || { profile: {} }), pending: true, fetchedAt: now }));
  try {
    const { profiles } = await api.profiles(wanted);
    profiles.forEach(rememberProfile);
  } catch (e) {
    wanted.forEach((u) => state.profiles.delete(u));
    return;
  }
  renderProfiles();
}

/** Shows names and colours as they are now known, wherever they appear. */
function renderProfiles() {
  if (state.current) {
    renderMessages(true);
    renderHeader();
  }
  renderSidebar();
}

async function openProfile(user) {
  let p;
  try {
    p = await api.profile(user);
  } catch (e) {
    showApiError(e);
    return;
  }
  rememberProfile(p);
  const newest = profileOf(user);
  if (newest.updatedAt > p.updatedAt) {
    p = { ...newest, online: p.online }; // pushed while this was fetched; pushes carry no online
  }
  const panel = $('profile-panel');
  panel.hidden = false;
  const body = $('profile-body');
  const avatar = text('div', p.displayName.slice(0, 1).toUpperCase(), 'avatar');
  avatar.style.background = p.avatarColor;
  body.replaceChildren(avatar, text('h3', p.displayName), text('p', `@${p.user} · ${p.online ? 'online' : 'offline'}`),
    text('p', p.statusText), text('p', p.bio), text('p', `member since ${new Date(p.createdAt).toLocaleDateString()}`));
  body.children[1].id = 'profile-name';
  const own = user === state.me.user;
  $('profile-form').hidden = !own;
  $('profile-dm').hidden = own;
  if (own) {
    $('profile-display').value = p.displayName;
    $('profile-status').value = p.statusText;
    $('profile-bio').value = p.bio;
    $('profile-color').value = p.avatarColor;
  }
  $('profile-dm').onclick = () => { panel.hidden = true; openDm(user); };
}

async function saveProfile(event) {
  event.preventDefault();
  try {
    const p = await api.updateProfile(state.me.user, {
      displayName: $('profile-display').value.trim(),
      statusText: $('profile-status').value.trim(),
      bio: $('profile-bio').value.trim(),
      avatarColor: $('profile-color').value,
    });
    rememberProfile(p);
    $('me-open').textContent = p.displayName;
    toast('Profile saved.');
    openProfile(p.user);
    if (state.current) renderMessages(true);
  } catch (e) {
    showApiError(e);
  }
}

function openDm(user) {
  if (user === state.me.user) return;
  conversation('dm', user);
  ensureProfiles([user]);
  openConversation('dm', user);
}

// ---- wiring

function init() {
  initLogin();
  $('join-form').onsubmit = (e) => { e.preventDefault(); joinRoom($('join-room').value.trim()); $('join-room').value = ''; };
  $('dm-form').onsubmit = (e) => { e.preventDefault(); openDm($('dm-user').value.trim()); $('dm-user').value = ''; };
  $('composer').onsubmit = (e) => { e.preventDefault(); composer.submit(); };
  $('composer-text').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      composer.submit();
    }
  });
  $('composer-text').addEventListener('input', onComposerInput);
  $('messages').addEventListener('scroll', () => { if ($('messages').scrollTop < 40) loadOlder(); });
  $('leave-room').onclick = () => {
    const c = currentConversation();
    send({ type: 'leave', room: c.name });
    c.joined = false;
    state.current = null;
    $('conversation-title').textContent = 'Pick a room or a conversation';
    $('messages').replaceChildren();
    $('composer').hidden = true;
    $('leave-room').hidden = true;
    renderSidebar();
  };
  $('menu-toggle').onclick = () => {
    const open = $('sidebar').classList.toggle('open');
    $('menu-toggle').setAttribute('aria-expanded', String(open));
  };
  $('me-open').onclick = () => openProfile(state.me.user);
  $('profile-close').onclick = () => { $('profile-panel').hidden = true; };
  $('profile-form').onsubmit = saveProfile;
  $('logout').onclick = () => { endSession(); setToken(null); showLogin(); };
  document.addEventListener('visibilitychange', () => { if (!document.hidden && state.current) openConversation(state.current.kind, state.current.name); });
  Admin.init(toast);
  if (token()) {
    startApp();
  } else {
    showLogin();
  }
}

init();
