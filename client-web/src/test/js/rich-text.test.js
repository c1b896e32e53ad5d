// How a message's text becomes the tree the page builds its elements from, without a browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { richText } from '../../main/webroot/js/rich-text.js';

const text = (value) => ({ kind: 'text', value });
const paragraph = (...children) => ({ kind: 'paragraph', children });
const link = (href) => ({ kind: 'link', href, children: [text(href)] });

/** What the page shows of a tree as text, lines as '\n'. */
function shown(nodes) {
  return nodes.map((n) => (n.kind === 'break' ? '\n' : n.children ? shown(n.children) : n.value)).join('');
}

test('links: http and https only, without the sentence punctuation after them', () => {
  assert.deepEqual(richText('see https://example.org/a?b=1. Or http://x.test/(y)!'), [paragraph(
    text('see '), link('https://example.org/a?b=1'), text('. Or '), link('http://x.test/(y)'), text('!'),
  )]);
  const others = 'javascript:alert(1) and data:text/html,<b>x</b> ftp://host/f mailto:a@b.test //h.test www.h.test';
  assert.deepEqual(richText(others), [paragraph(text(others))], 'no other scheme, and nothing without one, becomes a link');
  assert.deepEqual(richText('https://"><img src=x onerror=alert(1)>'), [paragraph(text('https://"><img src=x onerror=alert(1)>'))],
    'markup is never part of a link');
  assert.deepEqual(richText('(see https://w.test/a)'), [paragraph(text('(see '), link('https://w.test/a'), text(')'))]);
});

test('mentions: only of the users the node listed, and never inside a link or code', () => {
  assert.deepEqual(richText('@Bob and @eve, https://h.test/@bob `@bob`', ['bob']), [paragraph(
    { kind: 'mention', value: '@Bob' }, text(' and @eve, '), link('https://h.test/@bob'), text(' '), { kind: 'code', value: '@bob' },
  )]);
  assert.deepEqual(richText(''), []);
});

test('the subset: code, bold, italic both ways, quotes and line breaks', () => {
  assert.deepEqual(richText('**bold** *it* _it_ `a *b* <i>`'), [paragraph(
    { kind: 'strong', children: [text('bold')] }, text(' '), { kind: 'em', children: [text('it')] }, text(' '),
    { kind: 'em', children: [text('it')] }, text(' '), { kind: 'code', value: 'a *b* <i>' },
  )]);
  assert.deepEqual(richText('> said\nthis\n\n```js\n<b>x</b>\n**y**\n```\nnext line'), [
    { kind: 'quote', children: [paragraph(text('said'), { kind: 'break' }, text('this'))] },
    { kind: 'code-block', value: '<b>x</b>\n**y**' },
    paragraph(text('next line')),
  ]);
});

test('everything outside the subset stays literal text', () => {
  const literal = '# not a heading\n- not a list\n[not](https://x.test) ![img](https://x.test/i.png) <script>alert(1)</script> &amp; ~~s~~';
  const tree = richText(literal);
  assert.equal(shown(tree), literal);
  assert.deepEqual(tree.flatMap((b) => b.children).filter((n) => !['text', 'break', 'link'].includes(n.kind)), []);
  assert.ok(tree[0].children.filter((n) => n.kind === 'link').every((n) => n.href.startsWith('https://x.test')),
    'only bare addresses are links, not markdown links or images');
});

test('a link inside emphasis stays whole, and emphasis markers inside a link are part of it', () => {
  assert.deepEqual(richText('**https://x.test/a** https://x.test/*b*c'), [paragraph(
    { kind: 'strong', children: [link('https://x.test/a')] }, text(' '), link('https://x.test/*b*c'),
  )]);
});
