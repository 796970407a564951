// The server dies (SIGKILL) in the middle of one long PATCH. What it had checkpointed
// must survive the restart, and the client finishes from there with tus-js-client: the
// stored source is the original, byte for byte.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import * as tus from 'tus-js-client';

import {
  Harness,
  createTusUpload,
  makeClip,
  padMp4,
  playWithFfmpeg,
  sha256File,
  waitFor,
} from './support/server.mjs';

const MiB = 1 << 20;
const CHECKPOINT = MiB;

// One PATCH carrying the whole rest of the file, written 256 KiB at a time with pauses,
// stopping (without ending the request) once `stopAfter` bytes are written.
function slowPatch(url, token, data, { offset = 0, stopAfter, piece = 256 * 1024, pauseMs = 15 }) {
  const req = http.request(url, {
    method: 'PATCH',
    agent: false,
    headers: {
      'Tus-Resumable': '1.0.0',
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/offset+octet-stream',
      'Upload-Offset': String(offset),
      'Content-Length': String(data.length - offset),
    },
  });
  const state = { sent: 0, error: null, status: null };
  const failed = new Promise((resolve) => req.on('error', (e) => resolve((state.error = e))));
  req.on('response', (res) => {
    state.status = res.statusCode;
    res.resume();
  });
  const writing = (async () => {
    while (state.sent < stopAfter && !state.error) {
      const bytes = data.subarray(offset + state.sent, Math.min(offset + state.sent + piece, data.length));
      if (bytes.length === 0) break;
      const flushed = req.write(bytes);
      state.sent += bytes.length;
      if (!flushed) await Promise.race([new Promise((r) => req.once('drain', r)), failed, sleep(10_000, null, { ref: false })]);
      await sleep(pauseMs);
    }
  })();
  return { req, state, writing };
}

test('killing_the_server_mid_upload_keeps_the_persisted_offset', { timeout: 150_000 }, async (t) => {
  const harness = await Harness.create(t, 'crash-upload');
  const dataDir = await harness.newDataDir();
  await harness.createUser(dataDir, 'creator');
  const args = ['--uploads-checkpoint-bytes', String(CHECKPOINT)];

  const file = await makeClip(harness.path('padded.mp4'), { width: 640, height: 360, seconds: 4 });
  const total = await padMp4(file, 8 * MiB);
  const original = fs.readFileSync(file);
  assert.equal(original.length, total);

  let server = await harness.startServer(dataDir, args);
  let token = await server.login('creator');
  const created = await createTusUpload(server, token, total, {
    filename: 'padded.mp4',
    filetype: 'video/mp4',
    title: 'Survives a crash',
  });
  assert.equal(created.status, 201, created.body);
  const uploadPath = new URL(created.location, server.base).pathname;
  const videoId = created.videoId;
  assert.ok(videoId);

  // About 4 MiB go out in one request; the server should have checkpointed some of it.
  const patch = slowPatch(server.url(uploadPath), token, original, { stopAfter: 4 * MiB });
  t.after(() => patch.req.destroy());
  await patch.writing;
  assert.equal(patch.state.error, null, `the PATCH broke early: ${patch.state.error}`);
  assert.equal(patch.state.status, null, 'the server must still be reading the body');
  const during = await waitFor(
    async () => {
      const head = await server.uploadOffset(uploadPath, token);
      return head.offset >= CHECKPOINT ? head : null;
    },
    { timeoutMs: 10_000, intervalMs: 100, describe: () => `a checkpointed offset ≥ ${CHECKPOINT} while the PATCH runs` },
  );
  assert.ok(during.offset <= patch.state.sent, `offset ${during.offset} > bytes sent ${patch.state.sent}`);

  const killed = await server.proc.kill();
  assert.equal(killed.signal, 'SIGKILL');
  patch.req.destroy();

  // Restarted on the same data dir: the checkpointed offset is still there.
  server = await harness.startServer(dataDir, args);
  token = await server.login('creator');
  const after = await server.uploadOffset(uploadPath, token);
  t.diagnostic(`sent ${patch.state.sent} B, offset seen before the kill ${during.offset}, after restart ${after.offset}`);
  assert.equal(after.length, total);
  assert.ok(after.offset > 0, 'the restart lost the whole upload');
  assert.ok(after.offset >= during.offset, `offset went back from ${during.offset} to ${after.offset} across the crash`);
  assert.ok(after.offset <= patch.state.sent, `offset ${after.offset} is past the ${patch.state.sent} bytes sent`);
  assert.equal((await server.video(videoId, token)).status, 'uploading');

  // tus-js-client resumes from that URL and sends only what is missing.
  const patchOffsets = [];
  let resent = 0;
  await new Promise((resolve, reject) => {
    const upload = new tus.Upload(fs.createReadStream(file), {
      uploadUrl: server.url(uploadPath),
      headers: { Authorization: `Bearer ${token}` },
      retryDelays: [0, 200, 500],
      chunkSize: 2 * MiB,
      onBeforeRequest: (req) => {
        if (req.getMethod() === 'PATCH') patchOffsets.push(Number(req.getHeader('Upload-Offset')));
      },
      onChunkComplete: (size) => {
        resent += size;
      },
      onSuccess: resolve,
      onError: reject,
    });
    upload.start();
  });
  assert.equal(patchOffsets[0], after.offset, 'tus-js-client resumes at the server offset');
  assert.equal(resent, total - after.offset);

  const ready = await server.waitForStatus(videoId, token, 'ready', { timeoutMs: 90_000 });
  assert.equal(ready.status, 'ready');
  const stored = path.join(dataDir, 'blobs', 'videos', videoId, 'source');
  assert.equal(fs.statSync(stored).size, total, 'stored source size');
  assert.equal(await sha256File(stored), await sha256File(file), 'the stored source is the uploaded file');

  const playback = await server.api('GET', `/api/videos/${videoId}/playback`, { token });
  assert.equal(playback.status, 200);
  await playWithFfmpeg(server.url(playback.body.master_url));
});
