// Profiles: the names and colours known, fetched in batches, and the profile panel.
import { api } from './api.js';
import { $, checkField, text } from './dom.js';
import { rememberProfile, staleProfiles } from './state.js';

/** A profile fetched this recently is not fetched again. */
const PROFILE_FRESH_MS = 15_000;

export class Profiles {
  /**
   * @param state () => the login's state
   * @param changed names or colours are known anew: redraw where they show
   * @param showApiError a failed call, told to the person
   * @param toast a short notice
   * @param openDm user => opens the conversation with that user
   * @param limits the node's (limits.js): users per batch, and the lengths of the profile's fields
   */
  constructor({ state, changed, showApiError, toast, openDm, limits }) {
    this.state = state;
    this.limits = limits;
    this.changed = changed;
    this.showApiError = showApiError;
    this.toast = toast;
    this.openDm = openDm;
  }

  init() {
    $('me-open').onclick = () => this.open(this.state().me.user);
    $('profile-close').onclick = () => { $('profile-panel').hidden = true; };
    $('profile-form').onsubmit = (event) => this.save(event);
  }

  of(user) {
    const entry = this.state().profiles.get(user);
    return entry ? entry.profile : {};
  }

  displayName(user) {
    return this.of(user).displayName || user;
  }

  /** A profile pushed by the node (a watched user edited theirs). */
  pushed(p) {
    rememberProfile(this.state().profiles, p, Date.now());
    this.changed();
  }

  /** Fetches the profiles not known or not fresh, in one batch; redraws once they arrive. */
  async ensure(users) {
    const { profiles } = this.state();
    const now = Date.now();
    const wanted = staleProfiles(profiles, users, now, PROFILE_FRESH_MS).slice(0, this.limits.maxProfileBatch);
    if (!wanted.length) return;
    wanted.forEach((u) => profiles.set(u, { ...(profiles.get(u) || { profile: {} }), pending: true, fetchedAt: now }));
    try {
      const reply = await api.profiles(wanted);
      reply.profiles.forEach((p) => rememberProfile(profiles, p, Date.now()));
    } catch (e) {
      wanted.forEach((u) => profiles.delete(u));
      return;
    }
    if (profiles === this.state().profiles) this.changed(); // not for a login that has ended
  }

  async open(user) {
    let p;
    try {
      p = await api.profile(user);
    } catch (e) {
      this.showApiError(e);
      return;
    }
    const { profiles, me } = this.state();
    rememberProfile(profiles, p, Date.now());
    const newest = this.of(user);
    if (newest.updatedAt > p.updatedAt) {
      p = { ...newest, online: p.online }; // pushed while this was fetched; pushes carry no online
    }
    const panel = $('profile-panel');
    for (const id of ['directory-panel', 'members-panel']) $(id).hidden = true;
    panel.hidden = false;
    const body = $('profile-body');
    const avatar = text('div', p.displayName.slice(0, 1).toUpperCase(), 'avatar');
    avatar.style.background = p.avatarColor;
    const name = text('h3', p.displayName);
    name.id = 'profile-name';
    body.replaceChildren(avatar, name, text('p', `@${p.user} · ${p.online ? 'online' : 'offline'}`),
      text('p', p.statusText), text('p', p.bio), text('p', `member since ${new Date(p.createdAt).toLocaleDateString()}`));
    const own = user === me.user;
    $('profile-form').hidden = !own;
    $('profile-dm').hidden = own;
    if (own) {
      $('profile-display').value = p.displayName;
      $('profile-status').value = p.statusText;
      $('profile-bio').value = p.bio;
      $('profile-color').value = p.avatarColor;
    }
    $('profile-dm').onclick = () => { panel.hidden = true; this.openDm(user); };
  }

  async save(event) {
    event.preventDefault();
    const { maxDisplayName, maxStatusText, maxBio } = this.limits;
    if (!(checkField('profile-display', { max: maxDisplayName }) && checkField('profile-status', { max: maxStatusText })
      && checkField('profile-bio', { max: maxBio }))) return;
    try {
      const p = await api.updateProfile(this.state().me.user, {
        displayName: $('profile-display').value.trim(),
        statusText: $('profile-status').value.trim(),
        bio: $('profile-bio').value.trim(),
        avatarColor: $('profile-color').value,
      });
      rememberProfile(this.state().profiles, p, Date.now());
      $('me-open').textContent = p.displayName;
      this.toast('Profile saved.');
      this.open(p.user);
      this.changed();
    } catch (e) {
      this.showApiError(e);
    }
  }
}
