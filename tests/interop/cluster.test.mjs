// The scale-out topology, whole, on loopback: PostgreSQL, Redis and an S3 server (s3rver)
// from scripts/with-postgres, with-redis and with-s3; nginx as a round-robin load balancer
// (ip_hash only for the socket paths, as docs/scaling.md configures it); two `marquee
// serve --role api` nodes and two `marquee worker` processes, each with a data dir of its
// own, sharing nothing but the database, Redis and the store. Through the load balancer:
// a tus upload whose requests land on both nodes plays and ends ready; segments are served
// by both nodes; a like through one node reaches a socket on the other; a worker killed
// with SIGKILL mid-transcode is replaced by the other; an API node killed with SIGKILL
// while it receives an upload is replaced by the other for the rest, and the source is
// byte-identical; a private video leaks through neither node. The AWS SDK reads back what
// Marquee wrote. Skipped (with the reason) when the three services are not there.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, readdirSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import * as tus from 'tus-js-client';

import { SioClient, assertAckOk, signIn, toggleLike } from './support/realtime.mjs';
import {
  Harness, MARQUEE_BIN, PASSWORD, Proc, Server, freePort, makeClip, padMp4, playWithFfmpeg, run, sha256File,
  tusMetadata, waitFor,
} from './support/server.mjs';

const PG = process.env.MARQUEE_TEST_POSTGRES_URL;
const REDIS = process.env.MARQUEE_TEST_REDIS_URL;
const S3 = process.env.MARQUEE_TEST_S3_URL;
const S3_ENDPOINT = process.env.MARQUEE_TEST_S3_ENDPOINT;
const missing = [!PG && 'PostgreSQL', !REDIS && 'Redis', !S3 && 'S3'].filter(Boolean);
const skip = missing.length ? `needs ${missing.join(', ')}: run under scripts/with-postgres, with-redis and with-s3` : false;

const LEASE_MS = 3000;
const MiB = 1 << 20;

// A database of its own on the test server.
async function freshDatabase(name) {
  await promisify(execFile)('psql', [PG, '-v', 'ON_ERROR_STOP=1', '-qc', `CREATE DATABASE ${name}`]);
  return PG.replace(/^(postgres(?:ql)?:\/\/[^/]*\/)[^?]*/, `$1${name}`);
}

// nginx in front of the API nodes: round robin, sticky (ip_hash) for the socket paths, an
// access log naming the node that answered each request.
async function startNginx(harness, nodes) {
  const port = await freePort();
  const dir = harness.path('nginx');
  await fs.mkdir(dir, { recursive: true });
  await fs.chmod(dir, 0o777);
  const servers = nodes.map((n) => `    server 127.0.0.1:${n.port} max_fails=1 fail_timeout=2s;`).join('\n');
  const conf = `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  log_format upstream '$request_method $uri $status $upstream_addr';
  access_log ${dir}/access.log upstream;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream marquee {
${servers}
  }
  upstream marquee_sticky {
    ip_hash;
${servers}
  }
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
  server {
    listen 127.0.0.1:${port};
    client_max_body_size 0;
    location ~ ^/(socket\\.io/|api/ws$) {
      proxy_pass http://marquee_sticky;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_read_timeout 75s;
      proxy_buffering off;
    }
    location / {
      proxy_pass http://marquee;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_request_buffering off;
      proxy_buffering off;
      proxy_next_upstream error timeout http_502;
    }
  }
}
`;
  await fs.writeFile(`${dir}/nginx.conf`, conf);
  const proc = new Proc('nginx', '/usr/sbin/nginx', ['-p', dir, '-c', `${dir}/nginx.conf`], { cwd: dir, env: process.env });
  harness.procs.push(proc);
  const lb = new Server(proc, port, dir);
  await waitFor(async () => {
    if (!proc.running) throw new Error(`nginx exited: ${proc.log()}`);
    return new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => { socket.destroy(); resolve(true); });
      socket.on('error', () => resolve(false));
    });
  }, { timeoutMs: 10_000, describe: () => 'nginx listening' });
  lb.accessLog = async () => (await fs.readFile(`${dir}/access.log`, 'utf8').catch(() => '')).split('\n').filter(Boolean)
    .map((line) => { const [method, uri, status, upstream] = line.split(' '); return { method, uri, status, upstream }; });
  return lb;
}

// Every SigV4 request of the SDK against the same s3rver, with the credentials with-s3 set.
function sdkClient() {
  return new S3Client({
    endpoint: S3_ENDPOINT, region: 'us-east-1', forcePathStyle: true,
    credentials: { accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY },
  });
}

async function bodyBytes(response) {
  return Buffer.from(await response.Body.transformToByteArray());
}

test('the cluster behind nginx loses nothing', { skip, timeout: 600_000 }, async (t) => {
  const harness = await Harness.create(t, 'cluster');
  const database = await freshDatabase(`cluster_${process.pid}_${Date.now()}`);
  const prefix = `cluster-${process.pid}-${Date.now()}`;
  const blobs = S3.replace('?', `/${prefix}?`);
  // What every process of one site shares: the database, Redis, the store and the keys.
  const shared = [
    '--database', database, '--redis', REDIS, '--blobs', blobs,
    '--auth-jwt-secret', 'cluster-interop-jwt-secret-0123456789abcdef',
    '--playback-secret', 'cluster-interop-playback-secret-0123456789',
    '--workers-lease-ms', String(LEASE_MS), '--blob-part-size-mib', '5', '--media-preset', 'ultrafast',
  ];
  const dirs = await Promise.all(['api-a', 'api-b', 'worker-a', 'worker-b'].map((n) => harness.newDataDir(n)));
  await run(MARQUEE_BIN, ['user', 'create', '--email', 'creator@example.com', '--username', 'creator', '--password',
    PASSWORD, '--role', 'creator', '--data-dir', dirs[0], ...shared.slice(0, 2)], { timeoutMs: 30_000 });
  await run(MARQUEE_BIN, ['user', 'create', '--email', 'fan@example.com', '--username', 'fan', '--password',
    PASSWORD, '--role', 'user', '--data-dir', dirs[0], ...shared.slice(0, 2)], { timeoutMs: 30_000 });

  const a = await harness.startServer(dirs[0], ['--role', 'api', ...shared]);
  const b = await harness.startServer(dirs[1], ['--role', 'api', ...shared]);
  const workers = [harness.startWorker(dirs[2], shared), harness.startWorker(dirs[3], shared)];
  const lb = await startNginx(harness, [a, b]);
  const nodeOf = { [`127.0.0.1:${a.port}`]: 'a', [`127.0.0.1:${b.port}`]: 'b' };
  const nodesServing = async (pattern) => new Set((await lb.accessLog())
    .filter((e) => pattern.test(e.uri) && e.status.startsWith('2')).map((e) => nodeOf[e.upstream]));

  const ready = await lb.api('GET', '/api/ready');
  assert.equal(ready.status, 200);
  assert.equal(ready.body.blobs, 'ok', JSON.stringify(ready.body));
  assert.equal(ready.body.redis, 'ok', JSON.stringify(ready.body));
  const { token } = await signIn(lb, 'creator');
  const fan = await signIn(lb, 'fan');

  // 1. An upload whose PATCHes alternate between the nodes: parts and tails cross nodes.
  const clip = await makeClip(harness.path('clip.mp4'), { seconds: 6 });
  const size = await padMp4(clip, 14 * MiB + 4321);
  let videoId = null;
  const uploadUrl = await new Promise((resolve, reject) => {
    const upload = new tus.Upload(createReadStream(clip), {
      endpoint: lb.url('/api/uploads'), chunkSize: 3 * MiB, uploadSize: size,
      headers: { Authorization: `Bearer ${token}` },
      metadata: { filename: 'clip.mp4', filetype: 'video/mp4', visibility: 'public' },
      retryDelays: [0, 200, 500],
      onAfterResponse: (req, res) => { if (req.getMethod() === 'POST') videoId = res.getHeader('Marquee-Video-Id'); },
      onSuccess: () => resolve(upload.url), onError: reject,
    });
    upload.start();
  });
  assert.ok(uploadUrl && videoId);
  assert.deepEqual(await nodesServing(/^\/api\/uploads\//), new Set(['a', 'b']), 'PATCHes reached both nodes');

  await lb.waitForStatus(videoId, token, ['ready'], { timeoutMs: 180_000 });
  const master = lb.url(`/media/videos/${videoId}/hls/master.m3u8`);
  await playWithFfmpeg(master);
  await playWithFfmpeg(master);
  assert.deepEqual(await nodesServing(/\/hls\/.*\.(m4s|mp4)$/), new Set(['a', 'b']), 'segments came from both nodes');

  // 2. The AWS SDK reads back what Marquee wrote: keys, content types, sizes, bytes.
  const s3 = sdkClient();
  t.after(() => s3.destroy());
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'marquee-test', Prefix: `${prefix}/videos/${videoId}/` }));
  const keys = listed.Contents.map((o) => o.Key.slice(`${prefix}/videos/${videoId}/`.length));
  for (const expected of ['source', 'hls/master.m3u8', 'thumbs/poster.jpg']) assert.ok(keys.includes(expected), `${expected} in ${keys}`);
  assert.ok(!keys.some((k) => k.startsWith('uploads') || k.includes('.tmp')), `no leftovers: ${keys}`);
  const masterHead = await s3.send(new HeadObjectCommand({ Bucket: 'marquee-test', Key: `${prefix}/videos/${videoId}/hls/master.m3u8` }));
  assert.equal(masterHead.ContentType, 'application/vnd.apple.mpegurl');
  const source = await s3.send(new GetObjectCommand({ Bucket: 'marquee-test', Key: `${prefix}/videos/${videoId}/source` }));
  const sourceBytes = await bodyBytes(source);
  assert.equal(sourceBytes.length, size);
  assert.ok(sourceBytes.equals(await fs.readFile(clip)), 'the source in the store is the uploaded file');

  // 3. A like through one node reaches a socket held by the other; a socket through the
  // load balancer (polling, sticky) receives it too.
  const onA = new SioClient(t, a.base, { transports: ['websocket'], auth: { token: fan.token } }, 'socket on A');
  const viaLb = new SioClient(t, lb.base, { transports: ['polling'], auth: { token: fan.token } }, 'polling via nginx');
  await Promise.all([onA.connected(), viaLb.connected()]);
  assertAckOk(await onA.ack('join', `video:${videoId}`), 'join on A');
  assertAckOk(await viaLb.ack('join', `video:${videoId}`), 'join via nginx');
  const fromA = onA.mark();
  const fromLb = viaLb.mark();
  await toggleLike(b, fan.token, videoId);
  await onA.wait('like_update', (d) => d && d.video_id === videoId && d.likes_count === 1, { from: fromA });
  await viaLb.wait('like_update', (d) => d && d.video_id === videoId && d.likes_count === 1, { from: fromLb });

  // 4. Private: neither node serves a byte without a token.
  const hidden = await lb.api('PATCH', `/api/videos/${videoId}`, { token, json: { visibility: 'private' } });
  assert.equal(hidden.status, 200);
  for (const node of [a, b]) {
    for (const file of ['hls/master.m3u8', 'thumbs/poster.jpg']) {
      const res = await fetch(node.url(`/media/videos/${videoId}/${file}`));
      await res.arrayBuffer();
      assert.equal(res.status, 403, `${file} on node ${node.port}`);
    }
    const meta = await node.api('GET', `/api/videos/${videoId}`);
    assert.equal(meta.status, 404, 'the private video is unknown to strangers on every node');
  }

  // 5. A worker killed mid-transcode: the other finishes the video.
  const long = await makeClip(harness.path('long.mp4'), { width: 1280, height: 720, seconds: 20 });
  const longUpload = await new Promise((resolve, reject) => {
    let id = null;
    const upload = new tus.Upload(createReadStream(long), {
      endpoint: lb.url('/api/uploads'), chunkSize: 8 * MiB, headers: { Authorization: `Bearer ${token}` },
      metadata: { filename: 'long.mp4', filetype: 'video/mp4' }, retryDelays: [0, 200, 500],
      onAfterResponse: (req, res) => { if (req.getMethod() === 'POST') id = res.getHeader('Marquee-Video-Id'); },
      onSuccess: () => resolve(id), onError: reject,
    });
    upload.start();
  });
  await lb.waitForStatus(longUpload, token, ['processing', 'playable'], { timeoutMs: 60_000 });
  const transcoding = await waitFor(() => workers.find((w) => w.running && transcodes(w.pid)), {
    timeoutMs: 30_000, describe: () => 'a worker running ffmpeg',
  });
  await transcoding.kill();
  const survivor = workers.find((w) => w !== transcoding);
  assert.ok(survivor.running);
  const finished = await lb.waitForStatus(longUpload, token, ['ready'], { timeoutMs: 240_000 });
  assert.equal(finished.status, 'ready');
  await playWithFfmpeg(lb.url(`/media/videos/${longUpload}/hls/master.m3u8`));

  // 6. The node receiving an upload is killed mid-body: the client resumes through the
  // load balancer (the other node) and the source is byte-identical.
  const big = harness.path('big.mp4');
  await makeClip(big, { seconds: 4 });
  const bigSize = await padMp4(big, 23 * MiB + 99);
  const created = await fetch(lb.url('/api/uploads'), {
    method: 'POST',
    headers: { 'Tus-Resumable': '1.0.0', Authorization: `Bearer ${token}`, 'Upload-Length': String(bigSize),
      'Upload-Metadata': tusMetadata({ filename: 'big.mp4', filetype: 'video/mp4' }) },
  });
  assert.equal(created.status, 201);
  const bigUrl = new URL(created.headers.get('location'), lb.base).toString();
  const bigVideo = created.headers.get('marquee-video-id');
  // Straight to node A, slowly, so it is surely mid-request when it dies.
  const bytes = await fs.readFile(big);
  const socket = net.connect(a.port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.on('error', () => {});
  socket.write(`PATCH ${new URL(bigUrl).pathname} HTTP/1.1\r\nHost: 127.0.0.1\r\nTus-Resumable: 1.0.0\r\n` +
    `Authorization: Bearer ${token}\r\nUpload-Offset: 0\r\nContent-Type: application/offset+octet-stream\r\n` +
    `Content-Length: ${bigSize}\r\n\r\n`);
  const sentBeforeKill = 13 * MiB;
  for (let at = 0; at < sentBeforeKill; at += MiB) {
    if (!socket.write(bytes.subarray(at, Math.min(at + MiB, sentBeforeKill)))) await new Promise((r) => socket.once('drain', r));
  }
  await sleep(1500);  // the whole parts sent so far reach the store
  await a.proc.kill();
  socket.destroy();
  const { offset: durable } = await b.uploadOffset(bigUrl, token);
  assert.ok(durable >= 5 * MiB && durable <= sentBeforeKill, `a killed node's whole parts stay durable (offset ${durable})`);
  await new Promise((resolve, reject) => {
    const upload = new tus.Upload(createReadStream(big), {
      uploadUrl: bigUrl, chunkSize: 6 * MiB, uploadSize: bigSize, headers: { Authorization: `Bearer ${token}` },
      retryDelays: [0, 300, 1000, 2000], onSuccess: resolve, onError: reject,
    });
    upload.start();
  });
  const bigSource = await s3.send(new GetObjectCommand({ Bucket: 'marquee-test', Key: `${prefix}/videos/${bigVideo}/source` }));
  const bigStored = await bodyBytes(bigSource);
  assert.equal(bigStored.length, bigSize);
  assert.ok(bigStored.equals(bytes), 'the source resumed on the other node is the file, byte for byte');
  assert.equal(await sha256File(big), createHash('sha256').update(bigStored).digest('hex'));
  await lb.waitForStatus(bigVideo, token, ['ready'], { timeoutMs: 180_000 });
});

// True when the process has an ffmpeg child encoding (a transcode in progress).
function transcodes(pid) {
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      for (const child of children ? children.split(/\s+/) : []) {
        const argv = readFileSync(`/proc/${child}/cmdline`, 'utf8').split('\0');
        if (/ffmpeg$/.test(argv[0]) && argv.includes('-progress')) return true;
      }
    }
  } catch {
    // the process is gone
  }
  return false;
}
