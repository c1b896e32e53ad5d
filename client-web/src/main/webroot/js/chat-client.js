// The chat node's client: one ES module, no dependencies, for browsers and Node 20+ (given a
// WebSocket). It keeps a session up across drops and node restarts, and hands the application each
// room message, DM and change once, in order, whatever the network did (docs/protocol.md,
// "Resuming"). The web UI runs on it; client-web/README.md shows it in a few lines.

/** Closes after which the session stops by itself: a bad or revoked token, a ban, a kick. */
const FINAL = new Set([4401, 4403, 4001]);
/** Automatic reconnects after 4008 (flooding, reading too slowly) before the session stops: the same client would most likely be closed again. */
export const MAX_POLICY_RETRIES = 3;
/** Frames waiting to be sent (paced), and requests waiting for their answer (sent, or waiting for a connection): past either, no more are taken. */
const MAX_OUTBOX = 1000;
const MAX_WAITING = 1000;
/** Frame types that answer a request by its `ref`. */
const ANSWERS = new Set(['ack', 'error', 'history', 'changes', 'pong']);
/** Writes that a lost connection leaves undecided (taken or not): repeating one could store it twice, or fail for having been done. */
const WRITES = new Set(['say', 'dm', 'edit', 'delete', 'react']);
/** How long a connection must have lasted for the next drop to start the backoff again from its shortest wait. */
const STABLE_MS = 10_000;
/** The node's defaults (GET /api/config), for a client given no limits. */
const DEFAULTS = { rateLimit: 20, rateBurst: 40, maxPage: 200, maxFrameBytes: 65536, heartbeatIntervalMs: 30000 };

/**
 * The wait before retry number `attempt` (from 0): doubling from half a second up to 30 s, with
 * jitter in its upper half so that clients dropped together do not come back together.
 */
export function retryDelay(attempt, random = Math.random) {
  const ceiling = Math.min(30_000, 500 * 2 ** attempt);
  return Math.round(ceiling / 2 + random() * ceiling / 2);
}

/** A request that failed: `code` is the node's error code, or `timeout`, `unknown` (the connection dropped before its answer), `closed`, `too_large`, `busy`. */
export class ChatError extends Error {
  constructor(code, message, frame = null) {
    super(message);
    this.name = 'ChatError';
    this.code = code;
    this.frame = frame;
  }
}

/**
 * The events, typed for editors that read JSDoc (fields as docs/protocol.md gives them).
 * @typedef {{type: 'message', room: string, seq: number, from: string, text: string, ts: number, replyTo?: number, mentions?: string[]}} RoomMessage
 * @typedef {{type: 'dm', from: string, to: string, seq: number, text: string, ts: number, replyTo?: number}} DirectMessage
 * @typedef {{type: 'edited', room?: string, from?: string, to?: string, seq: number, rev: number, text: string, editedAt: number}} Edited
 * @typedef {{type: 'deleted', room?: string, from?: string, to?: string, seq: number, rev: number}} Deleted
 * @typedef {{type: 'reaction', room?: string, from?: string, to?: string, seq: number, rev: number, emoji: string, user: string, on: boolean, count: number}} Reaction
 * @typedef {{type: 'joined', room: string, seq: number, rev: number, members: string[], truncated: boolean}} Joined
 * @typedef {{type: 'welcome', protocol: number, user: string, session: string, node: string, roles: string[]}} Welcome
 * @typedef {{state: 'connecting'|'online'|'offline'|'ended'|'closed', code?: number, delay?: number, reason?: string, user?: string}} StateChange
 * @typedef {{message: RoomMessage, dm: DirectMessage, edited: Edited, deleted: Deleted, reaction: Reaction, joined: Joined,
 *   welcome: Welcome, state: StateChange, close: {code: number, reason: string}, end: {code: number, reason: string},
 *   joinRefused: {room: string, error: object}, frame: {type: string}}} ChatEvents
 */

export class ChatClient {
  /**
   * @param url the node's WebSocket URL, or several tried in turn (each reconnect moves on after 1012 or a failure)
   * @param token the JWT, or a function returning it (or a promise of it), called before every connect
   * @param WebSocket the WebSocket class (default: globalThis.WebSocket)
   * @param limits the node's GET /api/config answer (rateLimit, rateBurst, maxPage, maxFrameBytes, heartbeatIntervalMs)
   * @param timeoutMs how long a request waits for its answer once sent (longer than the node's store-wait-ms, 10 s by default)
   */
  constructor({ url, token, WebSocket = globalThis.WebSocket, limits = {}, timeoutMs = 30_000, random = Math.random }) {
    this.urls = [url].flat();
    this.token = typeof token === 'function' ? token : () => token;
    this.WebSocket = WebSocket;
    this.limits = { ...DEFAULTS, ...limits };
    this.timeoutMs = timeoutMs;
    this.random = random;
    this.listeners = new Map();
    this.rooms = new Map(); // room -> {seq, rev, members, joining: [{resolve, reject}]}
    this.dms = new Map(); // user -> {seq, rev, revsAhead, held: Map(seq -> frame), filling}
    this.requests = new Map(); // ref -> {frame, resolve, reject, timer, sent}
    this.outbox = [];
    this.nextRef = 0;
    this.urlIndex = 0;
    this.ws = null;
    this.me = null;
    this.state = 'idle';
  }

  /**
   * Listens to an event: `message`, `dm`, `edited`, `deleted`, `reaction` (each once, in order),
   * any other frame type, `frame` (every frame handed over), `state`, `welcome`, `close`, `end`.
   * Returns the function that stops listening.
   * @template {keyof ChatEvents | string} K
   * @param {K} type
   * @param {(event: K extends keyof ChatEvents ? ChatEvents[K] : object) => void} listener
   * @returns {() => void}
   */
  on(type, listener) {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type).add(listener);
    return () => this.listeners.get(type).delete(listener);
  }

  emit(type, value) {
    this.listeners.get(type)?.forEach((listener) => listener(value));
    if (value?.type === type) this.listeners.get('frame')?.forEach((listener) => listener(value));
  }

  /** Starts the session; resolves with the first `welcome`, rejects if the session ends before. */
  connect() {
    this.stopped = false;
    this.attempt = 0;
    this.policyCloses = 0;
    this.tokenRetried = false;
    const welcomed = new Promise((resolve, reject) => {
      const offs = [this.on('welcome', (w) => { offs.forEach((off) => off()); resolve(w); }),
        this.on('end', (e) => { offs.forEach((off) => off()); reject(new ChatError('closed', `session ended: ${e.code} ${e.reason}`)); })];
    });
    this.open();
    return welcomed;
  }

  /** Ends the session: every request still waiting fails with `closed`. */
  close() {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.pumpTimer);
    this.stopHeartbeat();
    this.ws?.close(1000, 'bye');
    this.ws = null;
    this.setState('closed');
    this.failAll('the client was closed');
  }

  get online() {
    return this.state === 'online';
  }

  // ---- what the application sends

  /** Joins a room and keeps it joined across reconnects; resolves with its `joined`. `members: 'batched'` asks for `members` frames. */
  join(room, { members, since } = {}) {
    let r = this.rooms.get(room);
    if (!r) {
      r = { seq: since ?? null, rev: null, members, joining: [], ref: `~j${++this.nextRef}` };
      this.rooms.set(room, r);
      this.sendJoin(room, r);
    } else if (r.joining.length === 0) {
      return Promise.resolve(r.joined);
    }
    return new Promise((resolve, reject) => r.joining.push({ resolve, reject }));
  }

  /** Leaves a room: no more of its stream, and not joined again on reconnecting. */
  leave(room) {
    this.forget(room, new ChatError('closed', `left ${room} before it was joined`));
    this.send({ type: 'leave', room });
  }

  /** Ends the membership of a room; once the node's `membership` frame says so, the room is left (a refusal comes as an `error`). */
  part(room) {
    this.send({ type: 'part', room });
  }

  say(room, text, { replyTo } = {}) {
    return this.request({ type: 'say', room, text, ...(replyTo ? { replyTo } : {}) });
  }

  dm(to, text, { replyTo } = {}) {
    return this.request({ type: 'dm', to, text, ...(replyTo ? { replyTo } : {}) });
  }

  /** `where`: {room} or {with}. */
  edit(where, seq, text) {
    return this.request({ type: 'edit', ...where, seq, text });
  }

  delete(where, seq) {
    return this.request({ type: 'delete', ...where, seq });
  }

  react(where, seq, emoji, on) {
    return this.request({ type: 'react', ...where, seq, emoji, on });
  }

  /** A page of a room or DM conversation: {room} or {with}, and before, after or around, limit. Resolves with the `history` frame. */
  history(query) {
    return this.request({ type: 'history', ...query });
  }

  /**
   * Sends a frame that answers by `ref` (say, dm, edit, delete, react, history, changes, ping);
   * resolves with the answer, rejects with a ChatError. Waits, paced, while offline; a frame the
   * node never took is sent again on the next connection, but a `say` or `dm` whose connection
   * dropped before its answer fails with `unknown` (it may have been stored: sending it again is
   * the application's choice). A `rate_limited` answer is tried again a moment later.
   */
  request(frame) {
    if (this.state === 'ended' || this.state === 'closed') return Promise.reject(new ChatError('closed', 'the session has ended'));
    if (this.requestBytes(frame) > this.limits.maxFrameBytes) {
      return Promise.reject(new ChatError('too_large', `the frame is over the node's ${this.limits.maxFrameBytes} bytes`));
    }
    const ref = `~${++this.nextRef}`;
    const framed = { ...frame, ref };
    if (this.requests.size >= MAX_WAITING) return Promise.reject(new ChatError('busy', `${MAX_WAITING} requests are waiting for their answer`));
    return new Promise((resolve, reject) => {
      this.requests.set(ref, { frame: framed, resolve, reject, timer: null, sent: false });
      if (this.online) this.enqueue(framed, this.requests.get(ref)); // else the next welcome sends it
    });
  }

  /** The bytes `frame` takes on the wire as the next request, with the ref the client adds to it. */
  requestBytes(frame) {
    return frameBytes(JSON.stringify({ ...frame, ref: `~${this.nextRef + 1}` }));
  }

  /** Sends a frame that has no answer (typing, watch, read...), paced; false when offline or over the limits. */
  send(frame) {
    if (!this.online || this.outbox.length >= MAX_OUTBOX || frameBytes(JSON.stringify(frame)) > this.limits.maxFrameBytes) return false;
    this.enqueue(frame);
    return true;
  }

  // ---- the connection

  async open() {
    clearTimeout(this.retryTimer);
    this.setState('connecting');
    let token;
    try {
      token = await this.token();
    } catch (e) {
      this.end(4401, `no token: ${e.message}`);
      return;
    }
    if (this.stopped) return;
    const ws = new this.WebSocket(this.urls[this.urlIndex % this.urls.length]);
    this.ws = ws;
    ws.onopen = () => ws.send(JSON.stringify({ type: 'auth', token }));
    ws.onmessage = (event) => ws === this.ws && this.received(JSON.parse(event.data));
    ws.onclose = (event) => ws === this.ws && this.closed(event.code, event.reason);
  }

  closed(code, reason) {
    this.ws = null;
    this.stopHeartbeat();
    const wasOnline = this.online;
    if (wasOnline && Date.now() - this.upSince >= STABLE_MS) this.attempt = 0;
    this.state = 'offline';
    // 1012: the node drained: it answered everything it took, so what has no answer was never taken.
    this.failRequests((r) => r.sent && code !== 1012 && WRITES.has(r.frame.type), 'unknown',
      `the connection closed (${code}) before the node answered: it may or may not have been done`);
    for (const r of this.requests.values()) {
      r.sent = false;
      clearTimeout(r.retry); // the next welcome sends it
    }
    this.outbox = []; // the welcome of the next connection sends again what waits
    this.emit('close', { code, reason });
    if (this.stopped) return;
    if (code === 4401 && !this.tokenRetried && wasOnline) {
      this.tokenRetried = true; // the token may have expired during the session: one more try with a fresh one
    } else if (FINAL.has(code) || (code === 4008 && ++this.policyCloses > MAX_POLICY_RETRIES)) {
      this.end(code, reason);
      return;
    }
    this.urlIndex++;
    const delay = code === 1012 ? 0 : retryDelay(this.attempt++, this.random);
    this.setState('offline', { code, delay });
    this.retryTimer = setTimeout(() => this.open(), delay);
  }

  end(code, reason) {
    this.stopped = true;
    this.setState('ended', { code, reason });
    this.failAll(`the session ended: ${code} ${reason}`);
    this.emit('end', { code, reason });
  }

  /** Every request, and every join waiting for its `joined`, fails with `closed`. */
  failAll(why) {
    this.failRequests(() => true, 'closed', why);
    this.rooms.forEach((r) => r.joining.splice(0).forEach((p) => p.reject(new ChatError('closed', why))));
  }

  /** The session's state, told as {state: 'connecting'|'online'|'offline'|'ended'|'closed', code?, delay?, reason?}. */
  setState(state, detail = {}) {
    this.state = state;
    this.emit('state', { state, ...detail });
  }

  welcome(f) {
    this.me = f.user;
    this.upSince = Date.now();
    this.tokenRetried = false;
    const waiting = [...this.requests.values()];
    this.setState('online', { user: f.user });
    this.startHeartbeat();
    // Resume: each room from its last seq and rev; then what waited; each DM conversation from its own, one after the other.
    this.rooms.forEach((r, room) => this.sendJoin(room, r));
    waiting.forEach((r) => { // in the order they were made, after the joins they may need
      clearTimeout(r.retry);
      this.outbox.push({ frame: r.frame, request: r });
    });
    this.pump();
    this.resumeConversations(this.ws, new Map((f.dms ?? []).map((d) => [d.with, d.lastSeq])));
    this.emit('welcome', f);
  }

  /**
   * Reads each DM conversation again after its last seq (when the welcome's list says it has newer
   * messages, or does not list it) and its last rev, one conversation at a time, so that many
   * conversations never crowd the requests.
   */
  async resumeConversations(ws, newest) {
    for (const [user, c] of [...this.dms]) {
      if (ws !== this.ws) return; // dropped again: the next welcome starts over
      const reads = [this.readChanges(user, c)];
      if (c.seq !== null && (!newest.has(user) || newest.get(user) > c.seq)) reads.push(this.fill(user, c));
      await Promise.all(reads);
    }
  }

  sendJoin(room, r) {
    const frame = { type: 'join', room, ...(r.members ? { members: r.members } : {}), ref: r.ref };
    if (r.seq !== null) frame.since = r.seq;
    if (r.seq !== null && r.rev !== null) frame.sinceRev = r.rev;
    r.asked = frame;
    if (this.online) this.enqueue(frame);
  }

  // ---- pacing: a token bucket a little under the node's, so that the node never refuses for the rate

  /** Queues a frame to send, with the request it makes if any. */
  enqueue(frame, request = null) {
    this.outbox.push({ frame, request });
    this.pump();
  }

  pump() {
    clearTimeout(this.pumpTimer);
    if (!this.online) return;
    const rate = this.limits.rateLimit * 0.9;
    const burst = Math.max(1, Math.floor(this.limits.rateBurst / 2));
    const now = Date.now();
    this.tokens = Math.min(burst, (this.tokens ?? burst) + ((now - (this.refilled ?? now)) / 1000) * rate);
    this.refilled = now;
    while (this.outbox.length > 0 && this.tokens >= 1) {
      const { frame, request } = this.outbox.shift();
      if (request && this.requests.get(frame.ref) !== request) continue; // settled meanwhile
      this.tokens--;
      this.ws.send(JSON.stringify(frame));
      if (request) {
        request.sent = true;
        // The time runs from sending, not from asking: a request waits its turn in the pacing, or for a connection, without failing.
        request.timer ??= setTimeout(() => this.settle(frame.ref, new ChatError('timeout', `no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
      }
    }
    if (this.outbox.length > 0) this.pumpTimer = setTimeout(() => this.pump(), Math.ceil(1000 / rate));
  }

  // ---- heartbeats: a connection that stops answering is given up, not waited on

  /** Every half heartbeat a ping goes first in line; a connection from which nothing came since the last one is dead. */
  startHeartbeat() {
    this.stopHeartbeat();
    const every = Math.max(1000, Math.floor(this.limits.heartbeatIntervalMs / 2));
    this.heard = Date.now();
    this.pingedAt = null;
    this.heartbeat = setInterval(() => {
      if (this.pingedAt !== null && this.heard < this.pingedAt) {
        this.ws.close(4000, 'no pong');
        this.closed(1006, 'no pong'); // without waiting for a peer that may never answer the close
        return;
      }
      this.pingedAt = Date.now();
      this.outbox.unshift({ frame: { type: 'ping' }, request: null });
      this.pump();
    }, every);
  }

  stopHeartbeat() {
    clearInterval(this.heartbeat);
  }

  // ---- what the node sends

  received(f) {
    this.heard = Date.now();
    if (f.type === 'history' && f.with !== undefined && f.messages.length > 0) {
      this.follow(f.with, f.messages[f.messages.length - 1].seq);
    }
    if (ANSWERS.has(f.type) && /^~\d/.test(f.ref ?? '')) {
      if (this.requests.has(f.ref)) this.answered(f); // else it came after its timeout: the request has failed already
    } else if (f.type === 'welcome') {
      this.welcome(f);
    } else if (f.type === 'error' && f.ref?.startsWith('~j')) {
      this.joinRefused(f);
    } else if (f.type === 'joined') {
      this.joined(f);
    } else if (f.type === 'message') {
      const r = this.rooms.get(f.room);
      if (r && f.seq > (r.seq ?? 0)) {
        r.seq = f.seq;
        this.emit('message', f);
      }
    } else if (f.type === 'dm') {
      this.dmArrived(f);
    } else if (f.type === 'edited' || f.type === 'deleted' || f.type === 'reaction') {
      this.changed(f);
    } else if (f.type === 'membership' && f.user === this.me && (f.event === 'removed' || f.event === 'parted')) {
      this.forget(f.room, new ChatError('closed', `no longer a member of ${f.room}`));
      this.emit(f.type, f);
    } else if ((f.type === 'error' && f.ref === undefined && f.code === 'rate_limited') || (f.type === 'pong' && f.ref === undefined)) {
      // a heartbeat's answer, or a frame without a ref over the rate: nothing to tell
    } else {
      this.emit(f.type, f);
    }
  }

  answered(f) {
    const r = this.requests.get(f.ref);
    if (f.type === 'error' && f.code === 'rate_limited') {
      r.sent = false; // the node did not take it: again in a moment, while its time lasts
      r.retry = setTimeout(() => this.requests.get(f.ref) === r && this.enqueue(r.frame, r), 500 + this.random() * 500);
      return;
    }
    this.settle(f.ref, f.type === 'error' ? new ChatError(f.code, f.message, f) : null, f);
  }

  settle(ref, error, answer) {
    const r = this.requests.get(ref);
    if (!r) return;
    this.requests.delete(ref);
    clearTimeout(r.timer);
    if (error) r.reject(error); else r.resolve(answer);
  }

  failRequests(which, code, message) {
    for (const [ref, r] of [...this.requests]) if (which(r)) this.settle(ref, new ChatError(code, message));
  }

  joined(f) {
    const r = this.rooms.get(f.room);
    if (!r) return; // left meanwhile
    // Without sinceRev, the room's changes start after this join's rev.
    if (r.asked?.sinceRev === undefined) r.rev = Number.isSafeInteger(f.rev) ? f.rev : null;
    if (r.seq === null && r.asked?.since === undefined && f.seq === 0) r.seq = 0;
    r.joined = f;
    r.joining.splice(0).forEach((p) => p.resolve(f));
    this.emit('joined', f);
  }

  /** A join refused (its error names the room through the join's ref): the room is no longer followed. */
  joinRefused(error) {
    const [room] = [...this.rooms].find(([, r]) => r.ref === error.ref) ?? [];
    if (room === undefined) return;
    this.forget(room, new ChatError(error.code, error.message, error));
    this.emit('joinRefused', { room, error });
  }

  /** A room no longer followed: its joins waiting for their `joined` fail with `why`. */
  forget(room, why) {
    this.rooms.get(room)?.joining.splice(0).forEach((p) => p.reject(why));
    this.rooms.delete(room);
  }

  // ---- DM conversations: in seq order, each once; a jump in seqs is filled from history before going on

  conversation(user) {
    // rev: the last rev of its changes seen, null until one is (then its changes are read from the start once).
    if (!this.dms.has(user)) this.dms.set(user, { seq: null, rev: null, revsAhead: new Set(), held: new Map(), filling: null, readingChanges: false });
    return this.dms.get(user);
  }

  /** A conversation the application read a page of is followed from the page's newest message on, if it was not already. */
  follow(user, seq) {
    const c = this.conversation(user);
    c.seq ??= seq;
  }

  dmArrived(f) {
    const c = this.conversation(f.from === this.me ? f.to : f.from);
    c.seq ??= f.seq - 1; // a conversation is followed from the first message seen
    this.hold(c, f);
    this.release(c);
    if (c.held.size > 0) this.fill(f.from === this.me ? f.to : f.from, c);
  }

  hold(c, f) {
    if (f.seq > c.seq && c.held.size < this.limits.maxPage * 10) c.held.set(f.seq, f);
  }

  release(c) {
    for (let next = c.held.get(c.seq + 1); next; next = c.held.get(c.seq + 1)) {
      c.held.delete(c.seq + 1);
      c.seq++;
      this.emit('dm', next);
    }
  }

  /**
   * Reads the conversation's history after its last seq, page by page, into the order; resolves
   * when done. Live DMs that came past what history had are read the same way next; after a
   * failure (a dropped connection, too many requests) it tries again a second later, if still online.
   */
  fill(user, c) {
    if (c.filling || !this.online) return c.filling ?? Promise.resolve();
    const limit = this.limits.maxPage;
    const page = (after) => this.history({ with: user, after, limit }).then((h) => {
      h.messages.forEach((m) => this.hold(c, { type: 'dm', ...m }));
      this.release(c);
      return h.messages.length === limit ? page(h.messages[limit - 1].seq) : true;
    });
    c.filling = page(c.seq).catch(() => false).then((done) => {
      c.filling = null;
      if (c.held.size === 0) return;
      if (done) this.fill(user, c); else setTimeout(() => this.fill(user, c), 1000);
    });
    return c.filling;
  }

  /** Reads the conversation's changes after its last rev (from the start when it has none), page by page; resolves when done. */
  readChanges(user, c) {
    if (c.readingChanges || !this.online) return Promise.resolve();
    c.readingChanges = true;
    const limit = this.limits.maxPage;
    const page = (after) => this.request({ type: 'changes', with: user, after, limit }).then((p) => {
      p.changes.forEach((change) => this.changed(change));
      return p.changes.length === limit ? page(p.changes[limit - 1].rev) : null;
    });
    return page(c.rev ?? 0).catch(() => null) // a dropped connection: the next welcome reads them again
      .finally(() => { c.readingChanges = false; });
  }

  changed(f) {
    if (f.room !== undefined) {
      const r = this.rooms.get(f.room);
      if (!r || (r.rev !== null && f.rev <= r.rev)) return;
      r.rev = f.rev;
    } else {
      const user = f.from === this.me ? f.to : f.from;
      const c = this.conversation(user);
      c.rev ??= f.rev - 1; // the first change seen live: the stream is followed from there
      if (f.rev <= c.rev || c.revsAhead.has(f.rev)) return;
      c.revsAhead.add(f.rev);
      while (c.revsAhead.delete(c.rev + 1)) c.rev++;
      if (c.revsAhead.size > 0) this.readChanges(user, c); // a rev skipped: read what lies between
    }
    this.emit(f.type, f);
  }
}

/** The bytes an encoded frame takes on the wire (WebSocket text is UTF-8). */
export function frameBytes(encoded) {
  return new TextEncoder().encode(encoded).length;
}
