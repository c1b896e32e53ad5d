// A Bun broadcast server on Bun's built-in pub/sub (uWebSockets), for the bench to measure the
// chat node against. It does what chatbench.BareServer does: WebSocket on any path of
// 127.0.0.1:PORT, every text message sent as it is to every open connection (the sender
// included: server.publish, not ws.publish), "ok" to any plain HTTP request (the bench's
// readiness check), nothing else.
const port = Number(process.argv[2]);

const server = Bun.serve({
  hostname: '127.0.0.1',
  port,
  fetch(req, server) {
    return server.upgrade(req) ? undefined : new Response('ok');
  },
  websocket: {
    // A subscriber this far behind misses what is published, as BareServer skips a connection
    // whose write queue is full (Netty's default high-water mark); its buffer stays bounded.
    backpressureLimit: 64 * 1024,
    closeOnBackpressureLimit: false,
    // Vert.x's default maximum WebSocket message, which BareServer accepts.
    maxPayloadLength: 256 * 1024,
    perMessageDeflate: false,
    // BareServer neither pings nor closes idle connections; the idle-connection scenario holds them.
    idleTimeout: 0,
    sendPings: false,
    open(ws) {
      ws.subscribe('room');
    },
    message(ws, message) {
      if (typeof message === 'string') {
        server.publish('room', message);
      }
    },
  },
});
console.log(`bun server on 127.0.0.1:${server.port}`);
