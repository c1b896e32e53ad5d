// The login's rooms as the node lists and changes them, and who may add and remove members.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conversationOf, freshState } from '../../main/webroot/js/state.js';
import {
  applyMembership, applyWelcome, mayAdd, mayRemove, orderMembers, roomsToJoin,
} from '../../main/webroot/js/membership.js';

function login(user = 'bob') {
  const state = freshState();
  state.me = { user, roles: [] };
  return state;
}

const welcome = {
  rooms: [
    { room: 'general', visibility: 'public', topic: '', role: 'member', lastSeq: 4, lastRead: 4, unread: 0 },
    { room: 'plans', visibility: 'private', topic: 'Q3', role: 'owner', lastSeq: 9, lastRead: 6, unread: 2 },
  ],
  dms: [{ with: 'carol', lastSeq: 3, lastRead: 1, unread: 2, lastTs: 1 }, { with: 'dave', lastSeq: 1, lastRead: 1, unread: 0, lastTs: 0 }],
};

test("a welcome's rooms and DM conversations become the login's, with their counts, DMs most recent first", () => {
  const state = login();
  assert.deepEqual(applyWelcome(state, welcome), []);
  const plans = state.rooms.get('plans');
  assert.deepEqual([plans.member, plans.role, plans.visibility, plans.topic, plans.unread, plans.counted], [true, 'owner', 'private', 'Q3', 2, 9]);
  assert.deepEqual([...state.dms.keys()], ['carol', 'dave']);
  assert.equal(state.dms.get('carol').unread, 2);
});

test('a room gone from the next welcome (removed while away) is forgotten, and no longer shown', () => {
  const state = login();
  applyWelcome(state, welcome);
  state.current = { kind: 'room', name: 'plans' };
  const lobby = conversationOf(state, 'room', 'lobby');
  lobby.joined = true; // joined here, never a membership the page knew of: kept
  assert.deepEqual(applyWelcome(state, { rooms: [welcome.rooms[0]], dms: [] }), ['plans']);
  assert.ok(!state.rooms.has('plans'));
  assert.equal(state.current, null);
  assert.ok(state.rooms.has('lobby'));
});

test('membership frames about the reader add, re-role and forget rooms; others\' leave the lists alone', () => {
  const state = login();
  assert.deepEqual(applyMembership(state, { type: 'membership', room: 'plans', user: 'bob', event: 'added', role: 'member', by: 'alice' }),
    { mine: true, event: 'added', room: 'plans' });
  assert.deepEqual([state.rooms.get('plans').member, state.rooms.get('plans').role], [true, 'member']);
  applyMembership(state, { type: 'membership', room: 'plans', user: 'bob', event: 'role', role: 'moderator', by: 'alice' });
  assert.equal(state.rooms.get('plans').role, 'moderator');
  assert.equal(applyMembership(state, { type: 'membership', room: 'plans', user: 'carol', event: 'added', role: 'member' }).mine, false);
  assert.ok(!state.rooms.has('carol'));
  applyMembership(state, { type: 'membership', room: 'plans', user: 'bob', event: 'removed', by: 'alice' });
  assert.ok(!state.rooms.has('plans'));
  applyMembership(state, { type: 'membership', room: 'general', user: 'bob', event: 'role', role: 'owner' });
  assert.ok(!state.rooms.has('general'), 'a role change of a room not known makes no room');
});

test("on connecting, the page joins its memberships and the rooms joined here, up to a session's limit", () => {
  const state = login();
  applyWelcome(state, welcome);
  conversationOf(state, 'room', 'lobby').joined = true;
  conversationOf(state, 'room', 'seen'); // looked up only
  assert.deepEqual(roomsToJoin(state, 10).map((c) => c.name), ['general', 'plans', 'lobby']);
  state.rooms.get('general').left = true;
  assert.deepEqual(roomsToJoin(state, 10).map((c) => c.name), ['plans', 'lobby'], 'a room left on this page stays left');
  state.rooms.get('general').left = false;
  assert.deepEqual(roomsToJoin(state, 2).map((c) => c.name), ['general', 'plans']);
});

test('owners and moderators add; owners remove anyone, moderators plain members only; admins and services both', () => {
  assert.ok(mayAdd('owner', false) && mayAdd('moderator', false) && mayAdd(null, true));
  assert.ok(!mayAdd('member', false) && !mayAdd(null, false));
  const member = { user: 'carol', role: 'member' };
  const moderator = { user: 'dave', role: 'moderator' };
  assert.ok(mayRemove('owner', false, moderator) && mayRemove('moderator', false, member) && mayRemove(null, true, moderator));
  assert.ok(!mayRemove('moderator', false, moderator) && !mayRemove('member', false, member));
});

test('members are listed online first, then by name', () => {
  const members = [{ user: 'dave', online: false }, { user: 'carol', online: true }, { user: 'ann', online: false }, { user: 'bob', online: true }];
  assert.deepEqual(orderMembers(members).map((m) => m.user), ['bob', 'carol', 'ann', 'dave']);
});
