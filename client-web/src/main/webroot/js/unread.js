// Unread counts of rooms and DM conversations, and the read markers that clear them. The node
// counts what was unread when it answered (welcome, GET /api/me/rooms): up to its `lastSeq`, which
// this page keeps as `counted`. Every message past it is the page's to count: once, by seq,
// whether it comes live or in a join's backlog, unless the reader wrote it or has read past it.
// Pure: no DOM, no network, so it runs under `node --test`.
import { insertionIndex } from './state.js';

/** The node's counts stop here (docs/protocol.md), and so do the page's. */
export const UNREAD_CAP = 999;

/**
 * Takes the node's counts of one conversation ({lastSeq, lastRead, unread, mentions?}, as welcome
 * lists them): they cover everything up to lastSeq.
 */
export function counted(c, { lastSeq, lastRead, unread, mentions = 0 }, me) {
  c.counted = lastSeq;
  // A `read` of this page may have crossed the answer: the node's count then runs from an older marker.
  c.unread = lastRead >= c.lastRead ? unread : Math.min(unread, othersAfter(c, c.lastRead, lastSeq, me));
  c.mentions = lastRead >= c.lastRead ? mentions : Math.min(mentions, mentionsAfter(c, c.lastRead, lastSeq, me));
  c.lastRead = Math.max(c.lastRead, lastRead);
  c.nodeRead = lastRead;
}

/** A conversation no count of the node covers yet (a room just joined): what came up to `seq` is not news. */
export function countFrom(c, seq) {
  if (c.counted === null) c.counted = seq;
}

/**
 * A message held now (live or in a backlog): counted once when past what is counted, not the
 * reader's own, not read already and not deleted. True when the count changed.
 */
export function arrived(c, m, me) {
  if (c.counted === null) c.counted = 0; // a DM conversation that began after the node counted
  if (m.seq <= c.counted) return false;
  c.counted = m.seq;
  if (m.from === me || m.seq <= c.lastRead || m.deleted || c.unread >= UNREAD_CAP) return false;
  c.unread++;
  if (mentionsMe(m, me)) c.mentions++;
  return true;
}

/** Whether a message mentions the reader (the node lists whom a room message mentions). */
export function mentionsMe(m, me) {
  return !m.deleted && Array.isArray(m.mentions) && m.mentions.includes(me);
}

/**
 * The reader has read up to `seq` (here, or on another session: a `read` frame, `fromNode`). Lowers
 * the count to what may lie after it: exact when every seq after it is held, else no more than the
 * seqs not held. True when the marker moved.
 */
export function readUpTo(c, seq, me, fromNode = false) {
  if (fromNode) c.nodeRead = Math.max(c.nodeRead, seq);
  if (seq <= c.lastRead) return false;
  c.lastRead = seq;
  const all = seq >= (c.counted || 0);
  c.unread = all ? 0 : Math.min(c.unread, othersAfter(c, seq, c.counted, me));
  c.mentions = all ? 0 : Math.min(c.mentions, mentionsAfter(c, seq, c.counted, me));
  return true;
}

/** The newest seq held of a conversation shown, when the reader's marker is not there yet; else null. */
export function toMark(c) {
  const newest = c.order.length ? c.order[c.order.length - 1] : 0;
  return newest > c.lastRead ? newest : null;
}

/** The `read` frame that tells the node the reader's marker, or null when the node has it already. */
export function readFrame(c) {
  if (c.lastRead <= c.nodeRead) return null;
  return c.kind === 'room' ? { type: 'read', room: c.name, seq: c.lastRead, ref: 'read' }
    : { type: 'read', with: c.name, seq: c.lastRead, ref: 'read' };
}

/** The frame was sent: the node will have the marker (a dropped connection's welcome says otherwise). */
export function readSent(c, frame) {
  c.nodeRead = Math.max(c.nodeRead, frame.seq);
}

/**
 * What the tab's title tells: `(n) Chat` for n messages addressed to the reader (mentions in rooms,
 * unread DMs), `• Chat` when only other room messages are unread, else `Chat`.
 */
export function title(state) {
  let addressed = 0;
  let unread = 0;
  for (const c of state.rooms.values()) {
    addressed += c.mentions;
    unread += c.unread;
  }
  for (const c of state.dms.values()) addressed += c.unread;
  return addressed ? `(${addressed}) Chat` : unread ? '• Chat' : 'Chat';
}

/** Messages in (from, to] that may mention the reader: held ones that do, and every seq not held. */
function mentionsAfter(c, from, to, me) {
  let held = 0;
  let mentioning = 0;
  for (let i = insertionIndex(c.order, from + 1); i < c.order.length && c.order[i] <= to; i++) {
    held++;
    const m = c.messages.get(c.order[i]);
    if (m.from !== me && mentionsMe(m, me)) mentioning++;
  }
  return mentioning + Math.max(0, to - from - held);
}

/** Messages in (from, to] that may be unread: held ones of others not deleted, and every seq not held. */
function othersAfter(c, from, to, me) {
  let held = 0;
  let others = 0;
  for (let i = insertionIndex(c.order, from + 1); i < c.order.length && c.order[i] <= to; i++) {
    const m = c.messages.get(c.order[i]);
    held++;
    if (m.from !== me && !m.deleted) others++;
  }
  return others + Math.max(0, to - from - held);
}
