// Unread counts without a browser: the node's counts taken as they are, each later message of
// another counted once, and read markers (here or on another device) that clear or lower them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addMessages, conversationOf, freshState } from '../../main/webroot/js/state.js';
import {
  UNREAD_CAP, arrived, countFrom, counted, readFrame, readSent, readUpTo, toMark, title, mentionsMe,
} from '../../main/webroot/js/unread.js';

const msg = (seq, from = 'bob') => ({ seq, from, text: `m${seq}`, ts: seq });

/** Adds messages as the page does when they come live: held, then counted. */
function live(c, messages, me = 'alice') {
  return addMessages(c, messages).filter((m) => arrived(c, m, me)).length;
}

test("the node's count stands for everything up to its lastSeq: a backlog up to there adds nothing", () => {
  const c = conversationOf(freshState(), 'room', 'plans');
  counted(c, { lastSeq: 10, lastRead: 7, unread: 3 }, 'alice');
  assert.equal(live(c, [msg(6), msg(7), msg(8), msg(9), msg(10)]), 0);
  assert.equal(c.unread, 3);
  assert.equal(live(c, [msg(11)]), 1, 'past lastSeq, a message of another is news');
  assert.equal(c.unread, 4);
});

test("the reader's own messages, deleted ones and a seq seen twice are not counted", () => {
  const c = conversationOf(freshState(), 'room', 'plans');
  counted(c, { lastSeq: 0, lastRead: 0, unread: 0 }, 'alice');
  live(c, [msg(1), msg(2, 'alice'), { ...msg(3), deleted: true, text: '' }]);
  live(c, [msg(1)]);
  assert.equal(c.unread, 1);
});

test('a room joined without a count of the node starts counting after the seq it was joined at', () => {
  const c = conversationOf(freshState(), 'room', 'lobby');
  countFrom(c, 50);
  live(c, [msg(49), msg(50)]);
  assert.equal(c.unread, 0, "the join's backlog is not news");
  live(c, [msg(51)]);
  assert.equal(c.unread, 1);
  countFrom(c, 60);
  live(c, [msg(52)]);
  assert.equal(c.unread, 2, 'a later join (a reconnect) does not move what is counted');
});

test('a DM conversation that began after the node counted counts from its first message', () => {
  const c = conversationOf(freshState(), 'dm', 'bob');
  assert.equal(live(c, [msg(1), msg(2)]), 2);
});

test('reading up to the newest clears the count; a read frame of another session lowers it to what may lie after it', () => {
  const c = conversationOf(freshState(), 'room', 'plans');
  counted(c, { lastSeq: 0, lastRead: 0, unread: 0 }, 'alice');
  live(c, [msg(1), msg(2), msg(3, 'alice'), msg(4), msg(5)]);
  assert.equal(c.unread, 4);
  assert.ok(readUpTo(c, 2, 'alice'));
  assert.equal(c.unread, 2, 'seqs 4 and 5 are still unread; 3 is the reader\'s own');
  assert.ok(!readUpTo(c, 1, 'alice'), 'a marker never goes down');
  assert.equal(c.unread, 2);
  readUpTo(c, 5, 'alice');
  assert.equal(c.unread, 0);
});

test('a read frame past seqs not held lowers the count no further than those seqs allow', () => {
  const c = conversationOf(freshState(), 'dm', 'bob');
  counted(c, { lastSeq: 20, lastRead: 0, unread: 20 }, 'alice');
  readUpTo(c, 17, 'alice');
  assert.equal(c.unread, 3);
});

test("a count from the node that crossed this page's read keeps to the read", () => {
  const c = conversationOf(freshState(), 'room', 'plans');
  counted(c, { lastSeq: 0, lastRead: 0, unread: 0 }, 'alice');
  live(c, [msg(1), msg(2), msg(3)]);
  readUpTo(c, 3, 'alice');
  counted(c, { lastSeq: 3, lastRead: 1, unread: 2 }, 'alice');
  assert.equal(c.unread, 0);
  assert.equal(c.lastRead, 3);
});

test('the count stops at the cap, as the node\'s does', () => {
  const c = conversationOf(freshState(), 'room', 'busy');
  counted(c, { lastSeq: 998, lastRead: 0, unread: UNREAD_CAP - 1 }, 'alice');
  live(c, [msg(999), msg(1000)]);
  assert.equal(c.unread, UNREAD_CAP);
});

test('the newest seq held is marked read once, and told to the node once', () => {
  const c = conversationOf(freshState(), 'dm', 'bob');
  assert.equal(toMark(c), null, 'nothing held, nothing to mark');
  assert.equal(readFrame(c), null);
  live(c, [msg(1), msg(2)]);
  assert.equal(toMark(c), 2);
  readUpTo(c, 2, 'alice');
  assert.equal(toMark(c), null);
  const frame = readFrame(c);
  assert.deepEqual(frame, { type: 'read', with: 'bob', seq: 2, ref: 'read' });
  readSent(c, frame);
  assert.equal(readFrame(c), null, 'the node has it');
  const room = conversationOf(freshState(), 'room', 'plans');
  readUpTo(room, 4, 'alice');
  assert.deepEqual(readFrame(room), { type: 'read', room: 'plans', seq: 4, ref: 'read' });
});

test("a marker the node has from another session, or lists in a welcome, is not sent again; one it lost is", () => {
  const c = conversationOf(freshState(), 'room', 'plans');
  counted(c, { lastSeq: 5, lastRead: 0, unread: 5 }, 'alice');
  readUpTo(c, 5, 'alice', true);
  assert.equal(c.unread, 0);
  assert.equal(readFrame(c), null, 'a read frame of the node');
  live(c, [msg(6)]);
  readUpTo(c, 6, 'alice');
  readSent(c, readFrame(c));
  counted(c, { lastSeq: 6, lastRead: 5, unread: 1 }, 'alice'); // the frame went down with the connection
  assert.equal(c.unread, 0);
  assert.deepEqual(readFrame(c), { type: 'read', room: 'plans', seq: 6, ref: 'read' });
});

test("the tab's title counts what is addressed to the reader: mentions in rooms and unread DMs; other unread as a dot", () => {
  const state = freshState();
  const plans = conversationOf(state, 'room', 'plans');
  counted(plans, { lastSeq: 5, lastRead: 3, unread: 2, mentions: 0 }, 'alice');
  assert.equal(title(state), '• Chat');
  counted(conversationOf(state, 'dm', 'bob'), { lastSeq: 4, lastRead: 0, unread: 4 }, 'alice');
  counted(plans, { lastSeq: 5, lastRead: 3, unread: 2, mentions: 1 }, 'alice');
  assert.equal(title(state), '(5) Chat');
});

test('mentions of the reader are counted as they arrive and cleared by reading, like unread', () => {
  const c = conversationOf(freshState(), 'room', 'plans');
  countFrom(c, 0);
  live(c, [{ ...msg(1), mentions: ['alice'] }, msg(2), { ...msg(3), mentions: ['carol'] }, { ...msg(4), mentions: ['alice', 'carol'] }]);
  assert.deepEqual([c.unread, c.mentions], [4, 2]);
  readUpTo(c, 2, 'alice');
  assert.deepEqual([c.unread, c.mentions], [2, 1], 'what lies after the marker, counted from the messages held');
  readUpTo(c, 4, 'alice');
  assert.deepEqual([c.unread, c.mentions], [0, 0]);
  assert.equal(mentionsMe({ ...msg(5), mentions: ['alice'], deleted: true }, 'alice'), false, 'a deleted message mentions no one');
});
