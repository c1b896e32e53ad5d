// The members panel of the room shown: who belongs to it (online first) and with what role; adding
// and removing members for those the node allows (owners and moderators, admins); and leaving the
// room for good. The node decides: the panel only offers what it would allow, and shows its refusals.
import { api, ApiError } from './api.js';
import { $, button, checkField, dot, text } from './dom.js';
import { mayAdd, mayRemove, orderMembers } from './membership.js';

/** Pages of members the panel reads at most: a bigger room shows its first ones by name. */
const MAX_PAGES = 5;

export class Members {
  /**
   * @param state () => the login's state
   * @param current () => the conversation shown, or null
   * @param profiles the Profiles: the names to show, fetched when not known
   * @param part room => ends the reader's membership
   * @param limits the node's (limits.js): the user name rule, a page of members
   */
  constructor({ state, current, profiles, part, limits }) {
    Object.assign(this, { state, current, profiles, part, limits });
    this.room = null; // the room the panel shows
    this.generation = 0; // answers for an earlier room, or login, are dropped
  }

  init() {
    $('members-open').onclick = () => {
      const c = this.current();
      if (c && c.kind === 'room') this.show(c.name);
    };
    $('members-close').onclick = () => this.close();
    $('member-add-form').onsubmit = (e) => {
      e.preventDefault();
      this.add();
    };
    $('room-part').onclick = () => this.part(this.room);
  }

  show(room) {
    for (const id of ['profile-panel', 'directory-panel']) $(id).hidden = true;
    this.room = room;
    $('members-title').textContent = `Members of # ${room}`;
    $('members-status').textContent = '';
    $('member-list').replaceChildren();
    $('members-panel').hidden = false;
    this.refresh();
  }

  close() {
    this.room = null;
    this.generation++;
    $('members-panel').hidden = true;
  }

  reset() {
    this.close();
    $('member-list').replaceChildren();
    $('member-add-form').reset();
  }

  /** The membership of a room changed: the panel showing it reads it again. */
  changed(room) {
    if (room === this.room) this.refresh();
  }

  /** The reader no longer belongs to the room: the panel showing it closes. */
  gone(room) {
    if (room === this.room) this.close();
  }

  async refresh() {
    const generation = ++this.generation;
    const room = this.room;
    let details;
    let members;
    try {
      [details, members] = await Promise.all([api.room(room), this.allMembers(room)]);
    } catch (e) {
      if (generation === this.generation) this.tell(e);
      return;
    }
    if (generation !== this.generation) return;
    this.render(details, members);
    await this.profiles.ensure(members.map((m) => m.user));
    if (generation === this.generation) this.render(details, members); // with the names now known
  }

  render(details, members) {
    const { roles, user } = this.state().me;
    const privileged = roles.includes('admin') || roles.includes('service');
    const role = details.role || null;
    $('members-info').textContent = `${details.visibility === 'private' ? 'Private' : 'Public'} room · ${details.members} `
      + `member${details.members === 1 ? '' : 's'}${role ? ` · you are its ${role}` : ''}${details.topic ? ` · ${details.topic}` : ''}`;
    $('member-list').replaceChildren(...orderMembers(members).map((m) => this.row(m, m.user !== user && mayRemove(role, privileged, m))));
    $('member-add-form').hidden = !mayAdd(role, privileged);
    $('room-part').hidden = !role;
  }

  /** Up to MAX_PAGES pages of members, by name. */
  async allMembers(room) {
    const all = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const { members } = await api.members(room, all.length ? all[all.length - 1].user : undefined, this.limits.maxPage);
      all.push(...members);
      if (members.length < this.limits.maxPage) break;
    }
    return all;
  }

  row(m, removable) {
    const li = document.createElement('li');
    li.append(dot(m.online), text('span', `${this.profiles.displayName(m.user)} (@${m.user})`, 'name'), text('span', m.role, 'role'));
    if (removable) {
      const remove = button('Remove', () => this.remove(m.user));
      remove.setAttribute('aria-label', `Remove ${m.user}`);
      li.append(remove);
    }
    return li;
  }

  async add() {
    if (!checkField('member-add-user', { name: this.limits.userName })) return;
    const user = $('member-add-user').value.trim();
    await this.run(() => api.addMember(this.room, user));
    $('member-add-user').value = '';
  }

  remove(user) {
    return this.run(() => api.removeMember(this.room, user));
  }

  /** A change through the REST API; the panel reads the room again, also when the node refused (it says why). */
  async run(call) {
    const generation = this.generation;
    try {
      await call();
      if (generation === this.generation) $('members-status').textContent = '';
    } catch (e) {
      if (generation === this.generation) this.tell(e);
    }
    if (generation === this.generation) this.refresh();
  }

  tell(e) {
    $('members-status').textContent = e instanceof ApiError ? e.message : 'The server cannot be reached.';
  }
}
