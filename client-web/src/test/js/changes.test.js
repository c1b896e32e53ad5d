// Edits, deletions and reactions applied to the messages held, and where each stream of changes
// resumes, without a browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyChange, changeTarget, changesFrame, editable, joinFrame, joined, lastOwn, nextChanges, reactionList, toggleReaction,
} from '../../main/webroot/js/changes.js';
import { addMessages, conversationOf, freshState } from '../../main/webroot/js/state.js';

const msg = (seq, from = 'bob') => ({ seq, from, text: `m${seq}`, ts: seq });
const edited = (seq, text, rev) => ({ type: 'edited', room: 'lobby', seq, text, editedAt: 1000 + rev, rev });
const reaction = (seq, emoji, user, on, count, rev) => ({ type: 'reaction', room: 'lobby', seq, emoji, user, on, count, rev });

function lobby(...seqs) {
  const c = conversationOf(freshState(), 'room', 'lobby');
  joinFrame(c, 'j1');
  joined(c, 0);
  addMessages(c, seqs.map((s) => msg(s)));
  return c;
}

test('an edit replaces the text and says when; a deletion clears text and reactions for good', () => {
  const c = lobby(1, 2);
  assert.equal(applyChange(c, edited(1, 'new text', 1), 'ann').text, 'new text');
  assert.equal(c.messages.get(1).editedAt, 1001);
  applyChange(c, reaction(2, '👍', 'ann', true, 1, 2), 'ann');
  const gone = applyChange(c, { type: 'deleted', room: 'lobby', seq: 2, rev: 3 }, 'ann');
  assert.deepEqual([gone.deleted, gone.text, gone.reactions], [true, '', undefined]);
  assert.equal(applyChange(c, reaction(2, '👍', 'bob', true, 1, 4), 'ann'), null, 'a deleted message takes nothing more');
  assert.equal(c.rev, 4);
});

test('reactions: the count the frame carries, and `me` when the reacting user is the reader', () => {
  const c = lobby(1);
  applyChange(c, reaction(1, '👍', 'bob', true, 1, 1), 'ann');
  applyChange(c, reaction(1, '👍', 'ann', true, 2, 2), 'ann');
  applyChange(c, reaction(1, '🎉', 'bob', true, 1, 3), 'ann');
  const m = c.messages.get(1);
  assert.deepEqual(reactionList(m), [{ emoji: '👍', count: 2, me: true }, { emoji: '🎉', count: 1, me: false }]);
  assert.deepEqual(toggleReaction(c, m, '👍'), { type: 'react', room: 'lobby', seq: 1, emoji: '👍', on: false });
  assert.equal(toggleReaction(c, m, '🎉').on, true);
  applyChange(c, reaction(1, '🎉', 'bob', false, 0, 4), 'ann');
  assert.deepEqual(reactionList(m), [{ emoji: '👍', count: 2, me: true }], 'a count of 0 is no chip');
});

test('a frame seen twice, and a change to a message not held, change nothing; their revs count as seen', () => {
  const c = lobby(1);
  assert.ok(applyChange(c, edited(1, 'once', 1), 'ann'));
  assert.equal(applyChange(c, edited(1, 'once', 1), 'ann'), null);
  assert.equal(applyChange(c, edited(7, 'not held', 2), 'ann'), null);
  assert.equal(c.rev, 2);
});

test('a DM conversation resumed by pages that live frames overtook: each rev once, and no older value over a newer one', () => {
  const dm = conversationOf(freshState(), 'dm', 'bob');
  addMessages(dm, [{ seq: 1, from: 'bob', to: 'ann', text: 'hi', ts: 1 }]);
  assert.deepEqual(changesFrame(dm, 2), { type: 'changes', with: 'bob', after: 0, limit: 2, ref: 'changes' });
  const live = { type: 'edited', from: 'bob', to: 'ann', seq: 1, text: 'newest', editedAt: 3, rev: 3 };
  assert.deepEqual(changeTarget(live, 'ann'), { kind: 'dm', name: 'bob' });
  applyChange(dm, live, 'ann');
  assert.equal(dm.rev, 0, 'revs 1 and 2 are still to come: the stream resumes after 0');
  const page = [{ ...live, text: 'older', rev: 1 }, { ...live, text: 'old', rev: 2 }];
  page.forEach((f) => applyChange(dm, f, 'ann'));
  assert.equal(dm.messages.get(1).text, 'newest');
  assert.equal(dm.rev, 3);
  assert.deepEqual(nextChanges(dm, page, 2), changesFrame(dm, 2, 2), 'a full page: there may be more after its last rev');
  assert.equal(nextChanges(dm, page.slice(1), 2), null);
  assert.equal(applyChange(dm, live, 'ann'), null, 'the live frame again, in the next page');
});

test('a room joins from its last seq and rev once it has them, and its rev starts at joined only without sinceRev', () => {
  const c = conversationOf(freshState(), 'room', 'lobby');
  assert.deepEqual(joinFrame(c, 'j1'), { type: 'join', room: 'lobby', members: 'batched', ref: 'j1' });
  joined(c, 5);
  assert.equal(c.rev, 5);
  addMessages(c, [msg(3)]);
  applyChange(c, edited(3, 'x', 6), 'ann');
  assert.deepEqual(joinFrame(c, 'j1'), { type: 'join', room: 'lobby', members: 'batched', since: 3, sinceRev: 6, ref: 'j1' });
  joined(c, 9);
  assert.equal(c.rev, 6, 'the changes after 6 follow the joined');
  applyChange(c, edited(3, 'y', 7), 'ann');
  assert.equal(c.rev, 7);
});

test('Up edits the reader\'s last message that is not deleted, while the edit window lasts', () => {
  const own = (seq, deleted = false) => ({ ...msg(seq, 'ann'), deleted });
  assert.equal(lastOwn([own(1), msg(2), own(3, true), msg(4)], 'ann', 100, 5).seq, 1);
  assert.equal(lastOwn([msg(1)], 'ann', 100, 5), null);
  assert.equal(lastOwn([own(1), own(3)], 'ann', 10, 13), null, 'the last one is past the window: Up edits nothing, not an older one');
  assert.equal(lastOwn([own(1), own(3)], 'ann', 10, 12).seq, 3);
});

test('a message may be edited by its author, not deleted, before the window closes', () => {
  const own = { ...msg(10, 'ann'), deleted: false };
  assert.ok(editable(own, 'ann', 60_000, 10 + 59_999));
  assert.ok(!editable(own, 'ann', 60_000, 10 + 60_000), 'the window is closed at its end, as the node counts');
  assert.ok(!editable(own, 'ann', 0, 10), 'a window of 0: no edits');
  assert.ok(!editable(own, 'bob', 60_000, 11));
  assert.ok(!editable({ ...own, deleted: true }, 'ann', 60_000, 11));
});
