#!/usr/bin/env node
// Reference for scripts/bench realtime: the socket.io v4 server with its default settings
// (pingInterval 25000, pingTimeout 20000, maxHttpBufferSize 1e6, transports polling and
// websocket), doing what Marquee does for what the bench uses (docs/realtime.md):
//   join 'video:ID' (or {room})          → socket.join(room), ack {ok: true}
//   chat_message {video_id, text}        → chat_message {id, video_id, user, text, created_at}
//                                          to room video:ID (sender included), ack {ok: true, message}
// No authentication: every socket chats as the same user.
//   node reference-server.mjs PORT        (GET /ready answers 200 once it listens)
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const port = Number(process.argv[2]);
if (!port) {
  process.stderr.write('usage: reference-server.mjs PORT\n');
  process.exit(2);
}
const http = createServer((req, res) => {
  if (req.url === '/ready') return res.writeHead(200).end('ok');
  // socket.io answers /socket.io/ itself; everything else is not found.
  if (!req.url.startsWith('/socket.io/')) res.writeHead(404).end();
});
const io = new Server(http);
const user = { id: '1', username: 'bench', display_name: 'Bench' };
let nextId = 1;

io.on('connection', (socket) => {
  socket.on('join', (arg, ack) => {
    const room = typeof arg === 'string' ? arg : arg?.room;
    if (typeof room !== 'string') return ack?.({ error: { code: 'bad_request', message: 'room' } });
    socket.join(room);
    ack?.({ ok: true });
  });
  socket.on('chat_message', (data, ack) => {
    const text = typeof data?.text === 'string' ? data.text.trim() : '';
    if (!text || text.length > 500 || typeof data.video_id !== 'string') {
      return ack?.({ error: { code: 'bad_request', message: 'video_id and text' } });
    }
    const message = { id: String(nextId++), video_id: data.video_id, user, text, created_at: new Date().toISOString() };
    io.to(`video:${data.video_id}`).emit('chat_message', message);
    ack?.({ ok: true, message });
  });
});

http.listen(port, '127.0.0.1', () => process.stderr.write(`socket.io ${port} ready (pid ${process.pid})\n`));
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
