// The login's rooms and DM conversations as the node lists them (welcome, GET /api/me/rooms) and
// changes them (membership frames), and who may do what in a room, as docs/protocol.md says.
// Pure: no DOM, no network, so it runs under `node --test`.
import { conversationOf } from './state.js';
import { counted } from './unread.js';

/**
 * The lists of a welcome into the state: every room listed is a membership, with its counts, and
 * every DM conversation listed has its counts. Returns the rooms this page had as memberships that
 * the list no longer has (removed while the page was away): they are forgotten.
 */
export function applyWelcome(state, { rooms = [], dms = [] }) {
  const listed = new Set(rooms.map((r) => applyRoom(state, r).name));
  const gone = [...state.rooms.values()].filter((c) => c.member && !listed.has(c.name)).map((c) => c.name);
  gone.forEach((name) => forget(state, name));
  for (const d of dms) counted(conversationOf(state, 'dm', d.with), d, state.me.user);
  return gone;
}

/** One room of a membership list ({room, visibility, topic, role, lastSeq, lastRead, unread}) into the state. */
export function applyRoom(state, r) {
  const c = conversationOf(state, 'room', r.room);
  Object.assign(c, { member: true, role: r.role, visibility: r.visibility, topic: r.topic || '' });
  counted(c, r, state.me.user);
  return c;
}

/**
 * A membership frame. About the reader: `added` makes the room a membership (its counts come from
 * the node's list), `role` changes theirs, `removed` and `parted` forget the room. Returns what the
 * page has to do: {mine, event, room}.
 */
export function applyMembership(state, f) {
  const mine = f.user === state.me.user;
  if (mine && f.event === 'added') {
    Object.assign(conversationOf(state, 'room', f.room), { member: true, role: f.role || 'member' });
  } else if (mine && f.event === 'role' && state.rooms.has(f.room)) {
    state.rooms.get(f.room).role = f.role;
  } else if (mine && (f.event === 'removed' || f.event === 'parted')) {
    forget(state, f.room);
  }
  return { mine, event: f.event, room: f.room };
}

/** A room the reader no longer belongs to: gone from the lists, and from the view if shown. */
export function forget(state, room) {
  state.rooms.delete(room);
  if (state.current && state.current.kind === 'room' && state.current.name === room) state.current = null;
}

/**
 * The rooms to join on connecting: rooms joined here, and memberships not left on this page (a
 * `leave` ends only this page's following), at most `max` (a session's limit).
 */
export function roomsToJoin(state, max) {
  return [...state.rooms.values()].filter((c) => c.joined || (c.member && !c.left)).slice(0, max);
}

/** Whether the reader may add members: a room's owners and moderators (members only), admins and services. */
export function mayAdd(role, privileged) {
  return privileged || role === 'owner' || role === 'moderator';
}

/** Whether the reader may remove this member (not themselves: that is a part). */
export function mayRemove(role, privileged, member) {
  return privileged || role === 'owner' || (role === 'moderator' && member.role === 'member');
}

/** Members as the panel lists them: online first, then by name. */
export function orderMembers(members) {
  return [...members].sort((a, b) => (b.online - a.online) || (a.user < b.user ? -1 : a.user > b.user ? 1 : 0));
}
