// Files that are not what they claim: each upload completes, its video ends `failed`
// with a reason the owner can read, and the server goes on serving everyone else.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import {
  createTusUpload,
  makeClip,
  playWithFfmpeg,
  serverWithCreator,
  uploadWithTus,
} from './support/server.mjs';

// Polls /api/health every 100 ms until stopped; collects anything but a 200.
function watchHealth(server) {
  const problems = [];
  let checks = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      try {
        const res = await fetch(server.url('/api/health'), { signal: AbortSignal.timeout(5_000) });
        await res.arrayBuffer();
        if (res.status !== 200) problems.push(`HTTP ${res.status}`);
      } catch (error) {
        problems.push(String(error));
      }
      checks += 1;
      await sleep(100);
    }
  })();
  return {
    problems,
    async stop() {
      stopped = true;
      await loop;
      return checks;
    },
  };
}

test('hostile_files_end_failed_while_the_server_keeps_serving', { timeout: 150_000 }, async (t) => {
  const { harness, dataDir, server, token } = await serverWithCreator(t, { name: 'hostile' });
  const health = watchHealth(server);
  t.after(() => health.stop());

  const text = harness.path('notes.mp4');
  fs.writeFileSync(text, 'These are my notes, not a video.\n'.repeat(2000));

  const whole = await makeClip(harness.path('whole.mp4'), { width: 640, height: 360, seconds: 4 });
  const bytes = fs.readFileSync(whole);
  const truncated = harness.path('truncated.mp4');
  fs.writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));

  const hostile = [];
  for (const [name, file] of [
    ['text renamed .mp4', text],
    ['first half of an mp4', truncated],
  ]) {
    const { videoId } = await uploadWithTus(server, token, file, {
      filename: file.split('/').pop(),
      filetype: 'video/mp4',
      title: name,
    });
    assert.ok(videoId, `${name}: Marquee-Video-Id`);
    hostile.push({ name, videoId });
  }
  const empty = await createTusUpload(server, token, 0, { filename: 'empty.mp4', filetype: 'video/mp4' });
  assert.equal(empty.status, 201, `a 0-byte upload is created (and complete at once): ${empty.body}`);
  assert.ok(empty.videoId);
  hostile.push({ name: '0-byte file', videoId: empty.videoId });

  for (const { name, videoId } of hostile) {
    const video = await server.waitForStatus(videoId, token, 'failed', { timeoutMs: 60_000 });
    t.diagnostic(`${name}: ${video.failure_reason}`);
    assert.equal(typeof video.failure_reason, 'string', `${name}: failure_reason`);
    assert.ok(video.failure_reason.trim().length > 0, `${name}: failure_reason is empty`);
    assert.ok(!video.failure_reason.includes(dataDir), `${name}: the reason leaks a server path: ${video.failure_reason}`);
    assert.deepEqual(video.renditions ?? [], [], `${name}: a failed video has no renditions`);
  }

  // A proper clip uploaded after them is processed as usual.
  const good = await uploadWithTus(server, token, whole, {
    filename: 'whole.mp4',
    filetype: 'video/mp4',
    title: 'After the storm',
    visibility: 'public',
  });
  const ready = await server.waitForStatus(good.videoId, token, 'ready', { timeoutMs: 90_000 });
  assert.ok(ready.renditions.length >= 1);
  const playback = await server.api('GET', `/api/videos/${good.videoId}/playback`, { token });
  assert.equal(playback.status, 200);
  await playWithFfmpeg(server.url(playback.body.master_url));

  // Still failed: nothing retried them into another state meanwhile.
  for (const { name, videoId } of hostile) {
    assert.equal((await server.video(videoId, token)).status, 'failed', name);
  }

  const checks = await health.stop();
  assert.ok(checks >= 5, `only ${checks} health checks ran`);
  assert.deepEqual(health.problems, [], '/api/health answered 200 throughout');
  assert.ok(server.proc.running, `the server is still up\n${server.proc.log()}`);
});
