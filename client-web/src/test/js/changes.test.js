// Edits, deletions and reactions applied to the messages held, without a browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyChange, changeTarget, editable, lastOwn, reactionList, toggleReaction,
} from '../../main/webroot/js/changes.js';
import { addMessages, conversationOf, freshState } from '../../main/webroot/js/state.js';

const msg = (seq, from = 'bob') => ({ seq, from, text: `m${seq}`, ts: seq });
const edited = (seq, text, rev) => ({ type: 'edited', room: 'lobby', seq, text, editedAt: 1000 + rev, rev });
const reaction = (seq, emoji, user, on, count, rev) => ({ type: 'reaction', room: 'lobby', seq, emoji, user, on, count, rev });

function lobby(...seqs) {
  const c = conversationOf(freshState(), 'room', 'lobby');
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

test('a change to a message not held changes nothing', () => {
  const c = lobby(1);
  assert.equal(applyChange(c, edited(7, 'not held', 2), 'ann'), null);
});

test('a DM conversation resumed by pages that live frames overtook: no older value over a newer one', () => {
  const dm = conversationOf(freshState(), 'dm', 'bob');
  addMessages(dm, [{ seq: 1, from: 'bob', to: 'ann', text: 'hi', ts: 1 }]);
  const live = { type: 'edited', from: 'bob', to: 'ann', seq: 1, text: 'newest', editedAt: 3, rev: 3 };
  assert.deepEqual(changeTarget(live, 'ann'), { kind: 'dm', name: 'bob' });
  applyChange(dm, live, 'ann');
  const page = [{ ...live, text: 'older', rev: 1 }, { ...live, text: 'old', rev: 2 }];
  page.forEach((f) => applyChange(dm, f, 'ann'));
  assert.equal(dm.messages.get(1).text, 'newest');
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
