// Search: the reader's messages found by their words (GET /api/search: only what the reader may
// read), newest first, a page at a time; a result opens its conversation at the message.
import { api, ApiError } from './api.js';
import { $, button, text } from './dom.js';

export class Search {
  /**
   * @param openAt (kind, name, seq) => shows the conversation at that message
   * @param displayName user => the name to show
   * @param ensureProfiles users => fetches the profiles not known yet (settles when they are)
   */
  constructor({ openAt, displayName, ensureProfiles }) {
    Object.assign(this, { openAt, displayName, ensureProfiles });
    this.generation = 0; // answers for an earlier search, or login, are dropped
    this.next = null;
  }

  init() {
    $('search-form').onsubmit = (e) => {
      e.preventDefault();
      this.find();
    };
    $('search-close').onclick = () => { $('search-panel').hidden = true; };
    $('search-more').onclick = () => this.find(this.next);
  }

  /** Forgets what the panel showed (a new login starts clean). */
  reset() {
    this.generation++;
    $('search-panel').hidden = true;
    $('search-results').replaceChildren();
    $('search-more').hidden = true;
    $('search-status').textContent = '';
    $('search-form').reset();
  }

  /** The newest results for the words typed, or the page after `before` (a page's `next`). */
  async find(before) {
    const q = $('search-q').value.trim();
    if (!q) return;
    for (const id of ['profile-panel', 'members-panel', 'directory-panel']) $(id).hidden = true;
    $('search-panel').hidden = false;
    const generation = ++this.generation;
    let page;
    try {
      page = await api.search(q, before);
      await this.ensureProfiles(page.results.flatMap((r) => (r.with ? [r.from, r.with] : [r.from])));
    } catch (e) {
      if (generation === this.generation) $('search-status').textContent = e instanceof ApiError ? e.message : 'The server cannot be reached.';
      return;
    }
    if (generation !== this.generation) return;
    const rows = page.results.map((r) => this.row(r));
    if (before) $('search-results').append(...rows); else $('search-results').replaceChildren(...rows);
    this.next = page.next || null;
    $('search-more').hidden = !this.next;
    $('search-status').textContent = $('search-results').children.length ? '' : `Nothing found for “${q}”.`;
  }

  row(r) {
    const li = document.createElement('li');
    const inRoom = r.room !== undefined;
    const where = inRoom ? `# ${r.room}` : this.displayName(r.with);
    const go = button('', () => {
      $('search-panel').hidden = true;
      this.openAt(inRoom ? 'room' : 'dm', inRoom ? r.room : r.with, r.seq);
    }, 'link result');
    go.append(text('span', `${where} · ${this.displayName(r.from)} · ${new Date(r.ts).toLocaleString()}`, 'where'),
      text('span', r.snippet, 'snippet'));
    li.append(go);
    return li;
  }
}
