// What a viewer sees: hls.js (the reference web HLS player) in headless Chromium plays
// Marquee's HLS from a page on another origin (CORS). A public 720p video: the master
// playlist's levels match the video's renditions, playback starts and advances, forcing
// the lowest and the highest level loads and shows that level, and a seek plays from the
// new position. A private video: the owner's signed URLs play (the token is carried into
// media playlists and segments); without the token, or with a forged one, hls.js stops
// with a fatal 403. A video that is still processing plays from its EVENT playlists.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Player, launchChromium, startPageServer } from './support/browser.mjs';
import { makeClip, serverWithCreator, uploadWithTus } from './support/server.mjs';

const SECONDS = 10;

// Fails with a clear message when this Chromium cannot play H.264/AAC through MSE (a build
// without proprietary codecs): the rest of the test would only time out.
async function assertCodecs(player) {
  const support = await player.codecSupport();
  assert.ok(
    support.mse && support.hlsSupported && support.h264High && support.h264Main && support.aac,
    `this Chromium cannot play Marquee's HLS (H.264 + AAC in fMP4 through MediaSource): ${JSON.stringify(support)}; ` +
      "Debian's chromium package has the proprietary codecs, a Chromium built without them does not",
  );
}

// The video fragments hls.js loaded (not audio, not init segments), from index `since` on.
const mainFrags = (report, since = 0) =>
  report.frags.slice(since).filter((f) => f.type === 'main' && f.sn !== 'initSegment');

test('hls_js_in_chromium_plays_public_private_and_processing_videos', { timeout: 300_000 }, async (t) => {
  const { harness, server, token } = await serverWithCreator(t, { name: 'hls-js' });
  const clip = await makeClip(harness.path('clip.mp4'), { width: 1280, height: 720, seconds: SECONDS });
  const upload = (title, visibility) =>
    uploadWithTus(server, token, clip, { filename: 'clip.mp4', filetype: 'video/mp4', title, visibility });
  const publicVideo = await upload('Watched in a browser', 'public');
  const privateVideo = await upload('Only for its owner', 'private');

  // Chromium starts while the videos transcode.
  const [browser, pageServer] = await Promise.all([launchChromium(t), startPageServer(t)]);
  assert.notEqual(pageServer.origin, server.base, 'the player page is on another origin than Marquee');
  const probe = await Player.open(t, browser, pageServer, 'codec probe');
  await assertCodecs(probe);
  await probe.context.close();

  await server.waitForStatus(publicVideo.videoId, token, 'ready', { timeoutMs: 120_000 });
  await server.waitForStatus(privateVideo.videoId, token, 'ready', { timeoutMs: 120_000 });

  await t.test('public video: levels, playback, forced levels and a seek', async (t) => {
    const playback = await server.api('GET', `/api/videos/${publicVideo.videoId}/playback`);
    assert.equal(playback.status, 200, JSON.stringify(playback.body));
    const { master_url: master, renditions, signed } = playback.body;
    assert.equal(signed, false, 'a public video plays from plain URLs');
    assert.ok(renditions.length >= 2, `a 720p source gets a ladder: ${JSON.stringify(renditions)}`);

    const player = await Player.open(t, browser, pageServer, 'public viewer');
    const { hlsVersion } = await player.report();
    await player.start(server.url(master));

    // The manifest: one level per rendition, with the rendition's size.
    const parsed = await player.until('hls.js to parse the master playlist', (r) => r.levels);
    const bySize = (a, b) => a[1] - b[1] || a[0] - b[0];
    assert.deepEqual(
      parsed.levels.map((l) => [l.width, l.height]).sort(bySize),
      renditions.map((r) => [r.width, r.height]).sort(bySize),
      'hls.js levels = the video\'s renditions',
    );
    const ladder = parsed.levels.map((l) => `${l.width}x${l.height}@${l.bitrate}`);
    t.diagnostic(`hls.js ${hlsVersion}: levels ${ladder.join(', ')}`);

    // Playback starts on its own (muted autoplay) and the clock runs.
    const playing = await player.until('currentTime to pass 2 s', (r) => r.video.currentTime > 2 && !r.video.paused);
    assert.equal(playing.playRejected, null, 'muted autoplay is allowed');
    assert.ok(playing.video.videoHeight > 0, 'frames are decoded');
    const media = player.responses.filter((r) => r.url.startsWith(`${server.base}/media/`));
    assert.ok(media.length >= 3);
    for (const { url, allowOrigin } of media) {
      // http.cors_origins = * (the default): any page may read public media, without cookies.
      assert.equal(allowOrigin, '*', `CORS: ${url} allows any origin`);
    }

    // Forcing a level: hls.js loads that level's fragments and the picture has its size.
    const heights = parsed.levels.map((l) => l.height);
    const lowest = heights.indexOf(Math.min(...heights));
    const highest = heights.indexOf(Math.max(...heights));
    for (const level of [lowest, highest]) {
      const { width, height } = parsed.levels[level];
      // Counted in the same page task as the switch: later fragments are the new level's.
      const before = await player.act((lvl) => {
        window.video.currentTime = 1;
        window.hls.currentLevel = lvl;
        window.video.play().catch(() => {});
        return window.player.frags.length;
      }, level);
      const shown = await player.until(
        `level ${level} (${width}x${height}) to load and show`,
        (r) =>
          mainFrags(r, before).some((f) => f.level === level) &&
          r.video.videoHeight === height &&
          r.video.currentTime > 1.5 &&
          !r.video.paused,
      );
      const loaded = mainFrags(shown, before);
      assert.ok(
        loaded.every((f) => f.level === level),
        `after forcing level ${level} only its fragments load: ${JSON.stringify(loaded.map((f) => [f.level, f.sn]))}`,
      );
      assert.equal(shown.video.videoWidth, width, `level ${level} picture width`);
      assert.equal(shown.currentLevel, level);
    }

    // A seek to 7 s plays from there.
    const beforeSeek = await player.act(() => {
      const from = window.video.currentTime;
      window.video.currentTime = 7;
      window.video.play().catch(() => {});
      return from;
    });
    assert.ok(beforeSeek < 6, `the seek jumps ahead (from ${beforeSeek} s)`);
    const afterSeek = await player.until(
      'playback to continue from the 7 s seek',
      (r) => !r.video.seeking && r.video.currentTime > 7.5 && !r.video.paused,
    );
    assert.ok(afterSeek.video.currentTime < SECONDS, `currentTime ${afterSeek.video.currentTime} after the seek`);
    assert.ok(
      afterSeek.video.buffered.some(([start, end]) => start <= 7 && end >= 7.5),
      `the seek target is buffered: ${JSON.stringify(afterSeek.video.buffered)}`,
    );

    // Played to the end with no fatal error (non-fatal ones, e.g. a stall, are reported).
    const ended = await player.until('playback to reach the end', (r) => r.video.ended);
    assert.ok(Math.abs(ended.video.currentTime - SECONDS) <= 0.5, `ends at ${ended.video.currentTime} s`);
    assert.deepEqual(ended.errors.filter((e) => e.fatal), []);
    if (ended.errors.length) t.diagnostic(`non-fatal hls.js errors: ${JSON.stringify(ended.errors)}`);
  });

  await t.test('private video: signed URLs play, no or a forged token gives a fatal 403', async (t) => {
    const anonymous = await server.api('GET', `/api/videos/${privateVideo.videoId}/playback`);
    assert.ok([403, 404].includes(anonymous.status), `a stranger gets no playback URLs: ${anonymous.status}`);
    const playback = await server.api('GET', `/api/videos/${privateVideo.videoId}/playback`, { token });
    assert.equal(playback.status, 200, JSON.stringify(playback.body));
    const { master_url: master, renditions, signed } = playback.body;
    assert.equal(signed, true, 'a private video plays from signed URLs');
    const masterUrl = new URL(master, server.base);
    const sig = masterUrl.searchParams.get('sig');
    assert.ok(sig && masterUrl.searchParams.get('exp') && masterUrl.searchParams.get('vid'), `signed master: ${master}`);

    const owner = await Player.open(t, browser, pageServer, 'owner');
    await owner.start(masterUrl.toString());
    const played = await owner.until('the owner\'s signed playback to pass 2 s', (r) => r.video.currentTime > 2);
    assert.equal(played.levels.length, renditions.length);
    // Every playlist, init segment and segment the page fetched carried the owner's token.
    const media = owner.responses.filter((r) => r.url.startsWith(`${server.base}/media/`));
    const kinds = (pattern) => media.filter((r) => pattern.test(new URL(r.url).pathname)).length;
    assert.ok(kinds(/\/index\.m3u8$/) >= 1 && kinds(/init[^/]*\.mp4$/) >= 1 && kinds(/\.m4s$/) >= 2,
      `media playlists, init segments and segments were fetched: ${JSON.stringify(media.map((r) => r.url))}`);
    for (const { url, status } of media) {
      assert.equal(new URL(url).searchParams.get('sig'), sig, `the token is carried into ${url}`);
      assert.ok(status === 200 || status === 206, `${url}: ${status}`);
    }
    const names = media.map((r) => new URL(r.url).pathname.split('/hls/')[1]);
    t.diagnostic(`signed playback: ${media.length} media requests, all with the token: ${names.join(' ')}`);

    // The segments themselves are guarded, not just the playlists.
    const segment = new URL(mainFrags(played)[0].url);
    const bare = new URL(segment.pathname, server.base);
    const statusOf = async (url) => (await fetch(url, { signal: AbortSignal.timeout(10_000) })).status;
    assert.equal(await statusOf(segment), 200, 'a signed segment is served');
    assert.equal(await statusOf(bare), 403, 'a segment without the token is refused');

    const forged = new URL(masterUrl);
    forged.searchParams.set('sig', (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1));
    for (const [what, url] of [
      ['without the token', new URL(masterUrl.pathname, server.base).toString()],
      ['with a forged token', forged.toString()],
    ]) {
      const stranger = await Player.open(t, browser, pageServer, `viewer ${what}`);
      await stranger.start(url);
      const refused = await stranger.until(`a fatal error for the master ${what}`, (r) => r.errors.some((e) => e.fatal), {
        allowFatal: true,
      });
      const fatal = refused.errors.find((e) => e.fatal);
      assert.equal(fatal.type, 'networkError', `${what}: ${JSON.stringify(fatal)}`);
      assert.equal(fatal.details, 'manifestLoadError', `${what}: ${JSON.stringify(fatal)}`);
      assert.equal(fatal.code, 403, `${what}: ${JSON.stringify(fatal)}`);
      assert.equal(refused.levels, null, `${what}: no levels`);
      assert.equal(refused.frags.length, 0, `${what}: no fragment`);
    }
  });

  await t.test('a video still processing plays from its EVENT playlists', async (t) => {
    const long = await makeClip(harness.path('long.mp4'), { width: 1280, height: 720, seconds: 24 });
    const { videoId } = await uploadWithTus(server, token, long, {
      filename: 'long.mp4',
      filetype: 'video/mp4',
      title: 'Still encoding',
      visibility: 'public',
    });
    const seen = await server.waitForStatus(videoId, token, ['playable', 'ready'], { timeoutMs: 120_000, intervalMs: 100 });
    if (seen.status === 'ready') {
      t.skip('the transcode finished before the video was seen playable');
      return;
    }
    const playback = await server.api('GET', `/api/videos/${videoId}/playback`);
    assert.equal(playback.status, 200, JSON.stringify(playback.body));
    const viewer = await Player.open(t, browser, pageServer, 'early viewer');
    await viewer.start(server.url(playback.body.master_url), { startPosition: 0 });
    const first = await viewer.until('the first media playlist', (r) => r.levelLoads.length > 0);
    const initial = first.levelLoads[0];
    if (!initial.live && (await server.video(videoId, token)).status === 'ready') {
      t.skip(`the transcode finished before hls.js loaded its first media playlist: ${JSON.stringify(initial)}`);
      return;
    }
    const playing = await viewer.until('early playback to pass 1.5 s', (r) => r.video.currentTime > 1.5);
    const status = (await server.video(videoId, token)).status;
    t.diagnostic(`first media playlist: ${JSON.stringify(initial)}; at 1.5 s the video is ${status}`);
    assert.equal(initial.type, 'EVENT', 'a processing video has EVENT playlists');
    assert.equal(initial.live, true, 'hls.js treats the growing playlist as live');
    // hls.js follows the playlist as it grows: it loads segments the first one did not list.
    const grown = await viewer.until(
      `a segment after #${initial.endSN}, the last one of the first playlist`,
      (r) => mainFrags(r).some((f) => f.sn > initial.endSN),
      { timeoutMs: 60_000 },
    );
    assert.deepEqual(grown.errors.filter((e) => e.fatal), []);
  });
});
