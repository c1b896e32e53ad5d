// A message's text cut into what the page shows differently: plain text, mentions (of the users
// the node listed) and links (http and https only). Pure: the page builds elements from the parts
// as text nodes and attributes, never from HTML.

const MENTION = /(?<![A-Za-z0-9_])@([A-Za-z0-9_]{3,32})(?![A-Za-z0-9_])/g;
const LINK = /\bhttps?:\/\/[^\s<>"']+/gi;
/** Punctuation that ends a sentence more often than a link. */
const TRAILING = '.,;:!?)]}';

/**
 * The parts of `text`, in order: {kind: 'text' | 'mention' | 'link', value, href?}. `mentions` are
 * the users the node says the message mentions; other @words stay text.
 */
export function parts(text, mentions = []) {
  const names = new Set(mentions);
  const found = [];
  for (const m of text.matchAll(LINK)) {
    const value = trimmed(m[0]);
    const href = safeHref(value);
    if (href) found.push({ start: m.index, end: m.index + value.length, kind: 'link', value, href });
  }
  for (const m of text.matchAll(MENTION)) {
    const inside = found.some((f) => m.index < f.end && m.index + m[0].length > f.start);
    if (!inside && names.has(m[1].toLowerCase())) found.push({ start: m.index, end: m.index + m[0].length, kind: 'mention', value: m[0] });
  }
  found.sort((a, b) => a.start - b.start);
  const out = [];
  let at = 0;
  for (const f of found) {
    if (f.start > at) out.push({ kind: 'text', value: text.slice(at, f.start) });
    out.push(f.kind === 'link' ? { kind: 'link', value: f.value, href: f.href } : { kind: 'mention', value: f.value });
    at = f.end;
  }
  if (at < text.length) out.push({ kind: 'text', value: text.slice(at) });
  return out;
}

/** A link without the punctuation after it, but a closing parenthesis the link itself opened. */
function trimmed(link) {
  let end = link.length;
  while (end > 0 && TRAILING.includes(link[end - 1])) {
    const kept = link.slice(0, end);
    if (link[end - 1] === ')' && count(kept, '(') >= count(kept, ')')) break;
    end--;
  }
  return link.slice(0, end);
}

function count(s, c) {
  return s.split(c).length - 1;
}

/** The link's address if it is a well-formed http or https URL, else null. */
function safeHref(value) {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch (e) {
    return null;
  }
}
