// An application of the JavaScript client for JsClientResumeTest: it joins a room and posts into
// it steadily while the test kills, restarts and drains nodes; on `stop` it waits for every post's
// outcome, on `report` it prints what the client handed it and how each post ended.
import { createInterface } from 'node:readline';
import { ChatClient } from '../../../../client-web/src/main/webroot/js/chat-client.js';

const [urls, token, room] = process.argv.slice(2);
const chat = new ChatClient({ url: urls.split(','), token, timeoutMs: 60_000 });
const report = { messages: [], dms: [], acked: [], unknown: [], failed: [] };
chat.on('message', (m) => report.messages.push({ seq: m.seq, from: m.from, text: m.text }));
chat.on('dm', (m) => report.dms.push({ seq: m.seq, from: m.from, text: m.text }));
chat.on('state', (s) => console.log(`state ${JSON.stringify(s)}`));
await chat.connect();
await chat.join(room);
console.log('ready');

let posted = 0;
const outcomes = [];
const poster = setInterval(() => {
  const text = `js ${++posted}`;
  outcomes.push(chat.say(room, text).then(() => report.acked.push(text),
    (e) => (e.code === 'unknown' ? report.unknown.push(text) : report.failed.push(`${text}: ${e.code} ${e.message}`))));
}, 80);

for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'stop') {
    clearInterval(poster);
    await Promise.all(outcomes);
    console.log(`stopped after ${posted}`);
  } else if (line === 'report') {
    console.log(`report ${JSON.stringify(report)}`);
    chat.close();
    process.exit(0);
  }
}
