// A creator's upload through tus-js-client (the reference tus client) is cut off part
// way, resumed from where the server says it stands, and the result plays in ffmpeg,
// rendition by rendition, as an HLS client would.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import * as tus from 'tus-js-client';

import { ffprobe, makeClip, playWithFfmpeg, serverWithCreator } from './support/server.mjs';

const CHUNK = 1 << 20;
const SECONDS = 10;

// Runs a tus.Upload to its end; `hooks` may add callbacks (they receive the upload).
function uploadOnce(source, options, hooks = {}) {
  return new Promise((resolve, reject) => {
    const upload = new tus.Upload(source, {
      ...options,
      onBeforeRequest: (req) => hooks.onBeforeRequest?.(req, upload),
      onAfterResponse: (req, res) => hooks.onAfterResponse?.(req, res, upload),
      onChunkComplete: (size, accepted, total) => hooks.onChunkComplete?.(size, accepted, total, upload, resolve),
      onSuccess: () => resolve({ upload, finished: true }),
      onError: reject,
    });
    (hooks.beforeStart ? hooks.beforeStart(upload) : Promise.resolve()).then(() => upload.start(), reject);
  });
}

test('tus_js_client_upload_resumes_after_interruption_and_plays_in_every_rendition', { timeout: 200_000 }, async (t) => {
  const { harness, server, token } = await serverWithCreator(t, { name: 'tus-resume' });
  const clip = await makeClip(harness.path('clip.mp4'), {
    width: 1280,
    height: 720,
    seconds: SECONDS,
    videoBitrate: '4M',
  });
  const total = fs.statSync(clip).size;
  assert.ok(total > 3 * CHUNK, `the clip (${total} bytes) must span several chunks`);

  const options = {
    endpoint: server.url('/api/uploads'),
    chunkSize: CHUNK,
    headers: { Authorization: `Bearer ${token}` },
    metadata: {
      filename: 'interop-720p.mp4',
      filetype: 'video/mp4',
      title: 'Interop 720p',
      tags: 'interop,tus',
      visibility: 'public',
    },
    retryDelays: [0, 200, 500],
    urlStorage: new tus.FileUrlStorage(harness.path('tus-urls.json')),
    storeFingerprintForResuming: true,
    removeFingerprintOnSuccess: true,
  };

  // First session: interrupted by the user once ≥ 30 % is accepted.
  let videoId = null;
  let acceptedBeforeAbort = null;
  const first = await uploadOnce(fs.createReadStream(clip), options, {
    onAfterResponse: (req, res) => {
      if (req.getMethod() === 'POST') videoId = res.getHeader('Marquee-Video-Id');
    },
    onChunkComplete: (size, accepted, totalBytes, upload, resolve) => {
      if (acceptedBeforeAbort === null && accepted / totalBytes >= 0.3) {
        acceptedBeforeAbort = accepted;
        upload.abort().then(() => resolve({ upload, finished: false }));
      }
    },
  });
  assert.equal(first.finished, false, 'the first session must be interrupted, not finish');
  assert.ok(videoId, 'the creation response names the video (Marquee-Video-Id)');
  const uploadUrl = first.upload.url;
  assert.match(uploadUrl, /\/api\/uploads\/[^/]+$/);

  // What the server holds: exactly what it acknowledged, and not everything.
  const head = await server.uploadOffset(uploadUrl, token);
  assert.equal(head.length, total, 'Upload-Length');
  assert.ok(head.offset > 0 && head.offset < total, `server offset ${head.offset} must be within (0, ${total})`);
  assert.equal(head.offset, acceptedBeforeAbort, 'the server keeps every byte it acknowledged');
  assert.equal(head.videoId, videoId);
  assert.equal((await server.video(videoId, token)).status, 'uploading');

  // Second session: a new Upload finds the interrupted one and resumes it.
  const resumedOffsets = [];
  const methods = [];
  let bytesAfterResume = 0;
  const second = await uploadOnce(fs.createReadStream(clip), options, {
    beforeStart: async (upload) => {
      const previous = await upload.findPreviousUploads();
      assert.equal(previous.length, 1, 'tus-js-client remembers the interrupted upload');
      assert.equal(new URL(previous[0].uploadUrl).pathname, new URL(uploadUrl).pathname);
      upload.resumeFromPreviousUpload(previous[0]);
    },
    onBeforeRequest: (req) => {
      methods.push(req.getMethod());
      if (req.getMethod() === 'PATCH') resumedOffsets.push(Number(req.getHeader('Upload-Offset')));
    },
    onChunkComplete: (size) => {
      bytesAfterResume += size;
    },
  });
  assert.equal(second.finished, true);
  assert.ok(!methods.includes('POST'), `resuming must not create a new upload (requests: ${methods.join(',')})`);
  assert.equal(methods[0], 'HEAD', 'a resume starts by asking the server for its offset');
  assert.equal(resumedOffsets[0], head.offset, 'the first PATCH after resuming starts at the server offset');
  assert.equal(bytesAfterResume, total - head.offset, 'only the missing bytes are sent again');
  assert.ok(bytesAfterResume < total, 'the resumed upload did not restart from 0');

  const ready = await server.waitForStatus(videoId, token, 'ready', { timeoutMs: 120_000 });
  assert.equal(ready.progress, 100);
  assert.ok(Math.abs(ready.duration_ms - SECONDS * 1000) <= 500, `duration_ms ${ready.duration_ms}`);

  const playback = await server.api('GET', `/api/videos/${videoId}/playback`, { token });
  assert.equal(playback.status, 200);
  const { master_url: master, renditions, poster_url: poster, storyboard_url: storyboard } = playback.body;
  t.diagnostic(
    `upload ${total} B, interrupted at ${head.offset} B, resumed with ${bytesAfterResume} B; renditions ${renditions
      .map((r) => `${r.name} ${r.width}x${r.height}`)
      .join(', ')}`,
  );
  assert.ok(renditions.length >= 2, `a 720p source gets a ladder (got ${JSON.stringify(renditions)})`);
  assert.deepEqual(
    renditions.map((r) => [r.width, r.height]).sort((a, b) => b[1] - a[1])[0],
    [1280, 720],
    'the top rendition keeps the source size',
  );

  // ffmpeg, as an HLS client, reads the master playlist and every rendition to the end.
  await playWithFfmpeg(server.url(master));
  for (const rendition of renditions) {
    const url = server.url(rendition.playlist_url);
    await playWithFfmpeg(url);
    const probe = await ffprobe(url);
    const video = probe.streams.find((s) => s.codec_type === 'video');
    assert.ok(video, `${rendition.name} has a video stream`);
    assert.deepEqual([video.width, video.height], [rendition.width, rendition.height], `${rendition.name} size`);
    const duration = Number(probe.format.duration);
    assert.ok(Math.abs(duration - SECONDS) <= 0.5, `${rendition.name} lasts ${duration} s, expected ≈ ${SECONDS}`);
    assert.ok(rendition.bitrate > 0 && rendition.codecs.includes('avc1'), `${rendition.name}: ${JSON.stringify(rendition)}`);
  }

  assert.ok(poster, 'a ready video has a poster');
  const posterRes = await fetch(server.url(poster));
  assert.equal(posterRes.status, 200);
  const jpeg = Buffer.from(await posterRes.arrayBuffer());
  assert.deepEqual([...jpeg.subarray(0, 3)], [0xff, 0xd8, 0xff], 'the poster is a JPEG');

  assert.ok(storyboard, 'a ready video has a storyboard');
  const storyboardRes = await fetch(server.url(storyboard));
  assert.equal(storyboardRes.status, 200);
  assert.match(await storyboardRes.text(), /^WEBVTT/);
});
