// What one login knows, and the rules that keep it in order: messages by seq, each seq once, and
// the history a DM needs when its seqs jump. Pure: no DOM, no network, so it runs under `node --test`.

/** The history page size the page asks for when scrolling back. */
export const PAGE = 50;

/** Everything one login knows; a new login starts from a fresh one (nothing of the user before). */
export function freshState() {
  return {
    me: null,
    chat: null, // the ChatClient of the login (chat-client.js)
    kickReason: null, // the full reason of the last `kicked` frame (the close reason may be cut)
    rooms: new Map(), // room -> conversation
    dms: new Map(), // user -> conversation
    current: null, // {kind: 'room'|'dm', name}
    profiles: new Map(), // user -> {profile, fetchedAt, pending?}
    presence: new Map(), // user -> bool
    typing: new Map(), // conversation key -> Map(user -> timer)
    readTimers: new Map(), // conversation key -> the timer that sends its read marker
    lastTypingSent: 0,
    watched: '',
  };
}

export function newConversation(kind, name) {
  // lastSeq: the newest seq held; counted, lastRead, nodeRead: see unread.js; member, role, visibility, topic: a room's membership;
  // left: the reader left the room on this page (it stays a membership, not joined again on reconnecting);
  // replying: the message the next one answers ({seq, from, text}); editing: the reader's message the composer edits ({seq, text});
  // jumpTo: a seq to show once its page arrives.
  return { kind, name, messages: new Map(), order: [], lastSeq: 0, oldest: Infinity, unread: 0, mentions: 0, counted: null, lastRead: 0, nodeRead: 0,
    members: new Set(), joined: false, left: false, member: false, role: null, visibility: null, topic: '', loadingOlder: false, complete: false,
    replying: null, editing: null, jumpTo: null };
}

/** The conversation of this kind and name, created on first use. */
export function conversationOf(state, kind, name) {
  const map = kind === 'room' ? state.rooms : state.dms;
  if (!map.has(name)) map.set(name, newConversation(kind, name));
  return map.get(name);
}

export function isCurrent(state, c) {
  return state.current !== null && state.current.kind === c.kind && state.current.name === c.name;
}

/** The key of a conversation in the typing map: `room:<name>` or `dm:<user>`. */
export function keyOf(c) {
  return `${c.kind}:${c.name}`;
}

/**
 * Adds messages by seq: a seq seen before is never added twice, whatever order they come in.
 * Returns the messages added, in seq order.
 */
export function addMessages(c, messages) {
  const added = [];
  for (const m of messages) {
    if (c.messages.has(m.seq)) continue;
    c.messages.set(m.seq, m);
    c.order.splice(insertionIndex(c.order, m.seq), 0, m.seq);
    c.oldest = Math.min(c.oldest, m.seq);
    c.lastSeq = Math.max(c.lastSeq, m.seq);
    added.push(m);
  }
  return added.sort((a, b) => a.seq - b.seq);
}

/** Where a seq goes in an ascending array of seqs (binary search). */
export function insertionIndex(order, seq) {
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (order[mid] < seq) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** The seq shown right after this one, or null when it is the newest. */
export function nextSeq(c, seq) {
  const i = insertionIndex(c.order, seq + 1);
  return i < c.order.length ? c.order[i] : null;
}

/** The messages of a conversation in seq order. */
export function ordered(c) {
  return c.order.map((seq) => c.messages.get(seq));
}

/**
 * The page before a DM conversation's first message seen here, when it starts past seq 1 (the
 * client library follows a conversation from the first message it sees), or null.
 */
export function firstPage(c, seq) {
  return c.lastSeq === 0 && seq > 1 ? { type: 'history', with: c.name, before: seq, limit: PAGE, ref: 'older' } : null;
}

/** The frame asking for the page before the oldest shown, or null when there is none to ask for. */
export function olderPage(c) {
  if (c.loadingOlder || c.complete || c.oldest <= 1 || c.messages.size === 0) return null;
  const frame = { type: 'history', before: c.oldest, limit: PAGE, ref: 'older' };
  frame[c.kind === 'room' ? 'room' : 'with'] = c.name;
  return frame;
}

/** The users whose presence and profile edits this page follows: DM partners and room members. */
export function watchList(state, max) {
  const users = new Set(state.dms.keys());
  for (const room of state.rooms.values()) {
    if (room.joined) room.members.forEach((u) => users.add(u));
  }
  users.delete(state.me.user);
  return [...users].slice(0, max).sort();
}

/** Keeps the newer of what is known and what arrived: a pushed profile and a fetched one may cross. */
export function rememberProfile(profiles, p, now) {
  const known = profiles.get(p.user);
  if (!known || !(known.profile.updatedAt > p.updatedAt)) {
    profiles.set(p.user, { profile: p, fetchedAt: now });
  }
}

/** The users among these whose profile is not known, or old and not being fetched already. */
export function staleProfiles(profiles, users, now, freshMs) {
  return [...new Set(users)].filter((u) => {
    const entry = profiles.get(u);
    return !entry || (now - entry.fetchedAt > freshMs && !entry.pending);
  });
}
