// The message list of the conversation shown, updated in place: an arrival inserts its own element
// and touches no other, so a reader's scroll position and text selection stay where they were.
// A reader at the bottom follows arrivals; one scrolled up keeps the view and is offered a jump.
import { $, button } from './dom.js';
import { messageItem, paintAuthor } from './message-item.js';
import { nextSeq, ordered } from './state.js';

/** A reader within this many pixels of the end is at the bottom. */
const BOTTOM_SLACK = 40;

export class MessageList {
  /**
   * @param viewer () => {user, mayEdit(message), mayDelete(message), maxReactions}: who reads (own messages, mentions, edit and delete buttons)
   * @param profileOf user => the profile known ({} when none)
   * @param act what the reader does with a message: {openProfile(user), reply(m), edit(m), remove(m), react(m, emoji)}
   * @param onNearTop the reader scrolled to the top: time for the page before
   */
  constructor({ viewer, profileOf, act, onNearTop }) {
    this.viewer = viewer;
    this.profileOf = profileOf;
    this.act = act;
    this.list = $('messages');
    this.jump = $('new-messages');
    this.shown = null; // the conversation shown
    this.items = new Map(); // seq -> element
    this.unseen = 0;
    this.lastTop = 0;
    this.list.addEventListener('scroll', () => {
      // Only the reader scrolls up: the page's own scrolls go down (to the end as messages come in,
      // or past a page put above), and a list still filling must not look like one read to its top.
      const up = this.list.scrollTop < this.lastTop;
      this.lastTop = this.list.scrollTop;
      if (this.atBottom()) this.setUnseen(0);
      if (up && this.list.scrollTop < BOTTOM_SLACK) onNearTop();
    });
    this.jump.onclick = () => this.toBottom();
  }

  /** Shows a conversation from scratch, at its newest message; a line marks the first unread one (before it is marked read). */
  show(c) {
    this.shown = c;
    const messages = ordered(c);
    this.items = new Map(messages.map((m) => [m.seq, this.item(m)]));
    const me = this.viewer().user;
    const first = c.unread > 0 ? messages.find((m) => m.seq > c.lastRead && m.from !== me && !m.deleted) : undefined;
    if (first) this.items.get(first.seq).classList.add('first-unread');
    this.list.replaceChildren(...this.items.values());
    this.toBottom();
  }

  clear() {
    this.shown = null;
    this.items = new Map();
    this.list.replaceChildren();
    this.setUnseen(0);
  }

  /** Inserts messages just added to a conversation (any seqs, in order); nothing else is redrawn. */
  add(c, added, live) {
    if (c !== this.shown || !added.length) return;
    const bottom = this.atBottom();
    const anchor = bottom ? null : this.firstVisible();
    const anchorTop = anchor && anchor.getBoundingClientRect().top;
    let arrivals = 0;
    let own = false;
    // Newest first: the element each one goes before is then already in place.
    for (const m of [...added].reverse()) {
      const next = nextSeq(c, m.seq);
      const li = this.item(m);
      this.list.insertBefore(li, next === null ? null : this.items.get(next));
      this.items.set(m.seq, li);
      if (live && next === null) {
        arrivals++;
        own ||= m.from === this.viewer().user;
      }
    }
    if (bottom || own) {
      this.toBottom(); // the reader follows, and sees what they sent themselves
    } else {
      // Whatever came in above the first message in view (a history page) pushes nothing down.
      if (anchor) this.list.scrollTop += anchor.getBoundingClientRect().top - anchorTop;
      this.setUnseen(this.unseen + arrivals);
    }
  }

  /** Draws a message again (edited, deleted, reacted to) in its place, and the replies that quote it. */
  update(m) {
    if (!this.shown || this.shown.messages.get(m.seq) !== m) return;
    for (const [seq, old] of this.items) {
      const shown = this.shown.messages.get(seq);
      if (shown !== m && shown.replyTo !== m.seq) continue;
      const li = this.item(shown);
      old.replaceWith(li);
      this.items.set(seq, li);
    }
  }

  /** Names and colours as now known, changed in place: the texts (and a selection in them) stay. */
  paintAuthors() {
    for (const [seq, li] of this.items) {
      this.paint(li, this.shown.messages.get(seq).from);
    }
  }

  toBottom() {
    this.list.scrollTop = this.list.scrollHeight;
    this.setUnseen(0);
  }

  atBottom() {
    return this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < BOTTOM_SLACK;
  }

  firstVisible() {
    const top = this.list.getBoundingClientRect().top;
    for (const li of this.list.children) {
      if (li.getBoundingClientRect().bottom > top) return li;
    }
    return null;
  }

  setUnseen(n) {
    this.unseen = n;
    this.jump.textContent = `${n} new message${n === 1 ? '' : 's'}`;
    this.jump.hidden = n === 0;
  }

  item(m) {
    const li = messageItem(m, this.viewer(), (seq) => this.quote(seq), this.act);
    this.paint(li, m.from);
    return li;
  }

  paint(li, user) {
    paintAuthor(li, user, this.profileOf(user));
  }

  /** What a reply answers: the start of that message when this page holds it, and a way to it. */
  quote(seq) {
    const original = this.shown && this.shown.messages.get(seq);
    const said = !original ? 'an earlier message' : original.deleted ? 'a deleted message'
      : `${this.profileOf(original.from).displayName || original.from}: ${original.text}`;
    return button(`↪ ${said}`, () => this.reveal(seq), 'quote');
  }

  /** Brings a message of the conversation shown into view, marked for a moment (a search hit, a quoted message). */
  reveal(seq) {
    const el = this.items.get(seq);
    if (!el) return false;
    el.scrollIntoView({ block: 'center' });
    el.classList.add('found');
    setTimeout(() => el.classList.remove('found'), 3000);
    return true;
  }
}
