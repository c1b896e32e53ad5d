// Edits, deletions and reactions (docs/protocol.md, "the change stream"): each change frame applied
// to the messages held, never an older value over a newer one (a DM conversation's changes read
// after a reconnect may cross live ones). The client library hands each change over once and
// resumes the streams; this is what the page makes of them. Pure: no DOM, no network, so it runs under `node --test`.

/** The conversation a change frame is about: {kind, name}; a DM's is the other user of `from` and `to`. */
export function changeTarget(f, me) {
  return f.room !== undefined ? { kind: 'room', name: f.room } : { kind: 'dm', name: f.from === me ? f.to : f.from };
}

/** The fields naming a conversation in a frame the page sends: `room`, or `with` for a DM. */
export function addressOf(c) {
  return c.kind === 'room' ? { room: c.name } : { with: c.name };
}

/**
 * Applies a change frame (`edited`, `deleted`, `reaction`) to its conversation: the message it
 * changed, or null when nothing shown changed (a message not held or deleted, a value newer already).
 */
export function applyChange(c, f, me) {
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
