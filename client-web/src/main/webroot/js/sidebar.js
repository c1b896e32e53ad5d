// The sidebar: the reader's rooms (memberships, and rooms joined on this page) and DM
// conversations, each with its unread count. Keyed: an item is built again only when what it shows changed.
import { $, button, dot, reconcile, roomLabel, text } from './dom.js';

/**
 * @param state the login's state
 * @param displayName user => the name to show
 * @param open (kind, name) => shows a conversation
 * @param join room => joins it
 */
export function renderSidebar(state, { displayName, open, join }) {
  const current = (kind, name) => state.current !== null && state.current.kind === kind && state.current.name === name;
  const rooms = [...state.rooms.values()].filter((r) => r.member || r.joined);
  reconcile($('room-list'), rooms.map((r) => {
    const online = r.members.size;
    const label = `Room ${r.name}, ${online} online${r.unread ? `, ${r.unread} unread` : ''}`
      + `${r.mentions ? `, ${r.mentions} mentioning you` : ''}`
      + `${r.visibility === 'private' ? ', private' : ''}${r.joined ? '' : ', not joined'}`;
    const now = current('room', r.name);
    return {
      key: `room:${r.name}`,
      sig: `${label}|${now}`,
      build: () => item(label, now, () => (r.joined ? open('room', r.name) : join(r.name)),
        roomLabel(r.name, r.visibility),
        r.unread ? text('span', r.mentions ? `@${r.mentions}` : String(r.unread), r.mentions ? 'badge mentioned' : 'badge')
          : text('span', `${online} online`, 'count')),
    };
  }));
  reconcile($('dm-list'), [...state.dms.values()].map((dm) => {
    const name = displayName(dm.name);
    const online = Boolean(state.presence.get(dm.name));
    const label = `Conversation with ${name}${dm.unread ? `, ${dm.unread} unread` : ''}`;
    const now = current('dm', dm.name);
    return {
      key: `dm:${dm.name}`,
      sig: `${label}|${online}|${now}`,
      build: () => item(label, now, () => open('dm', dm.name), dot(online), text('span', name),
        ...(dm.unread ? [text('span', String(dm.unread), 'badge')] : [])),
    };
  }));
}

function item(label, current, onClick, ...parts) {
  const li = document.createElement('li');
  const b = button('', onClick);
  b.append(...parts);
  b.setAttribute('aria-label', label);
  if (current) b.classList.add('current');
  li.append(b);
  return li;
}
