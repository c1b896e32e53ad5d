// How a message's text is cut into text, mentions and links, without a browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parts } from '../../main/webroot/js/rich-text.js';

test('links: http and https only, without the sentence punctuation after them', () => {
  assert.deepEqual(parts('see https://example.org/a?b=1. Or http://x.test/(y)!'), [
    { kind: 'text', value: 'see ' },
    { kind: 'link', value: 'https://example.org/a?b=1', href: 'https://example.org/a?b=1' },
    { kind: 'text', value: '. Or ' },
    { kind: 'link', value: 'http://x.test/(y)', href: 'http://x.test/(y)' },
    { kind: 'text', value: '!' },
  ]);
  assert.deepEqual(parts('javascript:alert(1) and data:text/html,<b>x</b> ftp://host/f'), [
    { kind: 'text', value: 'javascript:alert(1) and data:text/html,<b>x</b> ftp://host/f' },
  ], 'no other scheme becomes a link');
  assert.deepEqual(parts('https://"><img src=x onerror=alert(1)>'), [
    { kind: 'text', value: 'https://"><img src=x onerror=alert(1)>' },
  ], 'markup is never part of a link');
});

test('a closing parenthesis ends a link only when the link did not open it', () => {
  assert.deepEqual(parts('(see https://w.test/a)').map((p) => p.value), ['(see ', 'https://w.test/a', ')']);
});

test('mentions: only of the users the node listed, and never inside a link', () => {
  assert.deepEqual(parts('@Bob and @eve, https://h.test/@bob', ['bob']), [
    { kind: 'mention', value: '@Bob' },
    { kind: 'text', value: ' and @eve, ' },
    { kind: 'link', value: 'https://h.test/@bob', href: 'https://h.test/@bob' },
  ]);
  assert.deepEqual(parts(''), []);
});
