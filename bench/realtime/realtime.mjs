#!/usr/bin/env node
// One realtime measurement against one running server, for scripts/bench realtime; prints
// one JSON object on stdout (progress on stderr).
//
//   node realtime.mjs fanout  --kind sio|ws --base http://127.0.0.1:PORT --server-pid PID
//        [--marquee] [--connections 10000] [--fanout-messages 20] [--fanout-interval-ms 500]
//        [--procs 2] [--settle-ms 3000] [--fanout-sample-every 10] [--receiver-client raw|ws]
//     N idle receivers join one video room: server RSS before and after (memory per
//     connection), then a separate sender (signed in on Marquee) sends M chat messages, one
//     every interval; every receiver records the delivery latency of each. Then a sampled
//     burst: all receivers but one in 10 stop reading (the server still writes to every one)
//     and up to M more messages are timed on the readers, so that the receivers' own CPU
//     time, on the same cores, does not hide the server's; the others read theirs afterwards
//     and are counted.
//   node realtime.mjs sustain --kind sio|ws --base … --server-pid PID [--marquee]
//        [--sustain-seconds 60] [--sustain-rate 1000] [--sustain-rooms 100]
//        [--sustain-subscribers 1000] [--sustain-senders 10] [--sample-ms 5000] [--procs 2]
//     SUBSCRIBERS receivers spread over ROOMS video rooms; SENDERS signed-in senders, each in
//     its share of the rooms, send RATE chat messages/s in all, round-robin over the rooms,
//     for SECONDS; server RSS and deliveries sampled every SAMPLE ms; losses counted.
//
// --marquee: the server is Marquee: register the senders (POST /api/auth/register) and
// create the public videos (POST /api/videos) first; receivers are anonymous. Without it
// (the reference socket.io server) the rooms are made-up video ids and nobody signs in.
//
// Latency: the text of each message is "rt PHASE SENDER SEQ MICROS", MICROS the sender's
// process.hrtime in µs just before the frame is written; receivers (in forked worker
// processes) subtract it from their own process.hrtime at arrival. process.hrtime is
// CLOCK_MONOTONIC, the same clock in every process on the machine.
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { RtClient, nowUs } from './client.mjs';

const [phase, ...rest] = process.argv.slice(2);
const opt = {
  kind: 'sio',
  base: '',
  'server-pid': 0,
  marquee: false,
  connections: 10000,
  'fanout-messages': 20,
  'fanout-interval-ms': 500,
  'sustain-seconds': 60,
  'sustain-rate': 1000,
  'sustain-rooms': 100,
  'sustain-subscribers': 1000,
  'sustain-senders': 10,
  'sample-ms': 5000,
  procs: 2,
  'settle-ms': 3000,
  concurrency: 100,
  'receiver-client': 'raw',
  'fanout-sample-every': 10,
};
for (let i = 0; i < rest.length; i++) {
  const k = rest[i].replace(/^--/, '');
  if (!(k in opt)) die(`unknown option ${rest[i]}`);
  if (typeof opt[k] === 'boolean') opt[k] = true;
  else opt[k] = typeof opt[k] === 'number' ? Number(rest[++i]) : rest[++i];
  if (typeof opt[k] === 'number' && !Number.isFinite(opt[k])) die(`${rest[i - 1]} needs a number`);
}
if (!['fanout', 'sustain'].includes(phase) || !opt.base || !opt['server-pid'] || !['sio', 'ws'].includes(opt.kind)) {
  die('usage: realtime.mjs fanout|sustain --kind sio|ws --base URL --server-pid PID [options]');
}
if (opt.kind === 'ws' && !opt.marquee) die('--kind ws is Marquee only');

function die(msg) {
  process.stderr.write(`realtime.mjs: ${msg}\n`);
  process.exit(2);
}
const log = (msg) => process.stderr.write(`  [${opt.kind}] ${msg}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------
// The server process.

const pid = opt['server-pid'];
function rssKiB() {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]);
}
const clkTck = 100; // USER_HZ on Linux
function cpuSeconds() {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clkTck; // utime, stime
}
function assertAlive() {
  try {
    process.kill(pid, 0);
  } catch {
    throw new Error(`the server (pid ${pid}) is gone`);
  }
}

// ---------------------------------------------------------------------------------------
// Seeding (Marquee only).

async function api(path, body, token) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(`${opt.base}${path}`, { method: 'POST', headers, body: JSON.stringify(body), signal: AbortSignal.timeout(30000) });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

async function seed(senders, videos) {
  if (!opt.marquee) {
    return { tokens: Array(senders).fill(null), videos: Array.from({ length: videos }, (_, i) => `ref${i + 1}`) };
  }
  const tokens = [];
  for (let i = 0; i < senders; i++) {
    const r = await api('/api/auth/register', { email: `rt${i}@example.com`, username: `rtsender${i}`, password: 'bench-password-1' });
    if (!r.access_token) throw new Error(`no access_token in ${JSON.stringify(r).slice(0, 200)}`);
    tokens.push(r.access_token);
  }
  const ids = [];
  for (let i = 0; i < videos; i++) {
    const v = await api('/api/videos', { title: `Live chat bench room ${i + 1}`, visibility: 'public' }, tokens[0]);
    if (!v.id) throw new Error(`no id in ${JSON.stringify(v).slice(0, 200)}`);
    ids.push(String(v.id));
  }
  return { tokens, videos: ids };
}

// ---------------------------------------------------------------------------------------
// Worker processes.

class Worker {
  constructor(index) {
    this.index = index;
    this.child = fork(new URL('./worker.mjs', import.meta.url), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.waiting = new Map();
    this.child.on('message', (m) => {
      const w = this.waiting.get(m.cmd);
      if (!w) return;
      this.waiting.delete(m.cmd);
      if (m.ok) w.resolve(m);
      else w.reject(new Error(`worker ${index}: ${m.error}`));
    });
    this.child.on('exit', (code) => {
      for (const w of this.waiting.values()) w.reject(new Error(`worker ${index} exited (${code})`));
      this.waiting.clear();
    });
  }
  call(cmd, args = {}, timeoutMs = 60000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(cmd);
        reject(new Error(`worker ${this.index}: ${cmd} timed out`));
      }, timeoutMs);
      this.waiting.set(cmd, {
        resolve: (v) => (clearTimeout(timer), resolve(v)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      this.child.send({ cmd, ...args });
    });
  }
  close() {
    return this.call('close', {}, 10000).catch(() => this.child.kill('SIGKILL'));
  }
}

// Opens `count` receivers over `procs` workers; receiver g (global index) joins rooms[g % rooms.length].
async function openReceivers(workers, count, rooms) {
  const per = Math.floor(count / workers.length);
  let offset = 0;
  const calls = workers.map((w, i) => {
    const n = per + (i < count % workers.length ? 1 : 0);
    const call = w.call(
      'open',
      {
        kind: opt.kind,
        base: opt.base,
        count: n,
        rooms,
        offset,
        concurrency: Math.max(1, Math.ceil(opt.concurrency / workers.length)),
        deadlineMs: 240000,
        transport: opt['receiver-client'],
      },
      300000,
    );
    offset += n;
    return call;
  });
  const results = await Promise.all(calls);
  const perRoom = {};
  for (const r of results) for (const [room, n] of Object.entries(r.perRoom)) perRoom[room] = (perRoom[room] || 0) + n;
  return {
    connected: results.reduce((n, r) => n + r.connected, 0),
    failed: results.reduce((n, r) => n + r.failed, 0),
    errors: results.flatMap((r) => r.errors).slice(0, 5),
    ms: Math.max(...results.map((r) => r.ms)),
    perRoom,
  };
}

async function counts(workers) {
  const all = await Promise.all(workers.map((w) => w.call('counts')));
  const sum = (k) => all.reduce((n, c) => n + c[k], 0);
  return {
    fanout: sum('fanout'),
    sampled: sum('sampled'),
    sampled_timed: sum('sampled_timed'),
    sustain: sum('sustain'),
    duplicates: sum('duplicates'),
    closed: sum('closed'),
    events: sum('events'),
    cpu_s: sum('cpu_s'),
  };
}

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[i] * 100) / 100;
}
function stats(values) {
  const s = Float64Array.from(values).sort();
  return { n: s.length, p50_ms: percentile(s, 50), p99_ms: percentile(s, 99), max_ms: percentile(s, 100) };
}

async function sender(token, rooms) {
  const c = new RtClient(opt.kind, opt.base, { token });
  await c.connect();
  for (const room of rooms) await c.join(room);
  return c;
}

// ---------------------------------------------------------------------------------------

async function fanoutPhase(workers) {
  const n = opt.connections;
  const m = opt['fanout-messages'];
  const { tokens, videos } = await seed(1, 1);
  const video = videos[0];
  const room = `video:${video}`;
  await sleep(opt['settle-ms']);
  const rssBefore = rssKiB();
  log(`server RSS ${rssBefore} KiB; opening ${n} receivers in ${room} over ${workers.length} processes`);
  const opened = await openReceivers(workers, n, [room]);
  log(`${opened.connected} connected and joined in ${opened.ms} ms, ${opened.failed} failed ${opened.errors.join('; ')}`);
  await sleep(opt['settle-ms']);
  assertAlive();
  const rssAfter = rssKiB();
  const perConn = opened.connected ? ((rssAfter - rssBefore) * 1024) / opened.connected : null;
  log(`server RSS ${rssAfter} KiB: ${perConn?.toFixed(0)} bytes per connection`);

  const s = await sender(tokens[0], [room]);

  // One burst: `count` messages `interval` apart from the sender; waits until `done(counts)`
  // (or 10 s after the last). Returns the acks and the CPU time the server and the receivers used.
  async function burst(tag, count, done) {
    const before = await counts(workers);
    const serverCpu0 = cpuSeconds();
    const acks = [];
    const ackErrors = {};
    const start = nowUs();
    for (let k = 0; k < count; k++) {
      const due = start + k * opt['fanout-interval-ms'] * 1000;
      const wait = (due - nowUs()) / 1000;
      if (wait > 0) await sleep(wait);
      const sent = nowUs();
      s.chat(video, `rt ${tag} 0 ${k} ${sent}`).then(
        () => acks.push((nowUs() - sent) / 1000),
        (e) => (ackErrors[e.code || e.message] = (ackErrors[e.code || e.message] || 0) + 1),
      );
    }
    let c = await counts(workers);
    for (let waited = 0; !done(c) && waited < 10000; waited += 100) {
      await sleep(100);
      c = await counts(workers);
    }
    const serverCpu = cpuSeconds() - serverCpu0;
    await sleep(200); // the last acks
    return { c, acks, ackErrors, serverCpu, clientCpu: c.cpu_s - before.cpu_s };
  }
  function latencies(reports, key, count) {
    const all = [];
    const perMessageLast = [];
    for (let k = 0; k < count; k++) {
      let last = 0;
      for (const r of reports) for (const v of r[key][k] || []) (all.push(v), (last = Math.max(last, v)));
      if (last) perMessageLast.push(last);
    }
    return { all, latency: stats(all), last_receiver: stats(perMessageLast) };
  }

  // 1. Every receiver reading: what the specification asks, but every delivery also costs
  //    the receivers' CPU on the same cores, and the receivers read one socket after another.
  const expected = opened.connected * m;
  const full = await burst('fanout', m, (c) => c.fanout >= expected);
  // 2. Sampled: all but one receiver in `every` stop reading their sockets (the server still
  //    writes to all of them; the kernel holds the frames) so that the receivers' own CPU
  //    time stops hiding the server's; they read their copies afterwards, counted, not timed.
  //    Bounded so that no paused socket misses a ping's deadline (pingTimeout 20 s).
  const every = opt['fanout-sample-every'];
  const sm = every > 1 ? Math.max(1, Math.min(m, Math.floor(12000 / opt['fanout-interval-ms']))) : 0;
  let sampledResult = null;
  if (sm > 0) {
    const reading = (await Promise.all(workers.map((w) => w.call('pause', { every })))).reduce((n, r) => n + r.reading, 0);
    log(`sampled burst: ${reading} of ${opened.connected} receivers reading, ${sm} messages`);
    await sleep(500);
    const b = await burst('sampled', sm, (c) => c.sampled_timed >= reading * sm);
    await Promise.all(workers.map((w) => w.call('resume')));
    let c = await counts(workers);
    for (let waited = 0; c.sampled < opened.connected * sm && waited < 10000; waited += 100) {
      await sleep(100);
      c = await counts(workers);
    }
    sampledResult = { reading, messages: sm, b, c };
  }
  const rssEnd = rssKiB();
  const reports = await Promise.all(workers.map((w) => w.call('report', {}, 120000)));
  s.close();
  const f = latencies(reports, 'fanout', m);
  log(`fan-out: ${f.all.length}/${expected} delivered, p50 ${f.latency.p50_ms} ms, p99 ${f.latency.p99_ms} ms, max ${f.latency.max_ms} ms`);
  let sampledOut = null;
  if (sampledResult) {
    const x = latencies(reports, 'sampled', sm);
    const { reading, b, c } = sampledResult;
    sampledOut = {
      reading,
      messages: sm,
      expected: opened.connected * sm,
      delivered: c.sampled,
      lost: opened.connected * sm - c.sampled,
      timed: x.all.length,
      latency: x.latency,
      last_receiver: x.last_receiver,
      acks: { ok: b.acks.length, errors: b.ackErrors, ...stats(b.acks) },
      server_cpu_us_per_delivery: Math.round((b.serverCpu / (opened.connected * sm)) * 1e7) / 10,
    };
    log(`sampled fan-out: ${x.all.length} timed of ${reading * sm}, p50 ${x.latency.p50_ms} ms, p99 ${x.latency.p99_ms} ms; ${c.sampled}/${opened.connected * sm} delivered in all`);
  }
  return {
    phase: 'fanout',
    kind: opt.kind,
    connections: n,
    connected: opened.connected,
    connect_failed: opened.failed,
    connect_errors: opened.errors,
    connect_ms: opened.ms,
    rss_before_kib: rssBefore,
    rss_after_kib: rssAfter,
    rss_end_kib: rssEnd,
    bytes_per_connection: perConn === null ? null : Math.round(perConn),
    messages: m,
    interval_ms: opt['fanout-interval-ms'],
    expected,
    delivered: f.all.length,
    lost: expected - f.all.length,
    latency: f.latency,
    last_receiver: f.last_receiver,
    acks: { ok: full.acks.length, errors: full.ackErrors, ...stats(full.acks) },
    closed_receivers: full.c.closed,
    events_received: full.c.events,
    // CPU time while sending and delivering: the receivers' (all processes) and the server's,
    // per delivered message in µs (the clients share the cores with the server).
    client_cpu_us_per_delivery: f.all.length ? Math.round((full.clientCpu / f.all.length) * 1e7) / 10 : null,
    server_cpu_us_per_delivery: f.all.length ? Math.round((full.serverCpu / f.all.length) * 1e7) / 10 : null,
    sampled: sampledOut,
  };
}

async function sustainPhase(workers) {
  const roomsN = opt['sustain-rooms'];
  const sendersN = opt['sustain-senders'];
  const seconds = opt['sustain-seconds'];
  const rate = opt['sustain-rate'];
  const { tokens, videos } = await seed(sendersN, roomsN);
  const rooms = videos.map((v) => `video:${v}`);
  await sleep(opt['settle-ms']);
  const rssIdle = rssKiB();
  log(`server RSS ${rssIdle} KiB; opening ${opt['sustain-subscribers']} subscribers over ${roomsN} rooms`);
  const opened = await openReceivers(workers, opt['sustain-subscribers'], rooms);
  log(`${opened.connected} connected and joined in ${opened.ms} ms, ${opened.failed} failed ${opened.errors.join('; ')}`);
  // Sender j is in (and sends to) the rooms r with r % senders == j.
  const senders = [];
  for (let j = 0; j < sendersN; j++) senders.push(await sender(tokens[j], rooms.filter((_, r) => r % sendersN === j)));
  await sleep(opt['settle-ms']);

  const acks = [];
  const ackErrors = {};
  let sent = 0;
  let expected = 0;
  let maxBuffered = 0;
  const samples = [];
  const cpu0 = cpuSeconds();
  const t0 = nowUs();
  const endUs = t0 + seconds * 1e6;
  let lastSample = { at: t0, delivered: 0 };
  samples.push({ t_s: 0, rss_kib: rssKiB(), delivered_per_s: null });
  let nextSample = t0 + opt['sample-ms'] * 1000;
  let sampling = Promise.resolve();
  const total = Math.round(seconds * rate);
  while (sent < total) {
    const now = nowUs();
    const due = Math.min(total, Math.floor(((now - t0) / 1e6) * rate) + 1);
    while (sent < due) {
      const r = sent % roomsN;
      const s = senders[r % sendersN];
      const at = nowUs();
      s.chat(videos[r], `rt sustain ${r % sendersN} ${sent} ${at}`).then(
        () => acks.push((nowUs() - at) / 1000),
        (e) => (ackErrors[e.code || e.message] = (ackErrors[e.code || e.message] || 0) + 1),
      );
      expected += opened.perRoom[rooms[r]] || 0;
      sent++;
    }
    for (const s of senders) maxBuffered = Math.max(maxBuffered, s.bufferedAmount());
    if (now >= nextSample) {
      nextSample += opt['sample-ms'] * 1000;
      sampling = sampling.then(async () => {
        assertAlive();
        const rss = rssKiB();
        const c = await counts(workers);
        const at = nowUs();
        samples.push({
          t_s: Math.round((at - t0) / 1e5) / 10,
          rss_kib: rss,
          delivered_per_s: Math.round((c.sustain - lastSample.delivered) / ((at - lastSample.at) / 1e6)),
        });
        log(`t=${samples.at(-1).t_s} s: RSS ${rss} KiB, ${samples.at(-1).delivered_per_s} delivered/s, ${sent} sent`);
        lastSample = { at, delivered: c.sustain };
      });
    }
    if (sent < total) await sleep(Math.max(1, Math.min(10, (endUs - now) / 1000)));
  }
  await sampling;
  const sendEnd = nowUs();
  const cpu1 = cpuSeconds();
  const rssEnd = rssKiB();
  let c = await counts(workers);
  const drainStart = Date.now();
  while (c.sustain < expected && Date.now() - drainStart < 10000) {
    await sleep(250);
    c = await counts(workers);
  }
  const drainMs = Date.now() - drainStart;
  await sleep(300);
  const reports = await Promise.all(workers.map((w) => w.call('report', {}, 120000)));
  const lat = stats(reports.flatMap((r) => r.sustain));
  for (const s of senders) s.close();
  const secondsRun = (sendEnd - t0) / 1e6;
  const underLoad = samples.length > 1 ? samples.slice(1) : samples; // the t = 0 sample is before any traffic
  const rssList = underLoad.map((x) => x.rss_kib);
  const rates = samples.map((x) => x.delivered_per_s).filter((x) => x !== null);
  log(`sustain: ${sent} sent, ${c.sustain}/${expected} delivered (${Math.round(c.sustain / secondsRun)}/s), p99 ${lat.p99_ms} ms, RSS ${samples[0].rss_kib} at start, ${rssList[0]}→${rssList.at(-1)} KiB under load (max ${Math.max(...rssList)})`);
  return {
    phase: 'sustain',
    kind: opt.kind,
    seconds: Math.round(secondsRun * 10) / 10,
    rate,
    rooms: roomsN,
    senders: sendersN,
    subscribers: opt['sustain-subscribers'],
    connected: opened.connected,
    connect_failed: opened.failed,
    connect_errors: opened.errors,
    rss_idle_kib: rssIdle,
    sent,
    sent_per_s: Math.round(sent / secondsRun),
    acks: { ok: acks.length, errors: ackErrors, ...stats(acks) },
    expected,
    delivered: c.sustain,
    delivered_per_s: Math.round(c.sustain / secondsRun),
    lost: expected - c.sustain,
    duplicates_or_reordered: c.duplicates,
    drain_ms: drainMs,
    latency: lat,
    samples,
    rss_start_kib: samples[0].rss_kib,
    rss_first_kib: rssList[0],
    rss_last_kib: rssList.at(-1),
    rss_max_kib: Math.max(...rssList),
    rss_end_kib: rssEnd,
    delivered_per_s_min: rates.length ? Math.min(...rates) : null,
    delivered_per_s_max: rates.length ? Math.max(...rates) : null,
    server_cpu_percent: Math.round(((cpu1 - cpu0) / secondsRun) * 1000) / 10,
    sender_max_buffered_bytes: maxBuffered,
    closed_receivers: c.closed,
  };
}

// ---------------------------------------------------------------------------------------

const workers = Array.from({ length: Math.max(1, opt.procs) }, (_, i) => new Worker(i));
const watchdog = setTimeout(
  () => {
    process.stderr.write('realtime.mjs: timed out\n');
    for (const w of workers) w.child.kill('SIGKILL');
    process.exit(1);
  },
  (phase === 'fanout' ? 600 : opt['sustain-seconds'] + 420) * 1000,
);
let code = 0;
try {
  assertAlive();
  const result = phase === 'fanout' ? await fanoutPhase(workers) : await sustainPhase(workers);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} catch (e) {
  process.stderr.write(`realtime.mjs: ${e.stack || e}\n`);
  code = 1;
}
await Promise.all(workers.map((w) => w.close()));
clearTimeout(watchdog);
process.exit(code);
