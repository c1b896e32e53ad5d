// The sidebar: joined rooms, the room directory, DM conversations. Keyed: an item is built again
// only when what it shows changed.
import { $, button, dot, reconcile, text } from './dom.js';

/**
 * @param state the login's state
 * @param displayName user => the name to show
 * @param open (kind, name) => shows a conversation
 * @param join room => joins it
 */
export function renderSidebar(state, { displayName, open, join }) {
  const current = (kind, name) => state.current !== null && state.current.kind === kind && state.current.name === name;
  const joined = [...state.rooms.values()].filter((r) => r.joined);
  const names = new Set(joined.map((r) => r.name));
  const room = (name, unread, online, isJoined) => {
    const label = `Room ${name}, ${online} online${unread ? `, ${unread} unread` : ''}${isJoined ? '' : ', not joined'}`;
    const now = current('room', name);
    return {
      key: `room:${name}`,
      sig: `${label}|${now}`,
      build: () => item(label, now, () => (isJoined ? open('room', name) : join(name)),
        text('span', `# ${name}`), unread ? text('span', String(unread), 'badge') : text('span', `${online} online`, 'count')),
    };
  };
  reconcile($('room-list'), [...joined.map((r) => room(r.name, r.unread, r.members.size, true)),
    ...state.roomDirectory.filter((d) => !names.has(d.room)).map((d) => room(d.room, 0, d.online, false))]);
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
