// Sources off the beaten path: sound without picture is refused with a reason; a
// portrait (9:16) clip without sound keeps its orientation in every rendition.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  createTusUpload,
  ffprobe,
  makeAudioOnly,
  makeClip,
  playWithFfmpeg,
  serverWithCreator,
  uploadWithTus,
} from './support/server.mjs';

test('audio_only_and_portrait_sources', { timeout: 150_000 }, async (t) => {
  const { harness, server, token } = await serverWithCreator(t, { name: 'unusual' });

  // Declared as audio: refused before a byte is sent.
  const declared = await createTusUpload(server, token, 1000, { filename: 'song.m4a', filetype: 'audio/mp4' });
  assert.equal(declared.status, 415, `an upload declared as audio/mp4 is refused: ${declared.body}`);

  // Declared as video, but only sound inside: processed, then failed with a reason.
  const audio = await makeAudioOnly(harness.path('song.mp4'), { seconds: 4 });
  const audioUpload = await uploadWithTus(server, token, audio, {
    filename: 'song.mp4',
    filetype: 'video/mp4',
    title: 'Only sound',
  });
  const portrait = await makeClip(harness.path('portrait.mp4'), { width: 720, height: 1280, seconds: 4, audio: false });
  const portraitUpload = await uploadWithTus(server, token, portrait, {
    filename: 'portrait.mp4',
    filetype: 'video/mp4',
    title: 'Tall',
    visibility: 'public',
  });

  const failed = await server.waitForStatus(audioUpload.videoId, token, 'failed', { timeoutMs: 60_000 });
  t.diagnostic(`audio-only: ${failed.failure_reason}`);
  assert.match(failed.failure_reason ?? '', /audio[- ]only|no (video|picture)/i);

  const ready = await server.waitForStatus(portraitUpload.videoId, token, 'ready', { timeoutMs: 90_000 });
  assert.ok(Math.abs(ready.duration_ms - 4000) <= 500, `duration_ms ${ready.duration_ms}`);
  const playback = await server.api('GET', `/api/videos/${portraitUpload.videoId}/playback`, { token });
  assert.equal(playback.status, 200);
  const { renditions, master_url: master } = playback.body;
  t.diagnostic(`portrait renditions: ${renditions.map((r) => `${r.name} ${r.width}x${r.height}`).join(', ')}`);
  assert.ok(renditions.length >= 2, `a 720×1280 source gets a ladder: ${JSON.stringify(renditions)}`);
  const top = renditions.reduce((a, b) => (b.height > a.height ? b : a));
  assert.deepEqual([top.width, top.height], [720, 1280], 'the top rendition keeps the source size');
  for (const rendition of renditions) {
    assert.ok(rendition.height > rendition.width, `${rendition.name} is ${rendition.width}x${rendition.height}`);
    const probe = await ffprobe(server.url(rendition.playlist_url));
    const video = probe.streams.find((s) => s.codec_type === 'video');
    assert.deepEqual([video.width, video.height], [rendition.width, rendition.height], `${rendition.name} as decoded`);
  }
  await playWithFfmpeg(server.url(master));
});
