// scripts/bench web, the measurements: what the watch page ships, Lighthouse on the home and
// watch pages, and the time from navigation to the first video frame on the watch page next
// to hls.js alone on a bare page playing the same stream, in the same run, rounds alternating.
//   node web.mjs --base URL --video ID --manifest build/release/web/manifest.json --rounds 5 [--no-lighthouse]
// Prints a Markdown section on stdout.
import { chromium } from 'playwright-core';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import * as chromeLauncher from 'chrome-launcher';
import fs from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const base = arg('base');
const videoId = arg('video');
const manifestPath = arg('manifest');
const rounds = Number(arg('rounds', '5'));
const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
const log = (...a) => console.error('bench web:', ...a);
const kb = (n) => (n / 1024).toFixed(1);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

// ---- what the watch page ships ----
const manifest = JSON.parse(await fs.readFile(manifestPath, 'utf8'));
const files = manifest.files;
const staticClosure = (name, seen = new Set()) => {
  if (seen.has(name)) return seen;
  seen.add(name);
  for (const dep of files[name]?.imports ?? []) staticClosure(dep, seen);
  return seen;
};
// The watch page runs the main script and boot.js (watch.html), with their static imports.
const watchSet = staticClosure(manifest.main);
if (manifest.boot) staticClosure(manifest.boot, watchSet);
const watchFiles = [...watchSet];
// The watch page's dynamic imports: hls.js (reported on its own) and what the player pulls in besides.
const dynamic = new Set();
for (const f of watchFiles) for (const d of files[f].dynamic_imports ?? []) staticClosure(d, dynamic);
const hlsChunk = [...dynamic].find((d) => files[d].kind === 'hls.js');
const hlsDeps = [...staticClosure(hlsChunk)].filter((f) => f !== hlsChunk && !watchFiles.includes(f));
const jsGz = watchFiles.reduce((n, f) => n + files[f].gzip_bytes, 0) + hlsDeps.reduce((n, f) => n + files[f].gzip_bytes, 0);
const jsRaw = watchFiles.reduce((n, f) => n + files[f].bytes, 0) + hlsDeps.reduce((n, f) => n + files[f].bytes, 0);
const cssGz = files[manifest.css].gzip_bytes;
const hlsGz = files[hlsChunk].gzip_bytes;
const tusChunk = Object.keys(files).find((f) => files[f].kind === 'tus-js-client');

// ---- time to first frame ----
const HLS_MIN = await fs.readFile(path.join(here, 'node_modules/hls.js/dist/hls.min.js'));
const BARE = `<!doctype html><html><head><meta charset="utf-8"><title>bare hls.js</title></head><body>
<video id="v" muted autoplay playsinline width="640" height="360"></video>
<script src="/hls.js"></script>
<script>
const v = document.getElementById('v');
const hls = new Hls();
hls.loadSource(${JSON.stringify(`${base}/media/videos/${videoId}/hls/master.m3u8`)});
hls.attachMedia(v);
hls.on(Hls.Events.MANIFEST_PARSED, () => v.play());
</script></body></html>`;
const pageServer = http.createServer((req, res) => {
  if (req.url === '/hls.js') { res.writeHead(200, { 'Content-Type': 'text/javascript' }); return res.end(HLS_MIN); }
  if (req.url === '/') { res.writeHead(200, { 'Content-Type': 'text/html' }); return res.end(BARE); }
  res.writeHead(404); res.end();
});
await new Promise((r) => pageServer.listen(0, '127.0.0.1', r));
const bareUrl = `http://127.0.0.1:${pageServer.address().port}/`;

// The first presented frame of the first <video>, in ms since navigation began.
const FIRST_FRAME_HOOK = `
new MutationObserver((_, observer) => {
  const v = document.querySelector('video');
  if (!v) return;
  observer.disconnect();
  v.requestVideoFrameCallback((now) => { window.__firstFrame = now; });
}).observe(document, { childList: true, subtree: true });`;

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--mute-audio', '--disable-gpu', '--disable-dev-shm-usage'] });
async function firstFrame(url) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  await context.addInitScript(FIRST_FRAME_HOOK);
  const page = await context.newPage();
  await page.goto(url);
  const ms = await page.waitForFunction(() => window.__firstFrame, null, { timeout: 30_000 }).then((h) => h.jsonValue());
  await context.close();
  return ms;
}
await firstFrame(`${base}/watch/${videoId}`); // warm the server's caches and the disk, not measured
await firstFrame(bareUrl);
const ttff = [];
for (let r = 1; r <= rounds; r++) {
  const app = await firstFrame(`${base}/watch/${videoId}`);
  const bare = await firstFrame(bareUrl);
  ttff.push({ app, bare });
  log(`first frame round ${r}: site ${app.toFixed(0)} ms, bare hls.js ${bare.toFixed(0)} ms`);
}
await browser.close();
pageServer.close();

// ---- Lighthouse ----
const chrome = await chromeLauncher.launch({
  chromePath: CHROMIUM,
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--mute-audio'],
});
const lh = [];
const skipLighthouse = process.argv.includes('--no-lighthouse');
if (skipLighthouse) await chrome.kill();
for (const [name, url] of skipLighthouse ? [] : [['home', `${base}/`], ['watch', `${base}/watch/${videoId}`]]) {
  for (const [preset, config] of [['mobile', undefined], ['desktop', desktopConfig]]) {
    const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices'] }, config);
    const c = result.lhr.categories;
    const score = (k) => Math.round(c[k].score * 100);
    const a = result.lhr.audits;
    lh.push({ name, preset, performance: score('performance'), accessibility: score('accessibility'), best: score('best-practices'),
      fcp: a['first-contentful-paint'].numericValue, lcp: a['largest-contentful-paint'].numericValue, tbt: a['total-blocking-time'].numericValue,
      failing: Object.values(a).filter((x) => x.score !== null && x.score < 0.9 && ['best-practices', 'accessibility'].some((k) => c[k].auditRefs.some((r) => r.id === x.id))).map((x) => x.id) });
    log(`lighthouse ${name} ${preset}: ${score('performance')} / ${score('accessibility')} / ${score('best-practices')}`);
  }
}
if (!skipLighthouse) await chrome.kill();

// ---- the section ----
const lhVersion = JSON.parse(await fs.readFile(path.join(here, 'node_modules/lighthouse/package.json'), 'utf8')).version;
const out = [];
out.push(`- Watch page JavaScript: the entry and its static imports (${watchFiles.filter((f) => f.endsWith('.js')).join(', ')})` +
  `${hlsDeps.length ? ` and what hls.js's chunk shares with them (${hlsDeps.join(', ')})` : ''}; hls.js is its own chunk, loaded by pages that play.`);
out.push(`- Lighthouse ${lhVersion} on Debian's Chromium (\`${CHROMIUM}\`), headless; \`mobile\` is its default (a simulated slow 4G and a 4× slower CPU), \`desktop\` its desktop preset.`);
out.push(`- First frame: from the navigation's start to the first frame the <video> presents (requestVideoFrameCallback), a fresh browser context (cold cache) each time, ${rounds} rounds alternating the site's /watch/{id} with a bare page that has only hls.js ${JSON.parse(await fs.readFile(path.join(here, 'node_modules/hls.js/package.json'), 'utf8')).version} (minified) playing the same master playlist, muted, from another loopback origin; after one unmeasured load of each. Targets: JS < 100 KB gzipped; Lighthouse performance ≥ 90, accessibility ≥ 95, best practices ≥ 95; first frame ≤ 1.3× the bare page.`);
out.push('');
out.push('| what | raw (KB) | gzipped (KB) | target |');
out.push('|---|---:|---:|---|');
out.push(`| watch page JavaScript, without hls.js | ${kb(jsRaw)} | ${kb(jsGz)} | < 100 KB gzipped: ${jsGz < 100 * 1024 ? 'met' : '**missed**'} |`);
out.push(`| hls.js (its own chunk) | ${kb(files[hlsChunk].bytes)} | ${kb(hlsGz)} | reported |`);
out.push(`| stylesheet | ${kb(files[manifest.css].bytes)} | ${kb(cssGz)} | |`);
out.push(`| tus-js-client (the upload page only) | ${kb(files[tusChunk].bytes)} | ${kb(files[tusChunk].gzip_bytes)} | |`);
out.push('');
out.push('| page | preset | performance | accessibility | best practices | FCP (ms) | LCP (ms) | TBT (ms) | audits under 0.9 (a11y, best practices) |');
out.push('|---|---|---:|---:|---:|---:|---:|---:|---|');
for (const r of lh) out.push(`| ${r.name} | ${r.preset} | ${r.performance} | ${r.accessibility} | ${r.best} | ${r.fcp.toFixed(0)} | ${r.lcp.toFixed(0)} | ${r.tbt.toFixed(0)} | ${r.failing.join(', ') || '–'} |`);
out.push('');
out.push('| round | site /watch/{id} (ms) | bare hls.js page (ms) | ratio |');
out.push('|---:|---:|---:|---:|');
ttff.forEach((t, i) => out.push(`| ${i + 1} | ${t.app.toFixed(0)} | ${t.bare.toFixed(0)} | ${(t.app / t.bare).toFixed(2)}× |`));
const ratio = median(ttff.map((t) => t.app / t.bare));
out.push(`| median | ${median(ttff.map((t) => t.app)).toFixed(0)} | ${median(ttff.map((t) => t.bare)).toFixed(0)} | ${ratio.toFixed(2)}× |`);
out.push('');
out.push('Target check:');
out.push('');
out.push(`- watch page JavaScript ${kb(jsGz)} KB gzipped without hls.js (hls.js ${kb(hlsGz)} KB): ${jsGz < 100 * 1024 ? 'met' : '**missed**'}`);
for (const r of lh) {
  const ok = r.performance >= 90 && r.accessibility >= 95 && r.best >= 95;
  out.push(`- Lighthouse ${r.name} (${r.preset}): performance ${r.performance}, accessibility ${r.accessibility}, best practices ${r.best}: ${ok ? 'met' : '**missed**'}`);
}
out.push(`- first frame: ${ratio.toFixed(2)}× the bare hls.js page (median of ${rounds}): ${ratio <= 1.3 ? 'met' : '**missed**'}`);
console.log(out.join('\n'));
