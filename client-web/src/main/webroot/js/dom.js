// Small DOM builders. User content goes in only as text (textContent), never as HTML.
import { fieldProblem } from './limits.js';

export const $ = (id) => document.getElementById(id);

export function text(tag, value, cls) {
  const el = document.createElement(tag);
  el.textContent = value;
  if (cls) el.className = cls;
  return el;
}

export function button(label, onClick, cls) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  if (cls) b.className = cls;
  b.onclick = onClick;
  return b;
}

/**
 * False when the input's value breaks the node's rule for it (limits.js fieldProblem): the browser
 * then shows why, at the input, until the person types there again. A secret is checked as typed,
 * as it is sent; other values without the spaces around them.
 */
export function checkField(id, rule) {
  const el = $(id);
  const problem = fieldProblem(rule.secret ? el.value : el.value.trim(), rule);
  el.setCustomValidity(problem);
  if (problem) el.addEventListener('input', () => el.setCustomValidity(''), { once: true });
  return el.reportValidity();
}

/** A presence dot: green when the user is online. */
/** A room's name with its mark: `#` for a public room, a lock (drawn by CSS, no emoji font needed) for a private one. */
export function roomLabel(room, visibility) {
  const span = document.createElement('span');
  if (visibility === 'private') {
    const lock = document.createElement('span');
    lock.className = 'lock';
    lock.setAttribute('aria-hidden', 'true');
    span.append(lock, document.createTextNode(room));
  } else {
    span.textContent = `# ${room}`;
  }
  return span;
}

export function dot(online) {
  const d = document.createElement('span');
  d.className = online ? 'dot online' : 'dot';
  d.setAttribute('role', 'img');
  d.setAttribute('aria-label', online ? 'online' : 'offline');
  return d;
}

/**
 * Brings a list to these items, keyed: an item whose signature is unchanged keeps its element (and
 * focus or selection in it); only changed items are built again.
 * @param items [{key, sig, build: () => HTMLElement}]
 */
export function reconcile(list, items) {
  const old = new Map([...list.children].map((el) => [el.dataset.key, el]));
  const wanted = items.map(({ key, sig, build }) => {
    const kept = old.get(key);
    if (kept && kept.dataset.sig === sig) return kept;
    const el = build();
    el.dataset.key = key;
    el.dataset.sig = sig;
    return el;
  });
  const same = wanted.length === list.children.length && wanted.every((el, i) => list.children[i] === el);
  if (!same) list.replaceChildren(...wanted);
}
