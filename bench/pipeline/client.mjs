#!/usr/bin/env node
// The Node side of scripts/bench transcode|playable|segments|upload (see bench/README.md):
// a tus-js-client uploader, a pipeline timer (upload → playable → ready, with the
// server's ffmpeg children sampled from /proc), and the reference ffmpeg commands derived
// from the exact argv Marquee ran. Every command prints one JSON object on stdout; errors
// go to stderr with a non-zero exit. Talks to 127.0.0.1 only; every wait is bounded.
//
//   node client.mjs tus-upload --endpoint URL --file F [--chunk-size N|Infinity]
//                              [--header 'Name: value']… [--metadata key=value]…
//   node client.mjs pipeline --base URL --token T --file F --server-pid PID
//                            --until ready|playable [--interval-ms 100] [--timeout-s 600]
//                            [--chunk-size N|Infinity] [--verify] [--delete] [--work DIR]
//                            [--work-root MARQUEE_DATA_DIR/work]
//   node client.mjs ladder-commands --argv-json FILE --source SRC --out DIR
//   node client.mjs first-segments --argv-json FILE --source SRC --out DIR [--interval-ms 100]
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

import * as tus from 'tus-js-client';

const CLK_TCK = 100; // USER_HZ; Linux reports /proc times in these units on every architecture

function die(message) {
  process.stderr.write(`client.mjs: ${message}\n`);
  process.exit(1);
}

// --key value pairs; repeatable keys collect into arrays; flags without a value are true.
function parseArgs(argv, repeatable = []) {
  const out = {};
  for (const key of repeatable) out[key] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) die(`unexpected argument ${arg}`);
    const key = arg.slice(2);
    const next = argv[i + 1];
    const value = next === undefined || next.startsWith('--') ? true : (i++, next);
    if (repeatable.includes(key)) out[key].push(value);
    else out[key] = value;
  }
  return out;
}

function chunkSizeOf(text) {
  if (text === undefined || text === 'Infinity') return Infinity;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) die(`bad --chunk-size ${text}`);
  return n;
}

// --read-bytes N: the file source's read size (0: tus-js-client's own 64 KiB source).
function readBytesOf(text) {
  if (text === undefined) return 0;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) die(`bad --read-bytes ${text}`);
  return n;
}

function loadavg() {
  return Number(fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
}

// ---------------------------------------------------------------------------------------
// tus-js-client: one whole upload; resolves with timing and what the server said.

// tus-js-client's default HTTP stack, noting when a PATCH's body has been handed to the
// socket in full (the request's 'finish' event): what comes after is the server's tail.
class TimingHttpStack {
  constructor() {
    this.inner = new tus.DefaultHttpStack();
    this.lastBodyEnd = null;
  }

  createRequest(method, url) {
    const req = this.inner.createRequest(method, url);
    const send = req.send.bind(req);
    req.send = (body) => {
      const sent = send(body);
      const underlying = req.getUnderlyingObject();
      if (method === 'PATCH' && underlying) underlying.on('finish', () => (this.lastBodyEnd = performance.now()));
      return sent;
    };
    return req;
  }

  getName() {
    return 'TimingHttpStack';
  }
}

// tus-js-client's own Node file source slices a file with fs.createReadStream at its
// default 64 KiB reads and gives the caller no way to change that: each 64 KiB then costs a
// thread-pool read, a Transform and a socket write in turn, so the client spends 1–1.8 s of
// CPU on 500 MB and tops out near 500 MB/s here. Its documented `fileReader` option takes a source of
// our own; this one slices the same file with reads of readBytes. readBytes 0 keeps
// tus-js-client's own source.
function largeReadFileReader(readBytes) {
  return {
    openFile(input) {
      const file = input.path;
      const size = fs.statSync(file).size;
      return Promise.resolve({
        size,
        slice(start, end) {
          const stop = Math.min(end, size);
          const stream = fs.createReadStream(file, { start, end: stop - 1, highWaterMark: readBytes });
          stream.size = stop - start; // tus-js-client's HTTP stack sends it as Content-Length
          return Promise.resolve({ value: stream, done: stop >= size });
        },
        close() {},
      });
    },
  };
}

function tusUpload({ endpoint, file, chunkSize, readBytes = 0, headers = {}, metadata = {} }) {
  return new Promise((resolve, reject) => {
    let videoId = null;
    let patches = 0;
    const httpStack = new TimingHttpStack();
    const started = performance.now();
    const upload = new tus.Upload(fs.createReadStream(file), {
      endpoint,
      chunkSize,
      headers,
      metadata,
      httpStack,
      ...(readBytes > 0 ? { fileReader: largeReadFileReader(readBytes) } : {}),
      retryDelays: [], // a retry would hide a failure and distort the figure
      removeFingerprintOnSuccess: true,
      onBeforeRequest: (req) => {
        if (req.getMethod() === 'PATCH') patches++;
      },
      onAfterResponse: (req, res) => {
        if (req.getMethod() === 'POST') videoId = res.getHeader('Marquee-Video-Id') || null;
      },
      onSuccess: () => {
        const now = performance.now();
        const seconds = (now - started) / 1000;
        // The tail: from the last byte written to the socket to the final response (the
        // server's work after the body: final sync, hand-over, database).
        const tail = httpStack.lastBodyEnd === null ? null : (now - httpStack.lastBodyEnd) / 1000;
        resolve({ seconds, tail, uploadUrl: upload.url, videoId, patches, doneAt: now });
      },
      onError: reject,
    });
    upload.start();
  });
}

async function cmdTusUpload(argv) {
  const a = parseArgs(argv, ['header', 'metadata']);
  if (!a.endpoint || !a.file) die('tus-upload needs --endpoint and --file');
  const headers = {};
  for (const h of a.header) {
    const at = h.indexOf(':');
    headers[h.slice(0, at).trim()] = h.slice(at + 1).trim();
  }
  const metadata = {};
  for (const m of a.metadata) {
    const at = m.indexOf('=');
    metadata[m.slice(0, at)] = m.slice(at + 1);
  }
  const bytes = fs.statSync(a.file).size;
  const load = loadavg();
  const r = await tusUpload({ endpoint: a.endpoint, file: a.file, chunkSize: chunkSizeOf(a['chunk-size']),
                              readBytes: readBytesOf(a['read-bytes']), headers, metadata });
  return {
    bytes,
    seconds: r.seconds,
    tail_s: r.tail,
    mb_per_s: bytes / 1e6 / r.seconds,
    patches: r.patches,
    upload_url: r.uploadUrl,
    video_id: r.videoId,
    load_1m: load,
  };
}

// ---------------------------------------------------------------------------------------
// /proc: the server's CPU, and its children (ffprobe, the ladder ffmpeg, image ffmpegs).

function procStat(pid) {
  // Fields after the parenthesised command name, which may itself contain spaces.
  const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state); utime is field 14, stime 15, cutime 16, cstime 17.
  const f = (n) => Number(rest[n - 3]);
  return { utime: f(14), stime: f(15), cutime: f(16), cstime: f(17) };
}

function serverCpu(pid) {
  const s = procStat(pid);
  return { self_s: (s.utime + s.stime) / CLK_TCK, children_s: (s.cutime + s.cstime) / CLK_TCK };
}

// The server's children, from /proc/PID/task/TID/children. Reading every thread's file
// costs the bench client CPU that ffmpeg would otherwise get, so once a thread has been
// seen forking (the transcode worker) only the threads known to fork are read, with a full
// scan every fullEveryMs to catch a new one.
function threadChildren(pid, tid) {
  try {
    const text = fs.readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
    return text ? text.split(/\s+/).map(Number) : [];
  } catch {
    return []; // the thread ended meanwhile
  }
}

function childPids(pid, forkingTids = null) {
  const pids = [];
  let tasks = [];
  try {
    tasks = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return pids;
  }
  for (const task of tasks) {
    const found = threadChildren(pid, task);
    if (found.length && forkingTids) forkingTids.add(task);
    pids.push(...found);
  }
  return pids;
}

function kindOf(argv) {
  const program = path.basename(argv[0] || '');
  if (program === 'ffprobe') return 'probe';
  if (program === 'ffmpeg') return argv.includes('-var_stream_map') ? 'ladder' : 'images';
  return program || 'unknown';
}

class ChildSampler {
  constructor(serverPid, t0) {
    this.serverPid = serverPid;
    this.t0 = t0;
    this.children = new Map(); // pid → record
    this.forkingTids = new Set();
    this.lastFullScan = -Infinity;
  }

  pids(now) {
    if (this.forkingTids.size === 0 || now - this.lastFullScan >= 1000) {
      this.lastFullScan = now;
      return childPids(this.serverPid, this.forkingTids);
    }
    return [...this.forkingTids].flatMap((tid) => threadChildren(this.serverPid, tid));
  }

  sample() {
    const now = performance.now() - this.t0;
    for (const pid of this.pids(now)) {
      let record = this.children.get(pid);
      try {
        // Between fork and exec a child is still a copy of the server: read its command
        // line again until it is ffmpeg or ffprobe.
        if (!record || !['probe', 'ladder', 'images'].includes(record.kind)) {
          const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((s, i, all) => i < all.length - 1 || s);
          if (argv.length === 0) continue; // not exec'd yet
          if (!record) {
            record = { pid, first_ms: now, last_ms: now, cpu_s: 0 };
            this.children.set(pid, record);
          }
          record.argv = argv;
          record.kind = kindOf(argv);
        }
        const s = procStat(pid);
        record.cpu_s = (s.utime + s.stime) / CLK_TCK;
        record.last_ms = now;
      } catch {
        // exited between the listing and the read
      }
    }
  }

  alive() {
    return childPids(this.serverPid).length;
  }

  list() {
    return [...this.children.values()].sort((a, b) => a.first_ms - b.first_ms);
  }
}

// ---------------------------------------------------------------------------------------
// The pipeline: upload, then poll the video every interval until playable or ready.

// node:http with a keep-alive agent: a poll every 100 ms costs the client (and so the
// machine ffmpeg runs on) less than fetch does.
const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });

function api(base, token, method, rel, { timeoutMs = 10_000 } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      new URL(rel, base),
      { method, agent, timeout: timeoutMs, headers: token ? { Authorization: `Bearer ${token}` } : {} },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body = text;
          if ((res.headers['content-type'] || '').includes('json') && text) body = JSON.parse(text);
          resolve({ status: res.statusCode, body, headers: res.headers });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${rel}: no answer in ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

function run(file, args, timeoutMs = 60_000) {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${file} ${args.join(' ')}: ${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

// A media playlist's init segment (EXT-X-MAP) and first media segment, as absolute URLs.
function firstSegmentOf(playlistText, playlistUrl) {
  let init = null;
  let first = null;
  for (const line of playlistText.split('\n').map((l) => l.trim())) {
    const map = line.match(/^#EXT-X-MAP:.*URI="([^"]+)"/);
    if (map) init = new URL(map[1], playlistUrl).toString();
    if (line && !line.startsWith('#') && !first) first = new URL(line, playlistUrl).toString();
  }
  return { init, first };
}

// Every rendition's playlist in outDir lists a first segment whose file (and init
// segment) exists: the moment ffmpeg has made the video playable.
function renditionNames(argv) {
  return argv[argv.indexOf('-var_stream_map') + 1].split(' ').map((e) => e.match(/name:([^,]+)/)[1]);
}

function firstSegmentsOnDisk(outDir, names) {
  return names.every((name) => {
    const dir = path.join(outDir, name);
    let text;
    try {
      text = fs.readFileSync(path.join(dir, 'index.m3u8'), 'utf8');
    } catch {
      return false;
    }
    const { init, first } = firstSegmentOf(text, `file://${dir}/index.m3u8`);
    return Boolean(first) && fs.existsSync(new URL(first)) && (!init || fs.existsSync(new URL(init)));
  });
}

// What a player needs to start: the master answers 200, and every rendition's playlist,
// init segment and first segment load, and ffprobe reads init + first segment.
async function verifyPlayable(base, token, videoId, work) {
  const playback = await api(base, token, 'GET', `/api/videos/${videoId}/playback`);
  if (playback.status !== 200) throw new Error(`GET playback: ${playback.status}`);
  const masterUrl = new URL(playback.body.master_url, base).toString();
  const master = await fetch(masterUrl, { signal: AbortSignal.timeout(10_000) });
  const masterText = await master.text();
  if (master.status !== 200) throw new Error(`master playlist: ${master.status}`);
  const playlists = [];
  for (const line of masterText.split('\n').map((l) => l.trim())) {
    const media = line.match(/^#EXT-X-MEDIA:.*URI="([^"]+)"/);
    if (media) playlists.push(new URL(media[1], masterUrl).toString());
    if (line && !line.startsWith('#')) playlists.push(new URL(line, masterUrl).toString());
  }
  const renditions = [];
  for (const url of playlists) {
    const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
    const { init, first } = firstSegmentOf(text, url);
    if (!first) throw new Error(`${url} lists no segment`);
    const parts = [];
    for (const part of [init, first].filter(Boolean)) {
      const r = await fetch(part, { signal: AbortSignal.timeout(10_000) });
      if (r.status !== 200) throw new Error(`${part}: ${r.status}`);
      parts.push(Buffer.from(await r.arrayBuffer()));
    }
    const file = path.join(work, `probe-${renditions.length}.mp4`);
    fs.writeFileSync(file, Buffer.concat(parts));
    const probe = JSON.parse(
      await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name,width,height', '-of', 'json', file]),
    );
    fs.rmSync(file, { force: true });
    const stream = (probe.streams || [])[0];
    if (!stream) throw new Error(`ffprobe found no stream in the first segment of ${url}`);
    const name = new URL(url).pathname.split('/').slice(-2, -1)[0];
    renditions.push({ name, codec: stream.codec_name, width: stream.width || null, height: stream.height || null,
                      first_segment_bytes: parts[parts.length - 1].length });
  }
  return { master_status: master.status, renditions };
}

// The server's own account of a finished transcode, from its log line
// "video ID ready: N renditions (prepare A ms, encode B ms, publish C ms)": prepare is the
// job's start to ffmpeg's (source lookup, ffprobe, planning), encode the ladder ffmpeg and
// reading its output, publish the images, the blob store and the database writes.
// The line follows the status change by a moment, so it is waited for.
async function serverReadyPhases(logFile, videoId) {
  const pattern = new RegExp(`video ${videoId} ready: \\d+ renditions \\(prepare (\\d+) ms, encode (\\d+) ms, publish (\\d+) ms\\)`);
  let match = null;
  for (let waited = 0; !match && waited <= 5000; waited += 50) {
    match = fs.readFileSync(logFile, 'utf8').match(pattern);
    if (!match) await sleep(50);
  }
  if (!match) throw new Error(`the server log ${logFile} has no "ready" line for video ${videoId}`);
  const [prepare_ms, encode_ms, publish_ms] = match.slice(1).map(Number);
  return { prepare_ms, encode_ms, publish_ms };
}

async function cmdPipeline(argv) {
  const a = parseArgs(argv);
  for (const k of ['base', 'token', 'file', 'server-pid', 'until']) if (!a[k]) die(`pipeline needs --${k}`);
  if (!['ready', 'playable'].includes(a.until)) die('--until must be ready or playable');
  const base = a.base;
  const token = a.token;
  const serverPid = Number(a['server-pid']);
  const interval = Number(a['interval-ms'] || 100);
  const timeoutMs = Number(a['timeout-s'] || 600) * 1000;
  const work = a.work || path.dirname(a.file);
  const load = loadavg();

  const up = await tusUpload({
    endpoint: new URL('/api/uploads', base).toString(),
    file: a.file,
    chunkSize: chunkSizeOf(a['chunk-size']),
    readBytes: readBytesOf(a['read-bytes']),
    headers: { Authorization: `Bearer ${token}` },
    metadata: { filename: path.basename(a.file), filetype: 'video/mp4', title: a.title || 'bench', visibility: 'public' },
  });
  const t0 = up.doneAt; // upload complete: the final PATCH was answered
  const cpu0 = serverCpu(serverPid);
  const ownCpu0 = process.cpuUsage(); // this client's polling and sampling, for the record
  const sampler = new ChildSampler(serverPid, t0);
  const videoId = up.videoId;
  if (!videoId) throw new Error('the creation response named no video (Marquee-Video-Id)');

  const since = () => performance.now() - t0;
  // With --work-root (Marquee's <data>/work): when ffmpeg's first segments are on disk in
  // the video's work dir, to tell ffmpeg's share of time-to-playable from Marquee's.
  const workRoot = a['work-root'] || null;
  let onDiskMs = null;
  const watchDisk = () => {
    if (!workRoot || onDiskMs !== null) return;
    const ladder = sampler.list().find((c) => c.kind === 'ladder');
    if (ladder && firstSegmentsOnDisk(path.join(workRoot, videoId, 'hls'), renditionNames(ladder.argv))) onDiskMs = since();
  };
  const seen = {}; // status → first ms
  let last = null;
  let polls = 0;
  const deadline = t0 + timeoutMs;
  for (;;) {
    // /proc is read only until the ladder ffmpeg has been seen (its argv is the reference
    // command); after that the only observer is the API poll, so the encode is not slowed
    // by the bench's own sampling. Phase times come from the server's log instead.
    if (!sampler.list().some((c) => c.kind === 'ladder')) sampler.sample();
    watchDisk();
    const res = await api(base, token, 'GET', `/api/videos/${videoId}`);
    polls++;
    if (res.status !== 200) throw new Error(`GET /api/videos/${videoId}: ${res.status}`);
    last = res.body;
    const at = since();
    if (!(last.status in seen)) seen[last.status] = at;
    if (last.status === 'failed') throw new Error(`video failed: ${last.failure_reason}`);
    if (last.status === 'ready') break;
    if (a.until === 'playable' && last.status === 'playable') break;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms (status ${last.status}, progress ${last.progress})`);
    await sleep(Math.max(0, interval - (since() - at)));
  }
  const playableMs = seen.playable ?? seen.ready ?? null;
  const readyMs = seen.ready ?? null;
  const cpu1 = serverCpu(serverPid);
  const ownCpu = process.cpuUsage(ownCpu0);

  let verify = null;
  let verifiedMs = null;
  if (a.verify) {
    verify = await verifyPlayable(base, token, videoId, work);
    verifiedMs = since();
  }

  const children = sampler.list();
  const ladder = children.find((c) => c.kind === 'ladder') || null;
  const ladderStartMs = ladder ? ladder.first_ms : null;
  const serverPhases = readyMs !== null && a['server-log'] ? await serverReadyPhases(a['server-log'], videoId) : null;

  if (a.delete) {
    // Deleting the video cancels its transcode; wait until the server has no children left.
    const del = await api(base, token, 'DELETE', `/api/videos/${videoId}`);
    if (del.status >= 300) throw new Error(`DELETE /api/videos/${videoId}: ${del.status}`);
    const until = performance.now() + 30_000;
    while (sampler.alive() > 0 && performance.now() < until) await sleep(100);
    if (sampler.alive() > 0) throw new Error('the server still has children 30 s after the video was deleted');
  }

  return {
    video_id: videoId,
    load_1m: load,
    upload_s: up.seconds,
    upload_bytes: fs.statSync(a.file).size,
    statuses_first_seen_ms: seen,
    playable_ms: playableMs,
    first_segments_on_disk_ms: onDiskMs,
    ready_ms: readyMs,
    verified_ms: verifiedMs,
    verify,
    polls,
    interval_ms: interval,
    // CPU between upload complete and the last poll: ffmpeg/ffprobe children reaped by the
    // server (cutime+cstime), and the server's own threads.
    cpu: {
      children_s: cpu1.children_s - cpu0.children_s,
      self_s: cpu1.self_s - cpu0.self_s,
      client_s: (ownCpu.user + ownCpu.system) / 1e6,
    },
    ladder_start_ms: ladderStartMs,
    server_phases: serverPhases,
    children: children.map(({ argv, ...rest }) => ({ ...rest, program: path.basename(argv[0]) })),
    ladder_argv: ladder ? ladder.argv : null,
  };
}

// ---------------------------------------------------------------------------------------
// Reference commands from Marquee's own ladder argv:
//   bare: the same argv, source and output directory swapped, without `-progress pipe:1`
//     (so it also writes the image outputs Marquee's ladder makes, into the same directory);
//   sequential: one ffmpeg per rung (the shared audio rendition made by the first run),
//     each with that rung's filter chain and options and the same shared/HLS options
//     (without the image branch).

function ladderCommands(argv, source, out) {
  const input = argv.indexOf('-i');
  const last = argv[argv.length - 1];
  const suffix = '/%v/index.m3u8';
  if (input < 0 || !last.endsWith(suffix)) throw new Error('not a Marquee ladder command');
  const outDir = last.slice(0, -suffix.length);
  const swap = (arg, i) => (i === input + 1 ? `file:${source}` : arg.split(outDir).join(out));

  const bare = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '-progress') {
      i++; // and its value
      continue;
    }
    bare.push(swap(argv[i], i));
  }

  // Sequential: split the argv into its parts.
  const fc = bare.indexOf('-filter_complex');
  const graph = bare[fc + 1];
  const head = bare.slice(0, fc); // ffmpeg … -i file:SRC
  const prefix = graph.slice(0, graph.indexOf(',split=')); // [0:0]fps=30/1
  const preset = bare.indexOf('-preset');
  const mapMeta = bare.indexOf('-map_metadata');
  const rungOpts = [];
  let audioOpts = [];
  // Marquee's image outputs (poster candidates, storyboard) come right after the graph,
  // before the first rung's `-map [v0]`; the per-rung runs leave them out.
  const firstRung = bare.indexOf('[v0]', fc + 2) - 1;
  for (let i = firstRung; i < preset; i++) {
    if (bare[i] === '-map') rungOpts.push([]);
    rungOpts[rungOpts.length - 1].push(bare[i]);
  }
  const shared = [];
  for (let i = preset; i < mapMeta; i++) {
    if (bare[i] === '-map') {
      audioOpts = bare.slice(i, mapMeta);
      break;
    }
    shared.push(bare[i]);
  }
  const tail = bare.slice(mapMeta);
  const vsm = tail.indexOf('-var_stream_map');
  const streamMap = tail[vsm + 1].split(' ');
  const videoEntries = streamMap.filter((e) => e.startsWith('v:'));
  const audioEntry = streamMap.find((e) => e.startsWith('a:'));

  const sequential = rungOpts.map((opts, i) => {
    const chain = graph.match(new RegExp(`\\[s${i}\\]([^;]*)\\[v${i}\\]`));
    if (!chain) throw new Error(`no filter chain for rung ${i} in ${graph}`);
    const renamed = opts.map((o) => (o === `[v${i}]` ? '[v0]' : o.replace(new RegExp(`:v:${i}$`), ':v:0')));
    const withAudio = i === 0 && audioEntry;
    const entry = videoEntries[i].replace(/^v:\d+/, 'v:0');
    const map = withAudio ? `${entry} ${audioEntry}` : entry.replace(',agroup:audio', '');
    const t = [...tail];
    t[vsm + 1] = map;
    return [...head, '-filter_complex', `${prefix},${chain[1]}[v0]`, ...renamed, ...shared, ...(withAudio ? audioOpts : []), ...t];
  });
  return { output_dir_in_argv: outDir, source_in_argv: argv[input + 1], bare, sequential };
}

function cmdLadderCommands(argv) {
  const a = parseArgs(argv);
  for (const k of ['argv-json', 'source', 'out']) if (!a[k]) die(`ladder-commands needs --${k}`);
  return ladderCommands(JSON.parse(fs.readFileSync(a['argv-json'], 'utf8')), a.source, a.out);
}

// The reference for `playable`: the bare one-pass command, watched the way Marquee's
// transcoder watches it — every rendition's playlist lists a first segment whose file (and
// init segment) exists — polled every interval; ffmpeg is killed once they all do.
async function cmdFirstSegments(argv) {
  const a = parseArgs(argv);
  for (const k of ['argv-json', 'source', 'out']) if (!a[k]) die(`first-segments needs --${k}`);
  const interval = Number(a['interval-ms'] || 100);
  const timeoutMs = Number(a['timeout-s'] || 300) * 1000;
  const { bare } = ladderCommands(JSON.parse(fs.readFileSync(a['argv-json'], 'utf8')), a.source, a.out);
  const names = renditionNames(bare);
  const load = loadavg();
  fs.mkdirSync(a.out, { recursive: true });
  const { spawn } = await import('node:child_process');
  const t0 = performance.now();
  const child = spawn(bare[0], bare.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  let exit = null;
  exited.then((e) => (exit = e));
  let ms = null;
  try {
    while (performance.now() - t0 < timeoutMs) {
      if (firstSegmentsOnDisk(a.out, names)) {
        ms = performance.now() - t0;
        break;
      }
      if (exit) throw new Error(`ffmpeg exited (${JSON.stringify(exit)}) before its first segments: ${stderr}`);
      await sleep(interval);
    }
    if (ms === null) throw new Error(`no first segments after ${timeoutMs} ms`);
  } finally {
    if (!exit) child.kill('SIGKILL');
    await exited;
  }
  return { first_segments_ms: ms, load_1m: load, renditions: names, interval_ms: interval };
}

// ---------------------------------------------------------------------------------------
const [cmd, ...rest] = process.argv.slice(2);
const commands = {
  'tus-upload': cmdTusUpload,
  pipeline: cmdPipeline,
  'ladder-commands': cmdLadderCommands,
  'first-segments': cmdFirstSegments,
};
if (!commands[cmd]) die(`usage: client.mjs ${Object.keys(commands).join('|')} [options]`);
try {
  const result = await commands[cmd](rest);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
} catch (error) {
  die(error.stack || String(error));
}
