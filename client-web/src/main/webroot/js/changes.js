// Edits, deletions and reactions (docs/protocol.md, "the change stream"): each change frame applied
// to the messages held once, never an older value over a newer one, and where each conversation's
// stream of changes resumes after a reconnect. Pure: no DOM, no network, so it runs under `node --test`.
//
// A conversation's `rev` is the rev up to which every change has been seen; `revsAhead` the revs
// seen past it. A room's stream comes in order, so revsAhead stays empty there; a DM conversation's
// resumes by `changes` pages that live frames may overtake, and its rev starts at 0 (the history
// that brought its messages says no rev), so its first resumption reads every change it has.

/** The conversation a change frame is about: {kind, name}; a DM's is the other user of `from` and `to`. */
export function changeTarget(f, me) {
  return f.room !== undefined ? { kind: 'room', name: f.room } : { kind: 'dm', name: f.from === me ? f.to : f.from };
}

/** The fields naming a conversation in a frame the page sends: `room`, or `with` for a DM. */
export function addressOf(c) {
  return c.kind === 'room' ? { room: c.name } : { with: c.name };
}

/**
 * The join frame of a room: from its last seq and rev when it has them, so that nothing is sent
 * twice; member changes come batched (a `members` frame per short interval, not a frame per user).
 */
export function joinFrame(c, ref) {
  const frame = { type: 'join', room: c.name, members: 'batched', ref };
  if (c.lastSeq > 0) frame.since = c.lastSeq;
  if (c.lastSeq > 0 && c.rev !== null) frame.sinceRev = c.rev;
  c.revFromJoined = frame.sinceRev === undefined;
  return frame;
}

/** A `joined`: without `sinceRev` the changes start after its rev; with it they follow, from the rev asked for. */
export function joined(c, rev) {
  if (!c.revFromJoined) return;
  c.rev = Number.isSafeInteger(rev) ? rev : null;
  c.revsAhead.clear();
}

/** The `changes` frame that resumes a DM conversation's stream after `after` (its rev, or the last of a page). */
export function changesFrame(c, limit, after = c.rev) {
  return { type: 'changes', with: c.name, after, limit, ref: 'changes' };
}

/** The next `changes` frame a page calls for (a full one: there may be more), or null. */
export function nextChanges(c, page, limit) {
  return page.length === limit ? changesFrame(c, limit, page[page.length - 1].rev) : null;
}

/** Marks a rev seen; false when it was seen already. */
export function take(c, rev) {
  if (c.rev === null) c.rev = rev - 1; // no rev known (a `joined` without one): the stream is taken from here
  if (rev <= c.rev || c.revsAhead.has(rev)) return false;
  c.revsAhead.add(rev);
  while (c.revsAhead.delete(c.rev + 1)) c.rev++;
  return true;
}

/**
 * Applies a change frame (`edited`, `deleted`, `reaction`) to its conversation: the message it
 * changed, or null when nothing shown changed (a rev seen before, a message not held or deleted).
 */
export function applyChange(c, f, me) {
  if (!take(c, f.rev)) return null;
  const m = c.messages.get(f.seq);
  if (!m || m.deleted) return null;
  m.revs ??= { text: 0, count: {}, me: {} }; // the rev each value was last set at
  if (f.type === 'deleted') {
    m.deleted = true;
    m.text = '';
    delete m.reactions;
  } else if (f.type === 'edited') {
    if (f.rev < m.revs.text) return null;
    m.revs.text = f.rev;
    m.text = f.text;
    m.editedAt = f.editedAt;
  } else {
    react(m, f, me);
  }
  return m;
}

function react(m, f, me) {
  const reactions = (m.reactions ??= {});
  const now = reactions[f.emoji] ?? { count: 0, me: false };
  if (f.rev > (m.revs.count[f.emoji] ?? 0)) {
    m.revs.count[f.emoji] = f.rev;
    now.count = f.count;
  }
  if (f.user === me && f.rev > (m.revs.me[f.emoji] ?? 0)) {
    m.revs.me[f.emoji] = f.rev;
    now.me = f.on;
  }
  if (now.count > 0) reactions[f.emoji] = now; else delete reactions[f.emoji];
}

/** The `react` frame that turns the reader's reaction with `emoji` on a message around. */
export function toggleReaction(c, m, emoji) {
  const mine = Boolean(m.reactions?.[emoji]?.me);
  return { type: 'react', ...addressOf(c), seq: m.seq, emoji, on: !mine };
}

/** A message's reactions in the order they were first made, so a chip stays where it is as counts change: [{emoji, count, me}]. */
export function reactionList(m) {
  return Object.entries(m.reactions ?? {}).map(([emoji, r]) => ({ emoji, count: r.count, me: Boolean(r.me) }));
}

/**
 * Whether the reader may still edit `m`: their own, not deleted, sent less than the node's edit
 * window before `now` (the node's clock decides; a page whose clock is off learns it by a refusal).
 */
export function editable(m, me, windowMs, now) {
  return m.from === me && !m.deleted && now - m.ts < windowMs;
}

/** The reader's last message, when it may still be edited (Up in an empty composer), or null. */
export function lastOwn(messages, me, windowMs, now) {
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i].from === me && !messages[i].deleted) return editable(messages[i], me, windowMs, now) ? messages[i] : null;
  }
  return null;
}
