// The composer: what is typed stays until the node has taken it. Text over the node's limits is
// never sent; text the node refuses (muted, unknown user, too fast...) comes back with the reason,
// into the composer of its conversation. It also edits the reader's own messages: Up in an empty
// composer takes the last one, Enter saves, Escape cancels.
import { addressOf, lastOwn } from './changes.js';
import { $ } from './dom.js';
import { codePoints } from './limits.js';
import { describe } from './notices.js';
import { ordered } from './state.js';

/** Messages sent and not yet acknowledged; past it the page waits for the node before sending more. */
const MAX_PENDING = 100;

export class Composer {
  /**
   * @param request sends a frame the node answers: the answer's promise (chat-client.js), or null when offline
   * @param requestBytes the bytes a frame takes as a request (chat-client.js's requestBytes)
   * @param current the conversation shown, or null
   * @param conversation looks a conversation up by kind and name
   * @param offline why nothing can be sent now, when send returned false
   * @param limits the node's (limits.js): its maxText, maxFrameBytes and editWindowMs
   * @param displayName user => the name to show (the reply bar)
   * @param me () => the reader's user name
   */
  constructor({ request, requestBytes, current, conversation, offline, limits, displayName, me }) {
    this.request = request;
    this.requestBytes = requestBytes;
    this.me = me;
    this.displayName = displayName;
    this.limits = limits;
    this.current = current;
    this.conversation = conversation;
    this.offline = offline;
    this.pending = new Set(); // {kind, name, text, replying, editing} sent and not answered yet
  }

  get input() {
    return $('composer-text');
  }

  submit() {
    const c = this.current();
    const text = this.input.value.trim();
    if (c?.editing && text === c.editing.text) {
      this.cancelEdit();
      return;
    }
    if (!c || !text) return;
    const length = codePoints(text);
    if (length > this.limits.maxText) {
      this.tell(c, `Not sent: the message is ${length} characters long; at most ${this.limits.maxText} are allowed.`);
      return;
    }
    if (this.pending.size >= MAX_PENDING) {
      this.tell(c, 'Not sent yet: the node has not confirmed the earlier messages; try again in a moment.');
      return;
    }
    const frame = this.frame(c, text);
    const bytes = this.requestBytes(frame);
    if (bytes > this.limits.maxFrameBytes) {
      this.tell(c, `Not sent: the message takes ${bytes} bytes; at most ${this.limits.maxFrameBytes} fit in one frame.`);
      return;
    }
    const answer = this.request(frame);
    if (!answer) {
      this.tell(c, this.offline());
      return;
    }
    const sent = { kind: c.kind, name: c.name, text, replying: c.replying, editing: c.editing };
    this.pending.add(sent);
    answer.then(() => this.pending.delete(sent), (e) => this.refused(sent, e));
    this.input.value = '';
    if (c.editing) c.editing = null; else c.replying = null;
    this.tell(c, '');
  }

  /** What the composer sends: an edit of the message it edits, or a new message (answering one, maybe). */
  frame(c, text) {
    if (c.editing) return { type: 'edit', ...addressOf(c), seq: c.editing.seq, text };
    const frame = c.kind === 'room' ? { type: 'say', room: c.name, text } : { type: 'dm', to: c.name, text };
    if (c.replying) frame.replyTo = c.replying.seq;
    return frame;
  }

  /** The composer edits `m`, one of the reader's messages of the conversation shown. */
  edit(m) {
    const c = this.current();
    if (!c) return;
    c.editing = { seq: m.seq, text: m.text };
    this.input.value = m.text;
    this.render(c);
    this.input.focus();
  }

  /** Up in an empty composer: edits the reader's last message; false when there is none to edit. */
  editLast() {
    const c = this.current();
    const m = c && this.input.value === '' ? lastOwn(ordered(c), this.me(), this.limits.editWindowMs, Date.now()) : null;
    if (m) this.edit(m);
    return m !== null;
  }

  /** Escape or the edit bar's ✕: the message stays as it was, and the composer is empty again. */
  cancelEdit() {
    const c = this.current();
    if (!c?.editing) return false;
    c.editing = null;
    this.input.value = '';
    this.render(c);
    return true;
  }

  /** The next message of the conversation shown answers `m` (a message of it). */
  replyTo(m) {
    const c = this.current();
    if (!c) return;
    c.replying = { seq: m.seq, from: m.from, text: m.text };
    this.render(c);
    this.input.focus();
  }

  /** The message did not go through (chat-client.js's ChatError): it comes back to its composer, saying why. */
  refused(sent, e) {
    if (!this.pending.delete(sent)) return; // the login ended meanwhile
    if (e.code === 'unknown' || e.code === 'timeout') { // it may have been stored all the same
      this.restore(sent, 'The connection dropped before the node confirmed this message; check that it is not shown before sending it again.');
    } else if (e.code === 'closed') {
      this.restore(sent, 'Not sent: the connection ended before the node confirmed this message.');
    } else {
      this.restore(sent, `${sent.editing ? 'Not saved' : 'Not sent'}: ${describe(e.frame ?? e)}`);
    }
  }

  /** Shows a conversation's composer: a text refused while another was shown, and its notice. */
  show(c) {
    if (c.draft) {
      this.input.value = joined(this.input.value, c.draft);
      c.draft = '';
    }
    this.render(c);
  }

  reset() {
    this.pending.clear();
    this.input.value = '';
    $('composer-notice').textContent = '';
    $('composer-notice').hidden = true;
    $('reply-bar').hidden = true;
    $('edit-bar').hidden = true;
  }

  restore(sent, why) {
    const c = this.conversation(sent.kind, sent.name);
    if (sent.replying && !c.replying) c.replying = sent.replying;
    if (sent.editing && !c.editing) c.editing = sent.editing;
    if (this.isShown(c)) {
      this.input.value = joined(this.input.value, sent.text);
    } else {
      c.draft = joined(c.draft || '', sent.text);
    }
    this.tell(c, why);
  }

  tell(c, notice) {
    c.notice = notice;
    if (this.isShown(c)) this.render(c);
  }

  render(c) {
    $('composer-notice').textContent = c.notice || '';
    $('composer-notice').hidden = !c.notice;
    $('edit-bar').hidden = !c.editing;
    $('reply-bar').hidden = !c.replying || Boolean(c.editing);
    $('reply-quote').textContent = c.replying ? `Replying to ${this.displayName(c.replying.from)}: ${c.replying.text}` : '';
  }

  /** The reply bar's ✕: the next message answers nothing. */
  cancelReply() {
    const c = this.current();
    if (c) {
      c.replying = null;
      this.render(c);
    }
  }

  isShown(c) {
    const shown = this.current();
    return shown !== null && shown.kind === c.kind && shown.name === c.name;
  }
}

/** A text that came back, after what the composer holds: nothing typed is overwritten, and texts refused in a row keep their order. */
function joined(held, back) {
  return held ? `${held}\n${back}` : back;
}
