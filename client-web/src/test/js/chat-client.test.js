// The client library's promises against a scripted socket: what it hands the application, what it
// sends again, what it gives up. JsClientTest and JsClientResumeTest (server module) run it against
// real nodes; these pin down the orders of events a real node produces only by chance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChatClient } from '../../main/webroot/js/chat-client.js';

/** A WebSocket whose peer is the test: it opens when told, and receives and closes as the test says. */
class ScriptedSocket {
  static all = [];

  constructor(url) {
    this.url = url;
    this.sent = [];
    ScriptedSocket.all.push(this);
    queueMicrotask(() => this.onopen());
  }

  send(text) {
    this.sent.push(JSON.parse(text));
  }

  close() {}

  receive(frame) {
    this.onmessage({ data: JSON.stringify(frame) });
  }

  drop(code) {
    this.onclose({ code, reason: '' });
  }

  /** The frames sent of a type, auth aside. */
  of(type) {
    return this.sent.filter((f) => f.type === type);
  }
}

async function until(condition, what) {
  for (let i = 0; i < 2000 && !condition(); i++) await new Promise((resolve) => { setTimeout(resolve, 1); });
  assert.ok(condition(), what);
}

/** A client online on a scripted socket as `ann`, with the events it handed over. */
async function online(options = {}) {
  ScriptedSocket.all = [];
  const client = new ChatClient({ url: ['ws://a/ws', 'ws://b/ws'], token: 't', WebSocket: ScriptedSocket, random: () => 0, ...options });
  const handed = [];
  for (const type of ['message', 'dm', 'edited', 'joined']) client.on(type, (f) => handed.push(f));
  const connected = client.connect();
  await until(() => ScriptedSocket.all.length === 1 && ScriptedSocket.all[0].sent.length === 1, 'auth sent');
  ScriptedSocket.all[0].receive({ type: 'welcome', user: 'ann' });
  await connected;
  return { client, handed, socket: () => ScriptedSocket.all[ScriptedSocket.all.length - 1] };
}

async function welcomeAgain(socket, welcome = {}) {
  const before = ScriptedSocket.all.length;
  await until(() => ScriptedSocket.all.length > before && socket().sent.length === 1, 'a new connection authenticated');
  socket().receive({ type: 'welcome', user: 'ann', ...welcome });
}

const dm = (seq, from = 'bob') => ({ type: 'dm', from, to: from === 'ann' ? 'bob' : 'ann', seq, text: `d${seq}`, ts: seq });

test('a DM conversation whose seqs jump is filled from history first: each message once, in seq order', async () => {
  const { client, handed, socket } = await online();
  socket().receive(dm(1));
  socket().receive(dm(4));
  await until(() => socket().of('history').length === 1, 'the gap asked for');
  const ask = socket().of('history')[0];
  assert.deepEqual([ask.with, ask.after], ['bob', 1]);
  socket().receive(dm(4)); // again, live
  socket().receive({ type: 'history', with: 'bob', ref: ask.ref, messages: [2, 3, 4].map((s) => ({ ...dm(s), type: undefined })) });
  await until(() => handed.length === 4, 'all four');
  assert.deepEqual(handed.map((f) => f.seq), [1, 2, 3, 4]);
  assert.ok(handed.every((f) => f.type === 'dm'));
  client.close();
});

test('a room resumes from its last seq and rev on the next node; what came twice is handed over once', async () => {
  const { client, handed, socket } = await online();
  const joined = client.join('lobby');
  await until(() => socket().of('join').length === 1, 'join sent');
  socket().receive({ type: 'joined', room: 'lobby', seq: 0, rev: 0, members: ['ann'] });
  await joined;
  for (const seq of [1, 2, 2]) socket().receive({ type: 'message', room: 'lobby', seq, from: 'bob', text: `m${seq}`, ts: seq });
  socket().receive({ type: 'edited', room: 'lobby', seq: 1, text: 'x', editedAt: 5, rev: 1 });
  socket().receive({ type: 'edited', room: 'lobby', seq: 1, text: 'x', editedAt: 5, rev: 1 });
  socket().drop(1012);
  await welcomeAgain(socket);
  assert.equal(socket().url, 'ws://b/ws', 'after 1012, the next node');
  await until(() => socket().of('join').length === 1, 'joined again');
  const again = socket().of('join')[0];
  assert.deepEqual([again.room, again.since, again.sinceRev], ['lobby', 2, 1]);
  socket().receive({ type: 'message', room: 'lobby', seq: 2, from: 'bob', text: 'm2', ts: 2 });
  socket().receive({ type: 'message', room: 'lobby', seq: 3, from: 'bob', text: 'm3', ts: 3 });
  assert.deepEqual(handed.filter((f) => f.type === 'message').map((f) => f.seq), [1, 2, 3]);
  assert.equal(handed.filter((f) => f.type === 'edited').length, 1);
  client.close();
});

test('a message without its answer is sent again after a drain (1012), and fails as unknown after any other drop', async () => {
  const { client, socket } = await online();
  const drained = client.dm('bob', 'through a drain');
  await until(() => socket().of('dm').length === 1, 'sent');
  socket().drop(1012);
  await welcomeAgain(socket);
  await until(() => socket().of('dm').length === 1, 'sent again on the next connection');
  socket().receive({ type: 'ack', seq: 7, ref: socket().of('dm')[0].ref });
  assert.equal((await drained).seq, 7);

  const lost = client.dm('bob', 'through a crash');
  const edit = client.edit({ with: 'bob' }, 7, 'edited through a crash');
  await until(() => socket().of('edit').length === 1, 'sent');
  socket().drop(1006);
  await assert.rejects(lost, { code: 'unknown' });
  await assert.rejects(edit, { code: 'unknown' });
  await welcomeAgain(socket);
  assert.deepEqual(socket().sent.map((f) => f.type).filter((t) => t === 'dm' || t === 'edit'), [], 'not sent again: they may have been done');
  client.close();
});

test('a refusal rejects with the node\'s code; a rate_limited answer is tried again; no answer is a timeout', async () => {
  const { client, socket } = await online({ timeoutMs: 1500 }); // longer than the wait before a rate_limited frame goes again
  const refused = client.say('lobby', 'x');
  await until(() => socket().of('say').length === 1, 'sent');
  socket().receive({ type: 'error', code: 'not_joined', message: 'join lobby first', ref: socket().of('say')[0].ref });
  await assert.rejects(refused, { code: 'not_joined', message: 'join lobby first' });

  const busy = client.dm('bob', 'y');
  await until(() => socket().of('dm').length === 1, 'sent');
  socket().receive({ type: 'error', code: 'rate_limited', message: 'busy', ref: socket().of('dm')[0].ref });
  await until(() => socket().of('dm').length === 2, 'tried again');
  socket().receive({ type: 'ack', seq: 1, ref: socket().of('dm')[1].ref });
  assert.equal((await busy).seq, 1);

  await assert.rejects(client.history({ room: 'lobby' }), { code: 'timeout' });
  client.close();
});

test('frames leave under the node\'s rate: past half its burst they wait', async () => {
  const { client, socket } = await online({ limits: { rateLimit: 10, rateBurst: 4 } });
  for (let i = 0; i < 5; i++) client.dm('bob', `m${i}`).catch(() => null);
  assert.equal(socket().of('dm').length, 2, 'a burst of 2 at once');
  await until(() => socket().of('dm').length === 5, 'the rest paced');
  client.close();
});

test('a join the node refuses rejects and is not joined again; 4401 during a session asks for a token once more; 4403 ends', async () => {
  let tokens = 0;
  const { client, socket } = await online({ token: () => `t${++tokens}` });
  const refused = client.join('secret');
  await until(() => socket().of('join').length === 1, 'join sent');
  socket().receive({ type: 'error', code: 'forbidden', message: 'private room', ref: socket().of('join')[0].ref });
  await assert.rejects(refused, { code: 'forbidden' });

  socket().drop(4401);
  await until(() => ScriptedSocket.all.length === 2 && socket().sent.length === 1, 'again');
  assert.equal(socket().sent[0].token, 't2', 'a fresh token');
  socket().receive({ type: 'welcome', user: 'ann' });
  assert.equal(socket().of('join').length, 0, 'the refused room is not joined again');
  const ended = new Promise((resolve) => { client.on('end', resolve); });
  socket().drop(4403);
  assert.equal((await ended).code, 4403);
  assert.equal(client.state, 'ended');
});

test('a request\'s time runs from when it is sent: one waiting its turn in the pacing does not time out', async () => {
  const { client, socket } = await online({ timeoutMs: 300, limits: { rateLimit: 5, rateBurst: 2 } });
  const answers = [1, 2, 3].map((i) => client.dm('bob', `m${i}`));
  for (let i = 0; i < 3; i++) {
    await until(() => socket().of('dm').length > i, `dm ${i + 1} sent`);
    socket().receive({ type: 'ack', seq: i + 1, ref: socket().of('dm')[i].ref });
  }
  assert.deepEqual((await Promise.all(answers)).map((a) => a.seq), [1, 2, 3], 'the third left about 440 ms after it was asked for');
  client.close();
});

test('the reader removed from a room, or parting it, is not joined to it again; waiting joins fail when the session ends', async () => {
  const { client, socket } = await online();
  client.join('plaza');
  const hall = client.join('hall');
  await until(() => socket().of('join').length === 2, 'joins sent');
  socket().receive({ type: 'joined', room: 'plaza', seq: 0, rev: 0, members: ['ann'] });
  const memberships = [];
  client.on('membership', (f) => memberships.push(f));
  client.part('plaza');
  assert.deepEqual(socket().of('part').map((f) => f.room), ['plaza']);
  socket().receive({ type: 'membership', room: 'plaza', user: 'ann', event: 'parted' });
  assert.equal(memberships.length, 1, 'the application is told too');
  socket().drop(1006);
  await welcomeAgain(socket);
  assert.deepEqual(socket().of('join').map((f) => f.room), ['hall'], 'plaza is not joined again');
  client.close();
  await assert.rejects(hall, { code: 'closed' });
});

test('the backoff grows over connections that do not last, and after a drop of a lasting one starts from its shortest', async () => {
  const { client, socket } = await online();
  const delays = [];
  client.on('state', (s) => s.state === 'offline' && delays.push(s.delay));
  socket().drop(1011);
  await welcomeAgain(socket);
  socket().drop(1011);
  await welcomeAgain(socket);
  client.upSince -= 10_000; // as if this one had lasted
  socket().drop(1011);
  assert.deepEqual(delays, [250, 500, 250]);
  client.close();
});

test('a connection from which nothing comes between two pings is given up for the next node', async () => {
  const { client, socket } = await online({ limits: { heartbeatIntervalMs: 400 } });
  const first = socket();
  await until(() => first.of('ping').length === 1, 'a ping');
  await until(() => ScriptedSocket.all.length === 2, 'given up, and connecting again');
  assert.equal(socket().url, 'ws://b/ws');
  client.close();
});

test('a DM conversation resumes from the welcome\'s news: history only where there is something newer, changes after the last rev seen', async () => {
  const { client, handed, socket } = await online();
  socket().receive(dm(1));
  socket().receive(dm(1, 'cy'));
  socket().receive({ type: 'edited', from: 'bob', to: 'ann', seq: 1, text: 'x', editedAt: 2, rev: 7 });
  socket().drop(1006);
  await welcomeAgain(socket, { dms: [{ with: 'bob', lastSeq: 1 }, { with: 'cy', lastSeq: 3 }] });
  await until(() => socket().of('changes').length === 1, 'bob\'s changes asked for');
  assert.equal(socket().of('history').length, 0, 'nothing newer with bob');
  assert.equal(socket().of('changes')[0].after, 7, 'after the first change seen live, not from the start');
  socket().receive({ type: 'changes', with: 'bob', changes: [], ref: socket().of('changes')[0].ref });
  await until(() => socket().of('history').length === 1, 'cy\'s messages asked for, after bob\'s');
  assert.deepEqual([socket().of('history')[0].with, socket().of('history')[0].after], ['cy', 1]);
  assert.equal(socket().of('changes')[1].after, 0, 'cy\'s changes from the start: none seen yet');
  assert.equal(handed.filter((f) => f.type === 'edited').length, 1);
  client.close();
});
