#!/usr/bin/env node
// Reference for scripts/bench upload: @tus/server with @tus/file-store, as its README sets
// it up, on 127.0.0.1:PORT, storing uploads in DIR.
//   node tus-server.mjs PORT DIR
// @tus/file-store writes each PATCH body through fs.createWriteStream and never fsyncs:
// the offset it reports (the file's size) is in the page cache, not necessarily on disk.
import { Server } from '@tus/server';
import { FileStore } from '@tus/file-store';

const [port, directory] = process.argv.slice(2);
if (!port || !directory) {
  process.stderr.write('usage: tus-server.mjs PORT DIR\n');
  process.exit(2);
}
const server = new Server({ path: '/files', datastore: new FileStore({ directory }) });
const http = server.listen(Number(port), '127.0.0.1', () => process.stderr.write(`tus-server on 127.0.0.1:${port}\n`));
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
