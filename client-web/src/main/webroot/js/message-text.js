// A message's text as elements, from the tree of rich-text.js: every piece of it a text node or an
// attribute the page sets itself, never HTML, so no text can become markup.
import { text } from './dom.js';
import { richText } from './rich-text.js';

/** The element of each kind of node that holds others, or that holds a value. */
const TAGS = { paragraph: 'p', quote: 'blockquote', strong: 'strong', em: 'em', code: 'code', mention: 'span' };

/** A message's text, formatted, with its mentions (as the node lists them) marked and its links live. */
export function messageText(m) {
  const el = text('div', '', 'text');
  el.append(...richText(m.text, m.mentions).map(node));
  return el;
}

function node(n) {
  switch (n.kind) {
    case 'text':
      return document.createTextNode(n.value);
    case 'break': // a line end as the text has it (.text keeps white space): copied text keeps its lines
      return document.createTextNode('\n');
    case 'code-block': {
      const pre = document.createElement('pre');
      pre.append(text('code', n.value));
      return pre;
    }
    case 'link': {
      const a = document.createElement('a');
      a.href = n.href;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      a.append(...n.children.map(node));
      return a;
    }
    default: {
      if (n.children === undefined) return text(TAGS[n.kind], n.value, n.kind);
      const el = document.createElement(TAGS[n.kind]);
      el.append(...n.children.map(node));
      return el;
    }
  }
}
