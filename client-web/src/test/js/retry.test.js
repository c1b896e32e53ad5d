// When the page tries again: the session's reconnects, and the wait for the node's limits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { retryDelay } from '../../main/webroot/js/chat-client.js';

test('the wait doubles from half a second, jittered within its upper half', () => {
  assert.equal(retryDelay(0, () => 0), 250);
  assert.equal(retryDelay(0, () => 1), 500);
  assert.equal(retryDelay(1, () => 1), 1000);
  assert.equal(retryDelay(3, () => 0.5), 3000);
});

test('the wait stops growing at 30 s', () => {
  assert.equal(retryDelay(20, () => 1), 30_000);
  assert.equal(retryDelay(20, () => 0), 15_000);
});
