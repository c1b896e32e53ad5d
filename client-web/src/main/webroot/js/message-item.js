// One message's element: who and when, what it answers, its text, its reactions, and what the
// reader may do with it (reply, react, edit and delete their own, delete as a moderator). A delete
// asks first, in the message itself: the page shows no dialog of the browser's.
import { button, text } from './dom.js';
import { reactionList } from './changes.js';
import { messageText } from './message-text.js';
import { mentionsMe } from './unread.js';

/** The reactions the picker offers; any other that someone made shows as a chip as well. */
const PICKER = ['👍', '❤️', '😂', '🎉', '😮', '😢'];

/**
 * @param m the message
 * @param viewer {user, mayEdit(m), mayDelete(m), maxReactions}: who reads, and the node's most reactions on a message
 * @param quote seq => the element showing the message a reply answers
 * @param act {openProfile(user), reply(m), edit(m), remove(m), react(m, emoji)}
 */
export function messageItem(m, viewer, quote, act) {
  const li = document.createElement('li');
  li.className = 'message';
  li.dataset.seq = m.seq;
  if (m.from === viewer.user) li.classList.add('own');
  if (m.deleted) li.classList.add('deleted');
  if (mentionsMe(m, viewer.user)) li.classList.add('mentions-me');
  const body = document.createElement('div');
  body.className = 'body';
  if (m.replyTo) body.append(quote(m.replyTo));
  body.append(meta(m, act), m.deleted ? text('div', 'message deleted', 'text') : messageText(m));
  if (!m.deleted) body.append(reactions(m, viewer, act));
  li.append(button('', () => act.openProfile(m.from), 'avatar'), body);
  if (!m.deleted) li.append(actions(m, viewer, act));
  return li;
}

function meta(m, act) {
  const el = document.createElement('div');
  el.className = 'meta';
  const time = text('time', new Date(m.ts).toLocaleTimeString());
  time.dateTime = new Date(m.ts).toISOString();
  el.append(button('', () => act.openProfile(m.from), 'name'), time);
  if (m.editedAt) {
    const edited = text('span', '(edited)', 'edited');
    edited.title = `edited ${new Date(m.editedAt).toLocaleString()}`;
    el.append(edited);
  }
  return el;
}

/** The chips (the reader's own marked, each a toggle) and the picker that adds one (a new emoji only while the message has room for it). */
function reactions(m, viewer, act) {
  const el = document.createElement('div');
  el.className = 'reactions';
  const made = reactionList(m);
  for (const r of made) {
    const chip = button(`${r.emoji} ${r.count}`, () => act.react(m, r.emoji), r.me ? 'reaction mine' : 'reaction');
    chip.setAttribute('aria-pressed', String(r.me));
    chip.setAttribute('aria-label', `${r.emoji} ${r.count}${r.me ? ', yours' : ''}`);
    el.append(chip);
  }
  const picker = document.createElement('span');
  picker.className = 'picker';
  picker.hidden = true;
  const full = made.length >= viewer.maxReactions;
  for (const emoji of PICKER.filter((e) => !full || made.some((r) => r.emoji === e))) {
    const choice = button(emoji, () => act.react(m, emoji), 'pick');
    choice.setAttribute('aria-label', `React with ${emoji}`);
    picker.append(choice);
  }
  const open = button('☺+', () => { picker.hidden = !picker.hidden; }, 'react');
  open.setAttribute('aria-label', 'Add a reaction');
  el.append(open, picker);
  return el;
}

function actions(m, viewer, act) {
  const el = document.createElement('div');
  el.className = 'actions';
  const normal = [button('reply', () => act.reply(m), 'reply')];
  if (viewer.mayEdit(m)) normal.push(button('edit', () => act.edit(m), 'edit'));
  if (viewer.mayDelete(m)) {
    const confirm = [text('span', 'Delete this message?', 'confirm-text'),
      button('Delete', () => act.remove(m), 'confirm-delete danger'),
      button('Cancel', () => el.replaceChildren(...normal), 'confirm-cancel')];
    normal.push(button('delete', () => {
      el.replaceChildren(...confirm);
      confirm[2].focus();
    }, 'delete'));
  }
  el.append(...normal);
  return el;
}

/** Names, initials and colours as the author's profile now says, changed in place. */
export function paintAuthor(li, user, profile) {
  const name = profile.displayName || user;
  const avatar = li.querySelector('.avatar');
  const initial = name.slice(0, 1).toUpperCase();
  if (avatar.textContent !== initial) avatar.textContent = initial;
  avatar.style.background = profile.avatarColor || '#8a93a6';
  avatar.setAttribute('aria-label', `Profile of ${name}`);
  const label = li.querySelector('.name');
  if (label.textContent !== name) label.textContent = name;
}
