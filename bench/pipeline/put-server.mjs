#!/usr/bin/env node
// Reference for scripts/bench upload: the least an upload server can do. A PUT's body is
// piped into a new file in DIR, fsync'd once at the end, and answered 201 only then (so
// the bytes are as durable as Marquee's when it answers). GET /ready answers 200.
//   node put-server.mjs PORT DIR
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

const [port, dir] = process.argv.slice(2);
if (!port || !dir) {
  process.stderr.write('usage: put-server.mjs PORT DIR\n');
  process.exit(2);
}
let n = 0;
const server = http.createServer(async (req, res) => {
  if (req.method === 'GET' && req.url === '/ready') return res.end('ok');
  if (req.method !== 'PUT') {
    res.statusCode = 405;
    return res.end();
  }
  const file = path.join(dir, `put-${process.pid}-${n++}`);
  let handle;
  try {
    handle = await fs.promises.open(file, 'w');
    await pipeline(req, fs.createWriteStream(null, { fd: handle.fd, autoClose: false }));
    await handle.sync();
    const { size } = await handle.stat();
    res.statusCode = 201;
    res.end(`${size}\n`);
  } catch (error) {
    res.statusCode = 500;
    res.end(String(error));
  } finally {
    await handle?.close();
  }
});
server.requestTimeout = 0;
server.listen(Number(port), '127.0.0.1');
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
