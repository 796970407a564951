// An API-only server and a separate worker process share one data dir. The worker is
// killed while it transcodes; a new worker takes the job over once the dead one's lease
// runs out, and the video still ends ready and playable.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { Harness, makeClip, playWithFfmpeg, uploadWithTus, waitFor } from './support/server.mjs';

const LEASE_MS = 3000;
const SECONDS = 20;

// What the first test saw of the killed worker's ffmpeg children, for the second.
const orphans = { checked: false, transcoders: [], survivors: [] };

// Direct children of a process (all its threads), from /proc.
function childrenOf(pid) {
  const out = [];
  try {
    for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
      const text = fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (text) out.push(...text.split(/\s+/).map(Number));
    }
  } catch {
    // the process is gone
  }
  return out;
}

// argv of a live process, or null.
function commandOf(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return null;
  }
}

const isTranscoder = (pid) => {
  const argv = commandOf(pid);
  return argv !== null && /ffmpeg$/.test(argv[0]) && argv.includes('-progress');
};

test('a_worker_killed_mid_transcode_is_replaced_and_the_video_becomes_ready', { timeout: 180_000 }, async (t) => {
  const harness = await Harness.create(t, 'worker-crash');
  const dataDir = await harness.newDataDir();
  await harness.createUser(dataDir, 'creator');
  await harness.createUser(dataDir, 'admin', 'admin');
  const lease = ['--workers-lease-ms', String(LEASE_MS)];

  const api = await harness.startServer(dataDir, ['--role', 'api', ...lease]);
  const firstWorker = harness.startWorker(dataDir, lease);
  const token = await api.login('creator');
  const adminToken = await api.login('admin');

  const clip = await makeClip(harness.path('long.mp4'), { width: 1280, height: 720, seconds: SECONDS });
  const { videoId } = await uploadWithTus(api, token, clip, {
    filename: 'long.mp4',
    filetype: 'video/mp4',
    title: 'Outlives its worker',
    visibility: 'public',
  });
  assert.ok(videoId);

  // Kill the worker as soon as it is visibly transcoding.
  await api.waitForStatus(videoId, token, ['processing', 'playable'], { timeoutMs: 60_000, intervalMs: 100 });
  const transcoders = await waitFor(
    () => {
      assert.ok(firstWorker.running, `the worker died on its own:\n${firstWorker.log()}`);
      const found = childrenOf(firstWorker.pid).filter(isTranscoder);
      return found.length > 0 ? found : null;
    },
    { timeoutMs: 20_000, intervalMs: 50, describe: () => `the worker ${firstWorker.pid} to run its HLS ffmpeg` },
  );
  orphans.transcoders = transcoders;
  await firstWorker.kill();
  const busy = await api.video(videoId, token);
  t.diagnostic(`worker ${firstWorker.pid} killed at ${busy.status} ${busy.progress}%; its ffmpeg: ${transcoders}`);

  const running = await api.api('GET', `/api/admin/jobs?subject=${videoId}`, { token: adminToken });
  assert.equal(running.status, 200);
  const stuck = running.body.items.find((j) => j.kind === 'transcode');
  assert.ok(stuck, `a transcode job for the video: ${JSON.stringify(running.body)}`);
  assert.equal(stuck.state, 'running', 'the dead worker still holds the lease until it expires');
  assert.notEqual((await api.video(videoId, token)).status, 'ready');

  // No new worker can claim the job before the dead one's lease expires (≤ LEASE_MS from
  // its last renewal), so this is the moment to see whether its ffmpeg lives on.
  await sleep(LEASE_MS - 500);
  orphans.checked = true;
  orphans.survivors = transcoders.filter(isTranscoder);

  const secondWorker = harness.startWorker(dataDir, lease);
  const ready = await api.waitForStatus(videoId, token, 'ready', { timeoutMs: 120_000 });
  assert.ok(Math.abs(ready.duration_ms - SECONDS * 1000) <= 500, `duration_ms ${ready.duration_ms}`);
  assert.ok(ready.renditions.length >= 1);

  const playback = await api.api('GET', `/api/videos/${videoId}/playback`, { token });
  assert.equal(playback.status, 200);
  await playWithFfmpeg(api.url(playback.body.master_url));

  const jobs = await api.api('GET', `/api/admin/jobs?subject=${videoId}`, { token: adminToken });
  assert.equal(jobs.status, 200);
  const transcodes = jobs.body.items.filter((j) => j.kind === 'transcode');
  assert.equal(transcodes.length, 1, `one job, taken over, not a second one: ${JSON.stringify(transcodes)}`);
  const [job] = transcodes;
  assert.equal(job.state, 'succeeded', JSON.stringify(job));
  assert.ok(job.attempts >= 2, `attempts ${job.attempts}: the killed attempt counts`);
  assert.match(job.lease_owner ?? '', new RegExp(`:${secondWorker.pid}:`), 'the new worker finished it');
  assert.ok(secondWorker.running && api.proc.running);
});

// media/ChildProcess starts ffmpeg with a parent-death signal (SIGKILL), so a killed
// worker's transcode stops with it instead of encoding on into data/work/<id>.
test(
  'a_killed_workers_ffmpeg_does_not_outlive_it',
  () => {
    assert.ok(orphans.checked, 'the worker-crash test did not get as far as killing the worker');
    assert.ok(orphans.transcoders.length > 0);
    assert.deepEqual(
      orphans.survivors,
      [],
      `ffmpeg ${orphans.survivors} of the killed worker still ran ${LEASE_MS - 500} ms after the kill`,
    );
  },
);
