// The chat UI's wiring: the node's limits first, then the parts of the page, each told of the
// others it needs, and the forms and buttons that reach them. What each part does is in its module:
// the login's session in session.js, its conversations in conversations.js, the node's frames in
// frames.js, the state and its rules in state.js (unread counts in unread.js, memberships in membership.js),
// the views in message-list.js, sidebar.js, profiles.js, directory.js and members.js.
import { token } from './api.js';
import { Admin } from './admin.js';
import { loadLimits } from './boot.js';
import { addressOf, editable, toggleReaction } from './changes.js';
import { Composer } from './composer.js';
import { Conversations } from './conversations.js';
import { Directory } from './directory.js';
import { $, checkField } from './dom.js';
import { Frames } from './frames.js';
import { initLogin, showLogin } from './login.js';
import { Members } from './members.js';
import { MessageList } from './message-list.js';
import { showApiError, toast } from './notices.js';
import { Profiles } from './profiles.js';
import { Search } from './search.js';
import { Session } from './session.js';
import { Typing } from './typing.js';

/** The node's limits, for every module that keeps to them; nothing can be typed before they are known. */
const limits = await loadLimits();

// The parts call each other only once the page runs, so each may name one made after it.
const state = () => session.state;
const send = (frame) => session.send(frame);

const composer = new Composer({
  request: (frame) => session.request(frame),
  requestBytes: (frame) => state().chat.requestBytes(frame),
  current: () => conversations.current(),
  conversation: (kind, name) => conversations.of(kind, name),
  offline: () => session.offline(),
  limits,
  displayName: (user) => profiles.displayName(user),
  me: () => state().me.user,
});

const profiles = new Profiles({
  state,
  changed: () => conversations.renderProfiles(),
  showApiError,
  toast,
  openDm: (user) => conversations.openDm(user),
  limits,
});

let changeRefs = 0;
/** Sends a change to a message of the conversation shown; a refusal comes back as a notice (Frames.error). */
function sendChange(frame) {
  if (!send({ ...frame, ref: `c${++changeRefs}` })) toast(session.offline());
}

const messageList = new MessageList({
  viewer: () => ({
    user: state().me.user,
    mayEdit: (m) => editable(m, state().me.user, limits.editWindowMs, Date.now()),
    maxReactions: limits.maxReactions,
    // Authors delete their own; admins anywhere; a room's owners and moderators in their room (the node refuses an owner's message to a moderator).
    mayDelete: (m) => m.from === state().me.user || state().me.roles.includes('admin')
      || (m.room !== undefined && ['owner', 'moderator'].includes(state().rooms.get(m.room)?.role)),
  }),
  profileOf: (user) => profiles.of(user),
  act: {
    openProfile: (user) => profiles.open(user),
    reply: (m) => composer.replyTo(m),
    edit: (m) => composer.edit(m),
    remove: (m) => sendChange({ type: 'delete', ...addressOf(conversations.current()), seq: m.seq }),
    react: (m, emoji) => sendChange(toggleReaction(conversations.current(), m, emoji)),
  },
  onNearTop: () => conversations.loadOlder(),
});

const typing = new Typing({ state, current: () => conversations.current(), displayName: (u) => profiles.displayName(u), send });

const members = new Members({
  state,
  current: () => conversations.current(),
  profiles,
  part: (room) => conversations.part(room),
  limits,
});

const conversations = new Conversations({ state, send, chat: () => state().chat, composer, messageList, typing, profiles, members, toast, limits });

const directory = new Directory({
  state,
  join: (room) => conversations.join(room),
  open: (room) => conversations.open('room', room),
  limits,
});

const search = new Search({
  openAt: (kind, name, seq) => conversations.openAt(kind, name, seq),
  displayName: (user) => profiles.displayName(user),
  ensureProfiles: (users) => profiles.ensure(users),
});

const frames = new Frames({ state, send, conversations, messageList, profiles, typing, toast });

const session = new Session({
  onFrame: (f) => frames.received(f),
  onJoinRefused: (refusal) => frames.joinRefused(refusal),
  resume: (welcome) => conversations.resume(welcome),
  clear: () => {
    composer.reset();
    Admin.reset();
    directory.reset();
    search.reset();
    members.reset();
    messageList.clear();
  },
  limits,
});

function init() {
  initLogin(() => session.start(), limits);
  profiles.init();
  directory.init();
  search.init();
  members.init();
  $('join-form').onsubmit = (e) => {
    e.preventDefault();
    if (!checkField('join-room', { name: limits.roomName })) return;
    conversations.join($('join-room').value.trim());
    $('join-room').value = '';
  };
  $('dm-form').onsubmit = (e) => {
    e.preventDefault();
    if (!checkField('dm-user', { name: limits.userName })) return;
    conversations.openDm($('dm-user').value.trim());
    $('dm-user').value = '';
  };
  $('composer').onsubmit = (e) => { e.preventDefault(); composer.submit(); };
  $('composer-text').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      composer.submit();
    } else if (e.key === 'ArrowUp' && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey && composer.editLast()) {
      e.preventDefault();
    } else if (e.key === 'Escape' && composer.cancelEdit()) {
      e.preventDefault();
    }
  });
  $('edit-cancel').onclick = () => composer.cancelEdit();
  $('composer-text').addEventListener('input', () => typing.typed());
  $('reply-cancel').onclick = () => composer.cancelReply();
  $('leave-room').onclick = () => conversations.leave();
  $('menu-toggle').onclick = () => {
    const open = $('sidebar').classList.toggle('open');
    $('menu-toggle').setAttribute('aria-expanded', String(open));
  };
  $('logout').onclick = () => session.logOut();
  // Back on the tab: what arrived meanwhile is read; the view stays where the reader left it.
  document.addEventListener('visibilitychange', () => {
    const c = conversations.current();
    if (!document.hidden && c) {
      conversations.markShown(c);
      conversations.renderSidebar();
    }
  });
  Admin.init(toast, limits);
  if (token()) {
    session.start();
  } else {
    showLogin();
  }
}

init();
