// A Node.js broadcast server on the ws package, for the bench to measure the chat node against.
// It does what chatbench.BareServer does: WebSocket on any path of 127.0.0.1:PORT, every text
// message sent as it is to every open connection (the sender included), "ok" to any plain HTTP
// request (the bench's readiness check), nothing else.
'use strict';
const http = require('node:http');
const { WebSocketServer, WebSocket } = require('ws');

const port = Number(process.argv[2]);
// A connection this far behind is skipped, as BareServer skips one whose write queue is full
// (Netty's default high-water mark); its buffer stays bounded.
const MAX_BUFFERED = 64 * 1024;
// Vert.x's default maximum WebSocket message, which BareServer accepts.
const MAX_PAYLOAD = 256 * 1024;

const server = http.createServer((req, res) => res.end('ok'));
const wss = new WebSocketServer({ server, maxPayload: MAX_PAYLOAD, perMessageDeflate: false });
wss.on('connection', (socket) => {
  socket.on('message', (data, isBinary) => {
    if (isBinary) {
      return;
    }
    for (const client of wss.clients) {
      if (client.readyState === WebSocket.OPEN && client.bufferedAmount < MAX_BUFFERED) {
        client.send(data, { binary: false });
      }
    }
  });
});
server.listen(port, '127.0.0.1', () => console.log(`ws server on 127.0.0.1:${port}`));
