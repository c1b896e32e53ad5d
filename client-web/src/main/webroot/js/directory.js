// The room directory: the rooms the reader may see (public ones and their own private ones), found
// by the start of a name, a page at a time; and the form that creates a room.
import { api, ApiError } from './api.js';
import { $, button, checkField, roomLabel, text } from './dom.js';
import { applyRoom } from './membership.js';

/** Rooms per page of the directory. */
const PAGE = 50;

export class Directory {
  /**
   * @param state () => the login's state
   * @param join room => joins it and shows it
   * @param open room => shows a room already joined
   * @param limits the node's (limits.js): the room name rule, the longest topic
   */
  constructor({ state, join, open, limits }) {
    Object.assign(this, { state, join, open, limits });
    this.generation = 0; // answers for an earlier search, or login, are dropped
  }

  init() {
    $('directory-open').onclick = () => this.show();
    $('directory-close').onclick = () => { $('directory-panel').hidden = true; };
    $('directory-form').onsubmit = (e) => {
      e.preventDefault();
      this.search();
    };
    $('directory-more').onclick = () => this.search(this.last);
    $('create-room-form').onsubmit = (e) => {
      e.preventDefault();
      this.create();
    };
  }

  show() {
    for (const id of ['profile-panel', 'members-panel']) $(id).hidden = true;
    $('directory-panel').hidden = false;
    $('sidebar').classList.remove('open');
    this.search();
    $('directory-q').focus();
  }

  /** Forgets what the panel showed (a new login starts clean). */
  reset() {
    this.generation++;
    $('directory-panel').hidden = true;
    $('directory-list').replaceChildren();
    $('directory-more').hidden = true;
    $('directory-status').textContent = '';
    $('directory-form').reset();
    $('create-room-form').reset();
    $('create-room-error').textContent = '';
  }

  /** The first page of rooms whose name starts with what is typed, or the page after `after`. */
  async search(after) {
    const generation = ++this.generation;
    const q = $('directory-q').value.trim().toLowerCase();
    let rooms;
    try {
      ({ rooms } = await api.rooms(q || undefined, after));
    } catch (e) {
      if (generation === this.generation) $('directory-status').textContent = e instanceof ApiError ? e.message : 'The server cannot be reached.';
      return;
    }
    if (generation !== this.generation) return;
    const rows = rooms.map((r) => this.row(r));
    if (after) $('directory-list').append(...rows); else $('directory-list').replaceChildren(...rows);
    this.last = rooms.length ? rooms[rooms.length - 1].room : after;
    $('directory-more').hidden = rooms.length < PAGE;
    const shown = $('directory-list').children.length;
    $('directory-status').textContent = shown ? '' : `No room${q ? ` starts with “${q}”` : ' yet'}.`;
  }

  row(r) {
    const li = document.createElement('li');
    const known = this.state().rooms.get(r.room);
    const joined = Boolean(known && known.joined);
    const go = button('', () => {
      $('directory-panel').hidden = true;
      if (joined) this.open(r.room); else this.join(r.room);
    }, 'link');
    go.append(roomLabel(r.room, r.visibility));
    go.setAttribute('aria-label', `${joined ? 'Open' : 'Join'} room ${r.room}`);
    li.append(go, text('span', `${r.visibility} · ${r.members} member${r.members === 1 ? '' : 's'} · ${r.online} online`, 'about'));
    if (r.topic) li.append(text('p', r.topic, 'about'));
    return li;
  }

  async create() {
    if (!checkField('create-room-name', { name: this.limits.roomName })
      || !checkField('create-room-topic', { max: this.limits.maxTopic })) return;
    const name = $('create-room-name').value.trim();
    const topic = $('create-room-topic').value.trim();
    const asked = this.state();
    let created;
    try {
      created = await api.createRoom(name, $('create-room-visibility').value, topic || undefined);
    } catch (e) {
      $('create-room-error').textContent = e instanceof ApiError ? e.message : 'The server cannot be reached.';
      return;
    }
    if (asked !== this.state()) return;
    // A new room: its owner has read all of nothing.
    applyRoom(asked, { ...created, lastSeq: 0, lastRead: 0, unread: 0 });
    $('create-room-form').reset();
    $('create-room-error').textContent = '';
    $('directory-panel').hidden = true;
    this.join(name);
  }
}
