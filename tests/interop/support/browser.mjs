// A real web player for the interop tests: hls.js in headless Chromium, driven with
// playwright-core. The page is served by a loopback Node server on its own port, so it is
// another origin than Marquee and every playlist and segment request is a CORS request.
// Everything is registered with the test's t.after: the browser, its contexts and the
// page server are closed whether the test passes or fails.
import fs from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { waitFor } from './server.mjs';

const interopDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

// Debian's `chromium` package (scripts/setup installs it); CHROMIUM_BIN overrides.
export const CHROMIUM_BIN = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
const HLS_JS = path.join(interopDir, 'node_modules/hls.js/dist/hls.min.js');

// The player page. `window.startPlayer(url, config)` attaches hls.js to a muted autoplay
// <video>; everything hls.js and the element report is kept in `window.player`, which the
// test reads with `report()`.
const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>Marquee hls.js interop</title></head>
<body>
<video id="video" muted autoplay playsinline width="640" height="360"></video>
<script src="/hls.js"></script>
<script>
'use strict';
const video = document.getElementById('video');
window.video = video;
const state = {
  hlsVersion: Hls.version, levels: null, levelLoads: [], frags: [], errors: [], switched: [],
  playRejected: null,
};
window.player = state;
window.codecSupport = () => ({
  mse: typeof MediaSource === 'function',
  hlsSupported: Hls.isSupported(),
  h264High: MediaSource.isTypeSupported('video/mp4; codecs="avc1.640028"'),
  h264Main: MediaSource.isTypeSupported('video/mp4; codecs="avc1.4d401f"'),
  aac: MediaSource.isTypeSupported('audio/mp4; codecs="mp4a.40.2"'),
});
window.startPlayer = (url, config = {}) => {
  const hls = new Hls({ debug: false, ...config });
  window.hls = hls;
  hls.on(Hls.Events.MANIFEST_PARSED, (_, d) => {
    state.levels = d.levels.map((l) => ({ width: l.width, height: l.height, bitrate: l.bitrate, url: l.url }));
    video.play().catch((e) => { state.playRejected = String(e); });
  });
  hls.on(Hls.Events.LEVEL_LOADED, (_, d) => {
    state.levelLoads.push({ level: d.level, url: d.details.url, type: d.details.type, live: d.details.live,
      fragments: d.details.fragments.length, endSN: d.details.endSN, at: performance.now() });
  });
  hls.on(Hls.Events.FRAG_LOADED, (_, d) => {
    const f = d.frag;
    state.frags.push({ type: f.type, level: f.level, sn: f.sn, start: f.start, duration: f.duration, url: f.url,
      at: performance.now() });
  });
  hls.on(Hls.Events.LEVEL_SWITCHED, (_, d) => { state.switched.push(d.level); });
  hls.on(Hls.Events.ERROR, (_, d) => {
    state.errors.push({ fatal: d.fatal, type: d.type, details: d.details, url: d.url || (d.frag && d.frag.url) || null,
      code: (d.response && d.response.code) || (d.networkDetails && d.networkDetails.status) || null,
      reason: d.reason || (d.error && String(d.error)) || null });
  });
  hls.loadSource(url);
  hls.attachMedia(video);
};
window.report = () => ({
  ...state,
  currentLevel: window.hls ? window.hls.currentLevel : null,
  video: {
    currentTime: video.currentTime, paused: video.paused, ended: video.ended, seeking: video.seeking,
    readyState: video.readyState, videoWidth: video.videoWidth, videoHeight: video.videoHeight,
    error: video.error && { code: video.error.code, message: video.error.message },
    buffered: Array.from({ length: video.buffered.length }, (_, i) => [video.buffered.start(i), video.buffered.end(i)]),
  },
});
</script>
</body></html>
`;

// playwright-core, or a clear message that `npm ci` has not been run since it was added.
async function playwright() {
  try {
    return await import('playwright-core');
  } catch (error) {
    throw new Error(`playwright-core is not installed: run \`npm ci\` in tests/interop (${error.message})`);
  }
}

// Headless Chromium, closed after the test.
export async function launchChromium(t) {
  await fs.access(CHROMIUM_BIN, fs.constants.X_OK).catch(() => {
    throw new Error(`no Chromium at ${CHROMIUM_BIN}: install Debian's chromium (scripts/setup) or set CHROMIUM_BIN`);
  });
  const { chromium } = await playwright();
  const browser = await chromium.launch({
    executablePath: CHROMIUM_BIN,
    headless: true,
    timeout: 60_000,
    // No sound card on a CI machine: a null audio sink still clocks playback. The page's
    // <video> is muted, so the default autoplay policy lets it start on its own.
    args: ['--mute-audio', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  t.after(() => browser.close().catch(() => {}));
  return browser;
}

// The loopback server for the player page and hls.js, on a free port: another origin.
export async function startPageServer(t) {
  const hlsJs = await fs.readFile(HLS_JS).catch(() => {
    throw new Error(`hls.js is not installed (${HLS_JS}): run \`npm ci\` in tests/interop`);
  });
  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url, 'http://page');
    if (pathname === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(PAGE);
    } else if (pathname === '/favicon.ico') {
      res.writeHead(204);
      res.end();
    } else if (pathname === '/hls.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' });
      res.end(hlsJs);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  t.after(() => new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  }));
  return { origin: `http://127.0.0.1:${server.address().port}`, server };
}

// One viewer: a fresh browser context (no shared cache or cookies) with the player page.
export class Player {
  constructor(context, page, name) {
    this.context = context;
    this.page = page;
    this.name = name;
    this.console = [];
    // Every response the page got (the network's view: playlists, init segments, segments).
    this.responses = [];
    page.on('response', (r) =>
      this.responses.push({ url: r.url(), status: r.status(), allowOrigin: r.headers()['access-control-allow-origin'] ?? null }),
    );
    page.on('console', (m) => this.#keep(`console.${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => this.#keep(`pageerror: ${e.message}`));
    page.on('requestfailed', (r) => this.#keep(`requestfailed: ${r.url()} ${r.failure()?.errorText}`));
  }

  #keep(line) {
    this.console.push(line);
    if (this.console.length > 100) this.console.shift();
  }

  static async open(t, browser, pageServer, name = 'viewer') {
    const context = await browser.newContext();
    t.after(() => context.close().catch(() => {}));
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const player = new Player(context, page, name);
    await page.goto(`${pageServer.origin}/`, { waitUntil: 'load' });
    return player;
  }

  // page.evaluate has no time limit of its own: a hung renderer fails the call instead.
  async #evaluate(what, fn, arg) {
    let timer;
    const limit = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${this.name}: the page did not answer ${what} within 15 s`)), 15_000);
    });
    try {
      return await Promise.race([this.page.evaluate(fn, arg), limit]);
    } finally {
      clearTimeout(timer);
    }
  }

  codecSupport() {
    return this.#evaluate('codecSupport()', () => window.codecSupport());
  }

  start(url, config = {}) {
    return this.#evaluate('startPlayer()', ([u, c]) => window.startPlayer(u, c), [url, config]);
  }

  report() {
    return this.#evaluate('report()', () => window.report());
  }

  // Runs fn(arg) in the page, where `window.hls` and `window.video` are the player
  // (e.g. to force a level or seek).
  act(fn, arg) {
    return this.#evaluate('an action', fn, arg);
  }

  // Polls the player until `predicate(report)` holds. A fatal hls.js error or a media
  // element error fails the wait at once (unless allowFatal), with the player's state.
  async until(what, predicate, { timeoutMs = 30_000, allowFatal = false } = {}) {
    let last = null;
    return waitFor(
      async () => {
        last = await this.report();
        if (!allowFatal) {
          const fatal = last.errors.find((e) => e.fatal);
          const failure = fatal ? `fatal hls.js error ${JSON.stringify(fatal)}` :
            last.video.error ? `media error ${JSON.stringify(last.video.error)}` : null;
          if (failure) throw new Error(`${this.name}: ${failure} while waiting for ${what}\n${this.describe(last)}`);
        }
        return predicate(last) ? last : null;
      },
      { timeoutMs, intervalMs: 100, describe: () => `${this.name}: ${what}\n${this.describe(last)}` },
    );
  }

  // A readable account of the player, for failure messages.
  describe(report) {
    if (!report) return '(no report from the page yet)';
    const { video, levels, frags, errors, levelLoads, switched, playRejected, currentLevel } = report;
    return [
      `video: ${JSON.stringify(video)}`,
      `levels: ${JSON.stringify(levels && levels.map((l) => `${l.width}x${l.height}`))}`,
      `current level: ${currentLevel}, switched to: ${JSON.stringify(switched)}`,
      `level loads: ${JSON.stringify(levelLoads.slice(-6).map((l) => [l.level, l.type, l.fragments, l.url]))}`,
      `fragments (${frags.length}, last 8): ${JSON.stringify(frags.slice(-8).map((f) => [f.type, f.level, f.sn, f.start]))}`,
      `errors: ${JSON.stringify(errors)}`,
      playRejected ? `play() rejected: ${playRejected}` : '',
      `page log (last 15):\n  ${this.console.slice(-15).join('\n  ')}`,
    ].filter(Boolean).join('\n');
  }
}
