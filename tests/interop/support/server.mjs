// Shared machinery for the interop tests: a real `marquee` process on a fresh data dir
// and a free loopback port, accounts made with its CLI, media made with ffmpeg's lavfi
// sources, and bounded waits. Everything a test starts is registered with its Harness,
// which stops the processes (by pid: SIGTERM, then SIGKILL) and removes the temp dir.
import { spawn, execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

import * as tus from 'tus-js-client';

const interopDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

// MARQUEE_BIN (relative to the working directory) or ../../build/marquee from tests/interop.
export const MARQUEE_BIN = process.env.MARQUEE_BIN
  ? path.resolve(process.env.MARQUEE_BIN)
  : path.resolve(interopDir, '../../build/marquee');

export const PASSWORD = 'correct horse battery';

// Settings that make a test server cheap: fast password hashing, quiet logs, fast x264.
const FAST_ENV = {
  MARQUEE_AUTH_ARGON2_OPS: '1',
  MARQUEE_AUTH_ARGON2_MEM_KIB: '8',
  MARQUEE_LOG_LEVEL: 'warn',
  MARQUEE_MEDIA_PRESET: 'ultrafast',
  // Every test client calls from 127.0.0.1 and registers several accounts; the rate limits
  // are tested on their own (RateLimitTest).
  MARQUEE_LIMITS_ENABLED: 'false',
};

// The caller's environment minus its MARQUEE_* settings (a developer's MARQUEE_DATABASE
// must not leak into a test server), plus FAST_ENV.
function serverEnv(extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('MARQUEE_')) env[key] = value;
  }
  return { ...env, ...FAST_ENV, ...extra };
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// Runs a program to completion; rejects with its stderr when it exits non-zero or
// outlives timeoutMs.
export function run(file, args, { timeoutMs = 60_000, env, cwd } = {}) {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 << 20, env, cwd, encoding: 'buffer' },
      (error, stdout, stderr) => {
        if (error) {
          const why = error.killed ? `timed out after ${timeoutMs} ms` : `exit ${error.code ?? error.signal}`;
          const err = new Error(`${path.basename(file)} ${args.join(' ')}: ${why}\n${stderr.toString().slice(-4000)}`);
          err.code = error.code;
          err.stderr = stderr.toString();
          reject(err);
        } else {
          resolve({ stdout, stderr: stderr.toString() });
        }
      },
    );
  });
}

export function ffmpeg(args, options = {}) {
  return run('ffmpeg', ['-nostdin', '-hide_banner', '-v', 'error', '-y', ...args], { timeoutMs: 120_000, ...options });
}

// ffprobe's JSON view of a file or URL: streams (type, size) and the container duration.
export async function ffprobe(input) {
  const { stdout } = await run(
    'ffprobe',
    ['-v', 'error', '-show_entries', 'stream=codec_type,width,height:format=duration', '-of', 'json', input],
    { timeoutMs: 60_000 },
  );
  return JSON.parse(stdout.toString());
}

// ffmpeg as an HLS client: reads and decodes everything the URL leads to. Resolves with
// ffmpeg's stderr (empty when all went well); rejects when ffmpeg exits non-zero.
export async function playWithFfmpeg(url) {
  const { stderr } = await ffmpeg(['-i', url, '-f', 'null', '-'], { timeoutMs: 120_000 });
  return stderr;
}

export async function sha256File(file) {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk);
  return hash.digest('hex');
}

// Appends an ISO BMFF `free` box of random bytes, so an mp4 grows to about `targetBytes`
// and stays valid. Random (not zero) padding makes a misplaced byte range visible.
export async function padMp4(file, targetBytes) {
  const { size } = await fs.stat(file);
  const payload = Math.max(0, targetBytes - size - 8);
  if (payload === 0) return size;
  const header = Buffer.alloc(8);
  header.writeUInt32BE(payload + 8, 0);
  header.write('free', 4, 'latin1');
  await fs.appendFile(file, Buffer.concat([header, randomBytes(payload)]));
  return size + payload + 8;
}

// Polls `probe` every intervalMs until it returns a truthy value; throws `describe()`
// (or a generic message) after timeoutMs.
export async function waitFor(probe, { timeoutMs, intervalMs = 200, describe = () => 'condition' }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${await describe()}`);
    await sleep(intervalMs);
  }
}

// One process we started. Its output is kept (the last lines) for failure messages.
export class Proc {
  constructor(name, file, args, options) {
    this.name = name;
    this.lines = [];
    this.child = spawn(file, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    this.pid = this.child.pid;
    this.exit = null;
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
      this.child.on('error', (error) => {
        this.exit = { code: null, signal: null, error };
        resolve(this.exit);
      });
    });
    for (const stream of [this.child.stdout, this.child.stderr]) {
      let partial = '';
      stream.setEncoding('utf8');
      stream.on('data', (text) => {
        const parts = (partial + text).split('\n');
        partial = parts.pop();
        this.lines.push(...parts);
        if (this.lines.length > 400) this.lines.splice(0, this.lines.length - 400);
      });
    }
  }

  get running() {
    return this.exit === null;
  }

  log(lines = 40) {
    return `--- ${this.name} (pid ${this.pid}) last output ---\n${this.lines.slice(-lines).join('\n')}`;
  }

  async waitExit(timeoutMs) {
    const timer = sleep(timeoutMs, null, { ref: false });
    return Promise.race([this.exited, timer]);
  }

  // SIGKILL and wait for the exit (a crash, as far as the server can tell).
  async kill() {
    if (this.running) this.child.kill('SIGKILL');
    const result = await this.waitExit(10_000);
    if (!result) throw new Error(`${this.name} (pid ${this.pid}) did not die after SIGKILL`);
    return result;
  }

  // SIGTERM, then SIGKILL when it has not exited after graceMs.
  async stop(graceMs = 10_000) {
    if (!this.running) return this.exit;
    this.child.kill('SIGTERM');
    const result = await this.waitExit(graceMs);
    if (result) return result;
    return this.kill();
  }
}

export class Server {
  constructor(proc, port, dataDir, { args = [], env = {} } = {}) {
    this.proc = proc;
    this.port = port;
    this.dataDir = dataDir;
    this.args = args;
    this.env = env;
    this.base = `http://127.0.0.1:${port}`;
  }

  url(relative) {
    return new URL(relative, this.base).toString();
  }

  // A JSON API call. Resolves with {status, headers, body} where body is parsed JSON when
  // the response is JSON, else text.
  async api(method, relative, { token, json, headers = {} } = {}) {
    const init = { method, headers: { ...headers } };
    if (token) init.headers.Authorization = `Bearer ${token}`;
    if (json !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(json);
    }
    const res = await fetch(this.url(relative), { ...init, signal: AbortSignal.timeout(30_000) });
    const text = await res.text();
    let body = text;
    if ((res.headers.get('content-type') || '').includes('json') && text) body = JSON.parse(text);
    return { status: res.status, headers: res.headers, body };
  }

  async login(login, password = PASSWORD) {
    const res = await this.api('POST', '/api/auth/login', { json: { login, password } });
    if (res.status !== 200 || !res.body.access_token) {
      throw new Error(`login as ${login}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    return res.body.access_token;
  }

  async video(id, token) {
    const res = await this.api('GET', `/api/videos/${id}`, { token });
    if (res.status !== 200) throw new Error(`GET /api/videos/${id}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  // tus HEAD: the server's durable offset of an upload.
  async uploadOffset(uploadUrl, token) {
    const res = await fetch(this.url(new URL(uploadUrl, this.base).pathname), {
      method: 'HEAD',
      headers: { 'Tus-Resumable': '1.0.0', Authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(10_000),
    });
    if (res.status !== 200) throw new Error(`HEAD ${uploadUrl}: ${res.status}`);
    return {
      offset: Number(res.headers.get('upload-offset')),
      length: Number(res.headers.get('upload-length')),
      videoId: res.headers.get('marquee-video-id'),
    };
  }

  // Polls the video until its status is one of `statuses`. A video that ends `failed`
  // while we wait for something else fails the wait at once, with its reason.
  async waitForStatus(id, token, statuses, { timeoutMs = 120_000, intervalMs = 250 } = {}) {
    const wanted = new Set(Array.isArray(statuses) ? statuses : [statuses]);
    let last = null;
    return waitFor(
      async () => {
        last = await this.video(id, token);
        if (wanted.has(last.status)) return last;
        if (last.status === 'failed') {
          throw new Error(`video ${id} failed while waiting for ${[...wanted]}: ${last.failure_reason}`);
        }
        return null;
      },
      {
        timeoutMs,
        intervalMs,
        describe: () =>
          `video ${id} to become ${[...wanted].join('|')} (last: ${last && last.status}, progress ${
            last && last.progress
          })\n${this.proc.log()}`,
      },
    );
  }
}

// Owns one test's temp dir and processes. Create it with `await Harness.create(t)`:
// cleanup is registered with t.after, so it runs whether the test passes or fails.
export class Harness {
  constructor(dir) {
    this.dir = dir;
    this.procs = [];
  }

  static async create(t, name = 'marquee-interop') {
    await fs.access(MARQUEE_BIN, fs.constants.X_OK).catch(() => {
      throw new Error(`no marquee binary at ${MARQUEE_BIN}: build it, or set MARQUEE_BIN`);
    });
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), `${name}-`));
    const harness = new Harness(dir);
    t.after(() => harness.cleanup());
    return harness;
  }

  path(...parts) {
    return path.join(this.dir, ...parts);
  }

  async newDataDir(name = 'data') {
    const dir = this.path(name);
    await fs.mkdir(dir, { recursive: true });
    return dir;
  }

  spawn(name, args, env = {}) {
    const proc = new Proc(name, MARQUEE_BIN, args, { cwd: this.dir, env: serverEnv(env) });
    this.procs.push(proc);
    return proc;
  }

  // `marquee serve` on a free port (or `port`); resolves once /api/ready answers 200.
  async startServer(dataDir, args = [], { env = {}, readyTimeoutMs = 30_000, port } = {}) {
    port ??= await freePort();
    const server = new Server(this.#spawnServer(port, dataDir, args, env), port, dataDir, { args, env });
    await this.#waitReady(server, readyTimeoutMs);
    return server;
  }

  // Stops the server's process (SIGTERM, then SIGKILL after graceMs) and starts `marquee
  // serve` again with the same port, data dir, arguments and environment: what a client
  // sees of a restart (or, with {kill: true}, of a crash). `server` then names the new
  // process, `server.previousProc` the old one (its output) and `server.previousExit` how it
  // ended ({code, signal}: a SIGTERM that needed the SIGKILL shows signal 'SIGKILL'; a clean
  // stop is {code: 0, signal: null}); resolves once /api/ready answers 200 again.
  async restartServer(server, { kill = false, graceMs = 10_000, readyTimeoutMs = 30_000, downMs = 0 } = {}) {
    server.previousProc = server.proc;
    server.previousExit = kill ? await server.proc.kill() : await server.proc.stop(graceMs);
    if (downMs) await sleep(downMs);
    server.proc = this.#spawnServer(server.port, server.dataDir, server.args, server.env);
    await this.#waitReady(server, readyTimeoutMs);
    return server;
  }

  #spawnServer(port, dataDir, args, env) {
    return this.spawn(
      `marquee serve :${port}`,
      ['serve', '--listen', `127.0.0.1:${port}`, '--data-dir', dataDir, '--http-shutdown-grace-ms', '1000', ...args],
      env,
    );
  }

  async #waitReady(server, readyTimeoutMs) {
    const { proc } = server;
    await waitFor(
      async () => {
        if (!proc.running) throw new Error(`marquee serve exited early: ${JSON.stringify(proc.exit)}\n${proc.log()}`);
        try {
          const res = await fetch(server.url('/api/ready'), { signal: AbortSignal.timeout(2_000) });
          await res.arrayBuffer();
          return res.status === 200;
        } catch {
          return false;
        }
      },
      { timeoutMs: readyTimeoutMs, intervalMs: 100, describe: () => `${server.base}/api/ready\n${proc.log()}` },
    );
  }

  // `marquee worker`: transcode workers only, no HTTP.
  startWorker(dataDir, args = [], env = {}) {
    return this.spawn(
      'marquee worker',
      ['worker', '--data-dir', dataDir, '--http-shutdown-grace-ms', '1000', ...args],
      env,
    );
  }

  async createUser(dataDir, username, role = 'creator') {
    await run(
      MARQUEE_BIN,
      [
        'user', 'create',
        '--email', `${username}@example.com`,
        '--username', username,
        '--password', PASSWORD,
        '--role', role,
        '--data-dir', dataDir,
      ],
      { timeoutMs: 30_000, env: serverEnv(), cwd: this.dir },
    );
    return username;
  }

  async cleanup() {
    await Promise.all(this.procs.map((p) => p.stop(5_000).catch(() => {})));
    await fs.rm(this.dir, { recursive: true, force: true, maxRetries: 3 });
  }
}

// A server on a fresh data dir with one creator signed in: the common start of a test.
export async function serverWithCreator(t, { args = [], name } = {}) {
  const harness = await Harness.create(t, name);
  const dataDir = await harness.newDataDir();
  await harness.createUser(dataDir, 'creator');
  const server = await harness.startServer(dataDir, args);
  const token = await server.login('creator');
  return { harness, dataDir, server, token };
}

// ---- media fixtures (ffmpeg lavfi) ----

// A test-pattern clip with a tone: `seconds` long, width×height, H.264 + AAC in mp4.
export async function makeClip(
  file,
  { width = 640, height = 360, seconds = 4, audio = true, videoBitrate, rate = 30 } = {},
) {
  const args = ['-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=${rate}`];
  if (audio) args.push('-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000');
  args.push('-t', String(seconds), '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p');
  if (videoBitrate) args.push('-b:v', videoBitrate);
  if (audio) args.push('-c:a', 'aac', '-b:a', '96k');
  args.push(file);
  await ffmpeg(args);
  return file;
}

export async function makeAudioOnly(file, { seconds = 4 } = {}) {
  await ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', String(seconds), '-c:a', 'aac', file]);
  return file;
}

// Base64 tus Upload-Metadata from an object.
export function tusMetadata(fields) {
  return Object.entries(fields)
    .map(([key, value]) => `${key} ${Buffer.from(String(value)).toString('base64')}`)
    .join(',');
}

// tus creation (POST) without a body, by hand. Resolves with the response's status and
// headers: Location (the upload URL) and Marquee-Video-Id.
export async function createTusUpload(server, token, length, metadata) {
  const res = await fetch(server.url('/api/uploads'), {
    method: 'POST',
    headers: {
      'Tus-Resumable': '1.0.0',
      Authorization: `Bearer ${token}`,
      'Upload-Length': String(length),
      'Upload-Metadata': tusMetadata(metadata),
    },
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text,
    location: res.headers.get('location'),
    videoId: res.headers.get('marquee-video-id'),
  };
}

// A whole upload with tus-js-client, in one go. Resolves with the upload URL and the
// video id the server named in its creation response.
export function uploadWithTus(server, token, file, metadata, extra = {}) {
  return new Promise((resolve, reject) => {
    let videoId = null;
    const upload = new tus.Upload(createReadStream(file), {
      endpoint: server.url('/api/uploads'),
      chunkSize: 4 << 20,
      headers: { Authorization: `Bearer ${token}` },
      metadata,
      retryDelays: [0, 200, 500],
      onAfterResponse: (req, res) => {
        if (req.getMethod() === 'POST') videoId = res.getHeader('Marquee-Video-Id');
      },
      onSuccess: () => resolve({ videoId, uploadUrl: upload.url }),
      onError: reject,
      ...extra,
    });
    upload.start();
  });
}
