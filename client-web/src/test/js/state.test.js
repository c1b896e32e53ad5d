// The UI's pure state rules, without a browser: order by seq, each seq once, the history a gap
// calls for. Run by Maven (client-web, test phase) as `node --test src/test/js/`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PAGE, addMessages, conversationOf, firstPage, freshState, insertionIndex, nextSeq, olderPage,
  ordered, rememberProfile, staleProfiles, watchList,
} from '../../main/webroot/js/state.js';

const msg = (seq, from = 'bob') => ({ seq, from, text: `m${seq}`, ts: seq });
const seqs = (c) => ordered(c).map((m) => m.seq);

test('messages are kept in seq order whatever order they arrive in', () => {
  const c = conversationOf(freshState(), 'room', 'lobby');
  addMessages(c, [msg(5), msg(3)]);
  addMessages(c, [msg(4), msg(1), msg(7)]);
  assert.deepEqual(seqs(c), [1, 3, 4, 5, 7]);
  assert.equal(c.lastSeq, 7);
  assert.equal(c.oldest, 1);
});

test('a seq seen before is added once: a backlog and a live frame that overlap show each message once', () => {
  const c = conversationOf(freshState(), 'room', 'lobby');
  addMessages(c, [msg(1), msg(2)]);
  const again = addMessages(c, [msg(2), msg(3), msg(3)]);
  assert.deepEqual(again.map((m) => m.seq), [3]);
  assert.deepEqual(seqs(c), [1, 2, 3]);
});

test('what was added comes back in seq order', () => {
  const c = conversationOf(freshState(), 'room', 'lobby');
  addMessages(c, [msg(10)]);
  const older = addMessages(c, [msg(9), msg(8)]);
  assert.deepEqual(older.map((m) => m.seq), [8, 9]);
  assert.equal(c.lastSeq, 10, 'an older page leaves the newest seq held');
});

test('the next seq shown after a message is where a new element goes', () => {
  const c = conversationOf(freshState(), 'room', 'lobby');
  addMessages(c, [msg(2), msg(5), msg(9)]);
  assert.equal(nextSeq(c, 2), 5);
  assert.equal(nextSeq(c, 5), 9);
  assert.equal(nextSeq(c, 9), null, 'the newest goes at the end');
  assert.equal(insertionIndex([2, 5, 9], 6), 2);
  assert.equal(insertionIndex([], 1), 0);
});

test('the first DM of a conversation seen here past seq 1 asks for the page before it', () => {
  const c = conversationOf(freshState(), 'dm', 'bob');
  assert.equal(firstPage(c, 1), null);
  assert.deepEqual(firstPage(c, 40), { type: 'history', with: 'bob', before: 40, limit: PAGE, ref: 'older' });
  addMessages(c, [msg(40)]);
  assert.equal(firstPage(c, 41), null, 'once it has messages, it is filled by the client library');
});

test('the page before is asked for from the oldest seq, once at a time, and not past the first message', () => {
  const c = conversationOf(freshState(), 'room', 'lobby');
  assert.equal(olderPage(c), null, 'nothing shown yet: the join brings the newest');
  addMessages(c, [msg(151), msg(200)]);
  assert.deepEqual(olderPage(c), { type: 'history', room: 'lobby', before: 151, limit: PAGE, ref: 'older' });
  c.loadingOlder = true;
  assert.equal(olderPage(c), null);
  c.loadingOlder = false;
  addMessages(c, [msg(1)]);
  assert.equal(olderPage(c), null, 'seq 1 is the first there is');
});

test('a fresh state knows nothing of the login before', () => {
  const before = freshState();
  before.me = { user: 'first' };
  conversationOf(before, 'room', 'secret').joined = true;
  conversationOf(before, 'dm', 'admin');
  const after = freshState();
  assert.equal(after.rooms.size + after.dms.size + after.profiles.size, 0);
  assert.equal(after.me, null);
});

test('the watch list is the DM partners and the members of joined rooms, without the reader', () => {
  const state = freshState();
  state.me = { user: 'alice' };
  conversationOf(state, 'dm', 'zed');
  const joined = conversationOf(state, 'room', 'a');
  joined.joined = true;
  joined.members = new Set(['alice', 'bob', 'zed']);
  conversationOf(state, 'room', 'b').members = new Set(['carol']); // not joined
  assert.deepEqual(watchList(state, 200), ['bob', 'zed']);
  assert.equal(watchList(state, 1).length, 1);
});

test('a profile pushed and one fetched that cross: the newer one stays', () => {
  const profiles = new Map();
  rememberProfile(profiles, { user: 'bob', displayName: 'new', updatedAt: 2 }, 0);
  rememberProfile(profiles, { user: 'bob', displayName: 'old', updatedAt: 1 }, 0);
  assert.equal(profiles.get('bob').profile.displayName, 'new');
  assert.deepEqual(staleProfiles(profiles, ['bob', 'bob', 'carol'], 1_000, 15_000), ['carol']);
  assert.deepEqual(staleProfiles(profiles, ['bob'], 20_000, 15_000), ['bob']);
});
