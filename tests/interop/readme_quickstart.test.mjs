// The README's quick start, run as written: every command of its ```sh blocks after the
// `scripts/run` block, in one bash session, against a real server. The only change to the
// text is `localhost:8080` → this test's 127.0.0.1:PORT. The session's cwd holds
// `build/release/marquee` (MARQUEE_BIN) and the server's `var/`, as in a checkout where
// `scripts/run` is serving. A .curlrc of the test's own (CURL_HOME) logs every HTTP status curl
// sees on stderr, so an answer a user would read as an error fails the test at its line.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { Harness, MARQUEE_BIN, waitFor } from './support/server.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// QUICKSTART_README points the test at another copy (e.g. an old revision) of README.md.
const README = process.env.QUICKSTART_README
  ? path.resolve(process.env.QUICKSTART_README)
  : path.join(repoRoot, 'README.md');
const SESSION_TIMEOUT_MS = 150_000;

// The quick start's commands: [{line, text}], `line` being the 1-based README line where
// the command starts. A command ends where bash sees a complete one (continuation lines,
// quotes and for…done are followed by asking `bash -n`).
function quickStartCommands(markdown) {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => /^##\s+Quick start\s*$/i.test(l));
  assert.ok(start >= 0, `${README} has no "## Quick start" section`);
  let end = lines.findIndex((l, i) => i > start && /^##\s/.test(l));
  if (end < 0) end = lines.length;

  const blocks = [];
  for (let i = start + 1; i < end; i++) {
    if (!/^```(sh|bash|shell)\s*$/.test(lines[i])) continue;
    const block = { first: i + 2, lines: [] };
    for (i++; i < end && !/^```\s*$/.test(lines[i]); i++) block.lines.push(lines[i]);
    blocks.push(block);
  }
  const runBlock = blocks.findIndex((b) => b.lines.some((l) => /^\s*scripts\/run\b/.test(l)));
  assert.ok(runBlock >= 0, 'the quick start has no ```sh block with scripts/run');

  const commands = [];
  for (const block of blocks.slice(runBlock + 1)) {
    let pending = null;
    block.lines.forEach((text, k) => {
      const line = block.first + k;
      if (!pending && (/^\s*$/.test(text) || /^\s*#/.test(text))) return;
      pending = pending ? { line: pending.line, text: `${pending.text}\n${text}` } : { line, text };
      if (/\\$/.test(text)) return;
      try {
        execFileSync('bash', ['-n', '-c', pending.text], { stdio: 'ignore' });
      } catch {
        return; // not complete yet
      }
      commands.push(pending);
      pending = null;
    });
    assert.equal(pending, null, `README.md:${pending?.line}: an unfinished command at the end of its block`);
  }
  return commands;
}

// One bash script: each command between markers, stopping at the first that fails (what
// `set -e` would do). Variables a command assigns are printed after it.
function sessionScript(commands) {
  const out = ['set -o pipefail'];
  commands.forEach((c, i) => {
    out.push(`printf '\\n@@QS-BEGIN ${i} %s\\n' "$EPOCHREALTIME"`);
    out.push(c.text);
    out.push('__qs_rc=$?');
    out.push(`printf '\\n@@QS-END ${i} %s %s\\n' "$__qs_rc" "$EPOCHREALTIME"`);
    for (const [, name] of c.text.matchAll(/^\s*([A-Za-z_][A-Za-z0-9_]*)=/gm)) {
      out.push(`printf '@@QS-VAR ${i} %s=%s\\n' ${name} "\${${name}-}"`);
    }
    out.push('[ "$__qs_rc" -eq 0 ] || exit 0');
  });
  return `${out.join('\n')}\n`;
}

// Runs the script with cwd `dir`, stdout and stderr into one file; resolves with its text.
async function runSession(dir, script, env) {
  const scriptFile = path.join(dir, 'quickstart.sh');
  const logFile = path.join(dir, 'quickstart.log');
  await fs.writeFile(scriptFile, script);
  const fd = fsSync.openSync(logFile, 'w');
  const child = spawn('bash', ['--noprofile', '--norc', scriptFile], {
    cwd: dir,
    env,
    stdio: ['ignore', fd, fd],
    detached: true, // its own process group, so a timeout can stop curl/ffmpeg too
  });
  fsSync.closeSync(fd);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {}
  }, SESSION_TIMEOUT_MS);
  const exit = await new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
    child.on('error', (error) => resolve({ error }));
  });
  clearTimeout(timer);
  return { exit, timedOut, log: await fs.readFile(logFile, 'utf8') };
}

// Splits the session's output into one record per command that ran.
function parseSession(log, commands) {
  const records = commands.map((c) => ({ ...c, ran: false, output: '', http: [], vars: {} }));
  let current = null;
  let body = [];
  for (const line of log.split('\n')) {
    let m;
    if ((m = /^@@QS-BEGIN (\d+) (\S+)$/.exec(line))) {
      current = records[Number(m[1])];
      current.ran = true;
      current.started = Number(m[2]);
      body = [];
    } else if ((m = /^@@QS-END (\d+) (\d+) (\S+)$/.exec(line))) {
      const r = records[Number(m[1])];
      r.rc = Number(m[2]);
      r.seconds = Number(m[3]) - r.started;
      r.output = body.join('\n').replace(/^\n+/, '').replace(/\n$/, '');
      current = null;
    } else if ((m = /^@@QS-VAR (\d+) ([^=]+)=(.*)$/.exec(line))) {
      records[Number(m[1])].vars[m[2]] = m[3];
    } else if (current && (m = /^@@QS-HTTP (\d{3}) (\S+) (\S+)$/.exec(line))) {
      current.http.push({ status: Number(m[1]), method: m[2], url: m[3] });
    } else if (current) {
      body.push(line);
    }
  }
  // A command cut off by the timeout has a BEGIN and no END.
  for (const r of records) if (r.ran && r.rc === undefined) r.output = body.join('\n');
  return records;
}

function parseJson(text, where) {
  try {
    return JSON.parse(text);
  } catch {
    assert.fail(`${where}: the answer is not JSON:\n${text.slice(0, 2000)}`);
  }
}

function lastLine(text) {
  return text.trim().split('\n').pop() ?? '';
}

test('readme_quickstart', { timeout: 240_000 }, async (t) => {
  const markdown = await fs.readFile(README, 'utf8');
  const commands = quickStartCommands(markdown);
  const harness = await Harness.create(t, 'readme-quickstart');
  await fs.mkdir(harness.path('build/release'), { recursive: true });
  await fs.symlink(MARQUEE_BIN, harness.path('build/release/marquee'));
  const server = await harness.startServer(harness.path('var'));
  const hostPort = `127.0.0.1:${server.port}`;

  // curl reads $CURL_HOME/.curlrc: each exchange's status goes to stderr, on a line of its own.
  await fs.writeFile(
    harness.path('.curlrc'),
    'write-out = "%{stderr}\\n@@QS-HTTP %{http_code} %{method} %{url_effective}\\n"\n',
  );
  const env = { CURL_HOME: harness.dir };
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('MARQUEE_') && key !== 'CURL_HOME') env[key] ??= value;
  }
  const rewritten = commands.map((c) => ({ ...c, text: c.text.replaceAll('localhost:8080', hostPort) }));
  const session = await runSession(harness.dir, sessionScript(rewritten), env);
  const records = parseSession(session.log, commands);

  // Checks, in README order; the first that fails names its line.
  const vars = {};
  let sawReady = false;
  let sawMaster = false;
  let signedIn = {};
  for (const r of records) {
    const where = `README.md:${r.line}: \`${r.text}\``;
    const shown = () => `\n--- output ---\n${r.output.slice(-3000)}\n${server.proc.log(20)}`;
    if (!r.ran) {
      assert.fail(`${where} never ran (session exit ${JSON.stringify(session.exit)})\n${session.log.slice(-3000)}`);
    }
    if (session.timedOut && r.rc === undefined) {
      assert.fail(`${where} was still running when the session hit ${SESSION_TIMEOUT_MS} ms${shown()}`);
    }
    assert.equal(r.rc, 0, `${where} exited ${r.rc}${shown()}`);
    for (const x of r.http) {
      assert.ok(
        x.status >= 200 && x.status < 300,
        `${where}: ${x.method} ${x.url} answered ${x.status}${shown()}`,
      );
    }
    Object.assign(vars, r.vars);

    const posts = (re) => r.http.some((x) => x.method === 'POST' && re.test(new URL(x.url).pathname));
    if (posts(/^\/api\/auth\/register$/)) {
      const body = parseJson(r.output, where);
      assert.equal(typeof body.access_token, 'string', `${where}: no access_token${shown()}`);
      assert.equal(typeof body.refresh_token, 'string', `${where}: no refresh_token${shown()}`);
    }
    if (posts(/^\/api\/auth\/login$/)) {
      const token = Object.keys(r.vars).length ? Object.values(r.vars)[0] : parseJson(r.output, where).access_token;
      assert.match(token ?? '', /^[\w-]+\.[\w-]+\.[\w-]+$/, `${where}: the sign-in gave no access token${shown()}`);
      signedIn = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    }
    if (posts(/^\/api\/videos$/)) {
      const names = Object.entries(r.vars);
      const [name, id] = names.length ? names[0] : ['the answer', parseJson(r.output, where).id];
      const token = vars.TOKEN;
      const video = await server.api('GET', `/api/videos/${encodeURIComponent(id ?? '')}`, { token });
      assert.equal(
        video.status,
        200,
        `${where}: ${name}=${JSON.stringify(id)} is not the new video (GET /api/videos/${id}: ${video.status} ${JSON.stringify(video.body)})${
          id === signedIn.sub ? `; it is the id of the signed-in account ${signedIn.name}, the video's "owner"` : ''
        }`,
      );
      assert.equal(video.body.owner?.username, signedIn.name, `${where}: ${name} names someone else's video`);
    }
    if (posts(/^\/api\/videos\/[^/]+\/source$/)) {
      const body = parseJson(r.output, where);
      assert.equal(body.id, vars.VIDEO, `${where}: the upload answered for another video${shown()}`);
      assert.ok(['queued', 'processing', 'playable', 'ready'].includes(body.status), `${where}: status ${body.status}`);
    }
    if (/^\s*for\b/.test(r.text) && /\bready\b/.test(r.text)) {
      const last = lastLine(r.output);
      const video = await server.api('GET', `/api/videos/${vars.VIDEO}`, { token: vars.TOKEN });
      assert.equal(
        last,
        'ready',
        `${where}: the video did not become ready (last printed: ${JSON.stringify(last)}; failure_reason ${JSON.stringify(video.body.failure_reason)})${shown()}`,
      );
      sawReady = true;
    }
    if (r.http.some((x) => x.method === 'GET' && /^\/api\/videos\/[^/]+\/playback$/.test(new URL(x.url).pathname))) {
      const body = parseJson(r.output, where);
      assert.equal(body.status, 'ready', `${where}: playback status${shown()}`);
      assert.equal(typeof body.master_url, 'string', `${where}: no master_url${shown()}`);
      const res = await fetch(server.url(body.master_url), { signal: AbortSignal.timeout(10_000) });
      const text = await res.text();
      assert.equal(res.status, 200, `${where}: GET ${body.master_url} answered ${res.status}: ${text.slice(0, 500)}`);
      assert.ok(text.startsWith('#EXTM3U'), `${where}: ${body.master_url} is not an HLS playlist:\n${text.slice(0, 500)}`);
      assert.ok(body.renditions.length >= 1, `${where}: no renditions`);
      sawMaster = true;
    }
    if (r.http.some((x) => x.method === 'GET' && /\.m3u8$/.test(new URL(x.url).pathname))) {
      assert.ok(r.output.startsWith('#EXTM3U'), `${where}: not an HLS playlist${shown()}`);
      assert.match(r.output, /#EXT-X-STREAM-INF/, `${where}: a master playlist lists its renditions${shown()}`);
    }
    t.diagnostic(`README.md:${r.line} ok in ${r.seconds.toFixed(1)} s: ${r.text.split('\n')[0].slice(0, 90)}`);
  }
  // The first five minutes, every step of them: if one disappears, the README lost it.
  for (const [step, pattern] of [
    ['register an account', /\/api\/auth\/register/],
    ['make a creator with the CLI', /build\/release\/marquee user create\b[^]*--role (creator|admin)\b/],
    ['sign in', /\/api\/auth\/login/],
    ['create a video', /localhost:8080\/api\/videos\s/],
    ['make a clip with ffmpeg', /\bffmpeg\b[^]*lavfi/],
    ['upload the source', /\/api\/videos\/\$\w+\/source\b/],
    ['wait until it is ready', /\bfor\b[^]*\bready\b[^]*\bdone\b/],
    ['get the playback URLs', /\/api\/videos\/\$\w+\/playback\b/],
  ]) {
    assert.ok(
      commands.some((c) => pattern.test(c.text)),
      `the quick start no longer shows how to ${step} (no command matches ${pattern})`,
    );
  }
  assert.ok(sawReady, 'the quick start never waited for the video to be ready');
  assert.ok(sawMaster, 'the quick start never showed the playback answer with its master_url');
});
