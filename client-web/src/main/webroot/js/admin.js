// The moderation page: who is online on which node, actions on users and messages, the audit log.
import { api, ApiError } from './api.js';
import { $, checkField } from './dom.js';

function cell(value) {
  const td = document.createElement('td');
  td.textContent = value;
  return td;
}

function row(...cells) {
  const tr = document.createElement('tr');
  tr.append(...cells);
  return tr;
}

export const Admin = {
  /** @param limits the node's (limits.js): its name rules, the longest reason and the longest ban or mute */
  init(toast, limits) {
    this.toast = toast;
    this.limits = limits;
    $('admin-open').onclick = () => { $('admin-view').hidden = false; this.refresh(); };
    $('admin-close').onclick = () => { $('admin-view').hidden = true; };
    $('admin-refresh').onclick = () => this.refresh();
    $('admin-user-form').addEventListener('click', (e) => {
      const action = e.target.dataset && e.target.dataset.action;
      if (action) this.act(action);
    });
    $('admin-delete-form').onsubmit = (e) => {
      e.preventDefault();
      if (!checkField('admin-delete-room', { name: this.limits.roomName })) return;
      this.run(`deleted message ${$('admin-delete-seq').value} of ${$('admin-delete-room').value}`,
        () => api.admin.deleteMessage($('admin-delete-room').value.trim(), Number($('admin-delete-seq').value)));
    };
  },

  /** Forgets what the page showed (a new login starts clean); answers still on their way are dropped. */
  reset() {
    this.generation = (this.generation || 0) + 1;
    $('admin-view').hidden = true;
    for (const id of ['admin-nodes', 'admin-sessions', 'admin-audit']) $(id).tBodies[0].replaceChildren();
    $('admin-user-form').reset();
    $('admin-delete-form').reset();
    this.show('');
  },

  act(action) {
    const { userName, roomName, maxReason, maxModerationMinutes } = this.limits;
    const timed = action === 'ban' || action === 'mute'; // the others take no minutes
    if (!(checkField('admin-user', { name: userName }) && checkField('admin-reason', { max: maxReason })
      && (!timed || checkField('admin-minutes', { number: { max: maxModerationMinutes, unit: 'minutes' } }))
      && checkField('admin-room', { name: roomName }))) return;
    const user = $('admin-user').value.trim();
    const reason = $('admin-reason').value.trim() || undefined;
    const minutes = $('admin-minutes').value ? Number($('admin-minutes').value) : undefined;
    const room = $('admin-room').value.trim() || undefined;
    const calls = {
      kick: () => api.admin.kick(user, reason),
      ban: () => api.admin.ban(user, minutes, reason),
      unban: () => api.admin.unban(user),
      mute: () => api.admin.mute(user, minutes || 60, room),
      unmute: () => api.admin.unmute(user, room),
      revoke: () => api.admin.revoke(user),
    };
    this.run(`${action}: ${user}`, calls[action]);
  },

  async run(what, call) {
    try {
      await call();
      this.show(`Done — ${what}.`);
      this.refresh();
    } catch (e) {
      this.show(e instanceof ApiError ? `${what} failed: ${e.message}` : 'The server cannot be reached.');
    }
  },

  show(message) {
    $('admin-result').textContent = message;
  },

  async refresh() {
    const generation = this.generation;
    try {
      const [{ nodes }, { sessions }, { entries }] = await Promise.all([api.admin.nodes(), api.admin.sessions(), api.admin.audit()]);
      if (generation !== this.generation) return;
      $('admin-nodes').tBodies[0].replaceChildren(...nodes.map((n) =>
        row(cell(n.node.slice(0, 8)), cell(n.address), cell(String(n.connections)), cell(`${n.uptimeS} s`))));
      $('admin-sessions').tBodies[0].replaceChildren(...sessions.map((s) => {
        const actions = document.createElement('td');
        for (const [label, action] of [['kick', 'kick'], ['ban', 'ban']]) {
          const b = document.createElement('button');
          b.type = 'button';
          b.textContent = label;
          b.setAttribute('aria-label', `${label} ${s.user}`);
          b.onclick = () => { $('admin-user').value = s.user; this.act(action); };
          actions.append(b);
        }
        return row(cell(s.user), cell(s.node.slice(0, 8)), cell(s.rooms.join(', ')), cell(new Date(s.connectedAt).toLocaleTimeString()), actions);
      }));
      $('admin-audit').tBodies[0].replaceChildren(...entries.map((a) =>
        row(cell(new Date(a.ts).toLocaleString()), cell(a.actor), cell(a.action), cell(a.target), cell(JSON.stringify(a.detail)))));
    } catch (e) {
      this.show(e instanceof ApiError ? e.message : 'The server cannot be reached.');
    }
  },
};
