// A message's text as the page shows it: a small subset of Markdown (`code`, ``` blocks, **bold**,
// *italic* or _italic_, > quotes), links (http and https only) and mentions (of the users the node
// listed). markdown-it parses, with HTML and every other rule off, so anything else stays literal
// text. Pure: the result is a tree of plain objects, which the page turns into text nodes and
// attributes (message-text.js), never into HTML; so it runs under `node --test`.
import markdownit from '../vendor/markdown-it/markdown-it.esm.min.mjs';

const MENTION = /(?<![A-Za-z0-9_])@([A-Za-z0-9_]{3,32})(?![A-Za-z0-9_])/g;

// 'zero' has only paragraphs and text: each rule of the subset is named here, none other runs.
const md = markdownit('zero', { html: false, linkify: true, breaks: true });
md.enable(['blockquote', 'fence', 'backticks', 'emphasis', 'newline', 'linkify']);
md.linkify.set({ fuzzyLink: false, fuzzyEmail: false, fuzzyIP: false }).add('ftp:', null).add('mailto:', null).add('//', null);
md.validateLink = (url) => safeHref(url) !== null;

/** The elements that hold others, by the token that opens them. */
const CONTAINERS = { paragraph_open: 'paragraph', blockquote_open: 'quote', strong_open: 'strong', em_open: 'em', link_open: 'link' };

/**
 * The text as a tree: blocks {kind: 'paragraph' | 'quote', children} and {kind: 'code-block', value},
 * holding inline nodes {kind: 'text' | 'mention' | 'code', value}, {kind: 'strong' | 'em', children},
 * {kind: 'link', href, children} and {kind: 'break'}.
 */
export function richText(text, mentions = []) {
  return tree(md.parse(text, {}), new Set(mentions));
}

function tree(tokens, names) {
  const root = { children: [] };
  const open = [root];
  for (const token of tokens) {
    const parent = open[open.length - 1];
    if (token.nesting === 1) {
      const node = { kind: CONTAINERS[token.type], children: [] };
      if (node.kind === 'link') node.href = safeHref(token.attrGet('href'));
      parent.children.push(node);
      open.push(node);
    } else if (token.nesting === -1) {
      open.pop();
    } else {
      parent.children.push(...leaf(token, names, parent.kind === 'link'));
    }
  }
  return root.children;
}

/** The nodes of a token that holds no others. */
function leaf(token, names, inLink) {
  switch (token.type) {
    case 'inline':
      return tree(token.children, names);
    case 'text':
      return inLink ? [{ kind: 'text', value: token.content }] : withMentions(token.content, names);
    case 'code_inline':
      return [{ kind: 'code', value: token.content }];
    case 'fence':
      return [{ kind: 'code-block', value: token.content.replace(/\n$/, '') }];
    default: // softbreak, hardbreak: a line ends
      return [{ kind: 'break' }];
  }
}

/** A run of text cut at the mentions of the users named. */
function withMentions(text, names) {
  const out = [];
  let at = 0;
  for (const m of text.matchAll(MENTION)) {
    if (!names.has(m[1].toLowerCase())) continue;
    if (m.index > at) out.push({ kind: 'text', value: text.slice(at, m.index) });
    out.push({ kind: 'mention', value: m[0] });
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push({ kind: 'text', value: text.slice(at) });
  return out;
}

/** The address if it is a well-formed http or https URL, else null. */
function safeHref(value) {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch (e) {
    return null;
  }
}
