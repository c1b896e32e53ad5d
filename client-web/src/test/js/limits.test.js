// The node's limits as the page reads them from GET /api/config, and the checks made with them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frameBytes } from '../../main/webroot/js/chat-client.js';
import { codePoints, fieldProblem, parseLimits } from '../../main/webroot/js/limits.js';

/** GET /api/config as docs/protocol.md shows it. */
const served = () => ({
  protocol: 1, maxText: 4000, maxFrameBytes: 65536, rateLimit: 20, rateBurst: 40, maxRoomsPerSession: 200, maxPage: 200,
  heartbeatIntervalMs: 30000, userPattern: '^[a-z0-9_]{3,32}$', roomPattern: '^[a-z0-9][a-z0-9_-]{0,63}$', maxWatch: 200,
  maxProfileBatch: 200, maxDisplayName: 64, maxStatusText: 100, maxBio: 500, maxReason: 200,
  maxModerationMinutes: 525600, minPassword: 8, maxPassword: 256, maxTopic: 250, editWindowMinutes: 1440, maxReactions: 20,
});

test("the node's counts are taken as served, and the limits cannot be changed afterwards", () => {
  const limits = parseLimits({ ...served(), maxText: 50, maxWatch: 7 });
  assert.equal(limits.maxText, 50);
  assert.equal(limits.maxWatch, 7);
  assert.equal(limits.maxFrameBytes, 65536);
  assert.deepEqual([limits.maxModerationMinutes, limits.minPassword, limits.maxPassword], [525600, 8, 256]);
  assert.ok(Object.isFrozen(limits));
  assert.throws(() => { limits.maxText = 4000; }, TypeError);
});

test("the name rules are the node's patterns, matched against the whole name", () => {
  const { userName, roomName } = parseLimits(served());
  assert.ok(userName.pattern.test('alice_2'));
  assert.ok(!userName.pattern.test('al'), 'too short');
  assert.ok(!userName.pattern.test('Alice'));
  assert.ok(roomName.pattern.test('rust-lang'));
  assert.ok(!roomName.pattern.test('-rust'));
  assert.equal(roomName.source, '^[a-z0-9][a-z0-9_-]{0,63}$');
  const unanchored = parseLimits({ ...served(), userPattern: '[a-z]{3}' }).userName;
  assert.ok(!unanchored.pattern.test('abcd'), 'a pattern without anchors still matches the whole name, as the node does');
});

test('an answer without a usable limit is refused, naming the field', () => {
  assert.throws(() => parseLimits(null), /not a JSON object/);
  const noText = served();
  delete noText.maxText;
  assert.throws(() => parseLimits(noText), /maxText/);
  assert.throws(() => parseLimits({ ...served(), maxPage: 0 }), /maxPage/);
  assert.throws(() => parseLimits({ ...served(), maxBio: '500' }), /maxBio/);
  for (const key of ['maxModerationMinutes', 'minPassword', 'maxPassword', 'maxTopic', 'maxRoomsPerSession']) {
    const without = served();
    delete without[key];
    assert.throws(() => parseLimits(without), new RegExp(key));
  }
  assert.throws(() => parseLimits({ ...served(), minPassword: 300 }), /minPassword is above maxPassword/);
  assert.throws(() => parseLimits({ ...served(), roomPattern: undefined }), /roomPattern is missing/);
  assert.throws(() => parseLimits({ ...served(), userPattern: '[a-z' }), /userPattern is not a pattern/);
});

test('a field is checked against its rule: names by the pattern, lengths in code points', () => {
  const { userName } = parseLimits({ ...served(), userPattern: '^[a-z]{3,5}$' });
  assert.equal(fieldProblem('bobby', { name: userName }), '');
  assert.match(fieldProblem('bob_99', { name: userName }), /user name .* must match \^\[a-z\]\{3,5\}\$/);
  assert.equal(fieldProblem('', { name: userName }), '', 'an empty field is for `required` to refuse');
  assert.equal(fieldProblem('😀'.repeat(5), { max: 5 }), '', 'five code points, ten UTF-16 units');
  assert.equal(fieldProblem('😀'.repeat(6), { max: 5 }), 'At most 5 characters are allowed; this is 6.');
});

test('text is counted in code points, frames in UTF-8 bytes', () => {
  assert.equal(codePoints('a😀é'), 3);
  assert.equal(frameBytes('a😀é'), 1 + 4 + 2);
});

test("a password's length is checked as the node counts it: UTF-16 units, spaces included", () => {
  const rule = { secret: true, min: 8, max: 10 };
  assert.equal(fieldProblem('short12', rule), 'At least 8 characters are needed; this is 7.');
  assert.equal(fieldProblem('12345678', rule), '');
  assert.equal(fieldProblem(' 234567 ', rule), '', 'a space is part of a password');
  assert.equal(fieldProblem('😀'.repeat(4), rule), '', 'four code points, eight UTF-16 units');
  assert.equal(fieldProblem('😀'.repeat(6), rule), 'At most 10 characters are allowed; this is 12.');
  assert.equal(fieldProblem('', rule), '', 'an empty field is for `required` to refuse');
  assert.equal(fieldProblem('short12', { secret: true, max: 10 }), '', 'a login is only held to the longest');
});

test('a ban or mute is a whole number of minutes from 1 to the longest the node allows', () => {
  const rule = { number: { max: 525600, unit: 'minutes' } };
  assert.equal(fieldProblem('525600', rule), '');
  assert.equal(fieldProblem('1', rule), '');
  assert.equal(fieldProblem('525601', rule), 'At most 525600 minutes are allowed; this is 525601.');
  assert.equal(fieldProblem('0', rule), 'A whole number of minutes from 1 to 525600 is needed.');
  assert.equal(fieldProblem('1.5', rule), 'A whole number of minutes from 1 to 525600 is needed.');
  assert.equal(fieldProblem('-3', rule), 'A whole number of minutes from 1 to 525600 is needed.');
  assert.equal(fieldProblem('', rule), '', 'no minutes: the action takes its default');
});
