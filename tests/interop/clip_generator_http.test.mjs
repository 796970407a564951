// A hosted image-to-video service as the clip generator (studio.generator = http), here a
// local server speaking the protocol of docs/studio.md#the-hosted-generator-protocol: Marquee
// submits the photo with the prompt, the admin's system prompt and model, polls the task,
// fetches the result and checks it; retries a provider that stumbles; refunds a clip the
// provider refuses; and a compile makes provider clips of another shape fit the project.
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

import { Harness, ffmpeg, ffprobe, waitFor } from './support/server.mjs';

async function startProvider(dir) {
  const tasks = new Map();
  const submits = [];
  let flaked = false;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', async () => {
      const json = (status, value) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      const file = req.url.match(/^\/files\/(\w+)\.mp4$/);
      if (file) {
        const bytes = await fs.readFile(path.join(dir, `${file[1]}.mp4`));
        res.writeHead(200, { 'Content-Type': 'video/mp4' });
        return res.end(bytes);
      }
      if (req.headers.authorization !== 'Bearer provider-key') return json(401, { error: 'bad key' });
      if (req.method === 'POST' && req.url === '/v1/clips') {
        const task = JSON.parse(body);
        submits.push(task);
        if (task.prompt.includes('flaky') && !flaked) {
          flaked = true;
          return json(503, { error: 'busy' });
        }
        const id = `task${tasks.size + 1}`;
        const state = { id, status: 'queued', progress: 0 };
        tasks.set(id, state);
        if (task.prompt.includes('refuse')) {
          Object.assign(state, { status: 'failed', error: 'content policy: no sharks' });
        } else {
          const image = path.join(dir, `${id}.jpg`);
          await fs.writeFile(image, Buffer.from(task.image, 'base64'));
          const [w, h] = task.prompt.includes('square') ? [400, 400] : [task.width, task.height];
          state.status = 'running';
          ffmpeg(['-loop', '1', '-i', image, '-t', String(task.duration_ms / 1000), '-r', '24',
            '-vf', `scale=${w}:${h},format=yuv420p`, '-c:v', 'libx264', '-preset', 'ultrafast', path.join(dir, `${id}.mp4`)])
            .then(() => Object.assign(state, {
              status: 'succeeded', progress: 1, video_url: `http://127.0.0.1:${server.address().port}/files/${id}.mp4`,
            }))
            .catch((error) => Object.assign(state, { status: 'failed', error: String(error) }));
        }
        return json(201, state);
      }
      const poll = req.url.match(/^\/v1\/clips\/(\w+)$/);
      if (req.method === 'GET' && poll && tasks.has(poll[1])) return json(200, tasks.get(poll[1]));
      return json(404, { error: 'no such task' });
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, submits, base: `http://127.0.0.1:${server.address().port}/v1` };
}

test('a hosted generator makes clips through the documented protocol', async (t) => {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'marquee-provider-'));
  t.after(() => fs.rm(work, { recursive: true, force: true }));
  const provider = await startProvider(work);
  t.after(() => provider.server.close());
  const harness = await Harness.create(t, 'marquee-provider');
  const dataDir = await harness.newDataDir();
  await harness.createUser(dataDir, 'maker', 'user');
  await harness.createUser(dataDir, 'boss', 'admin');
  const server = await harness.startServer(dataDir, [], {
    env: {
      MARQUEE_STUDIO_GENERATOR: 'http',
      MARQUEE_STUDIO_GENERATOR_URL: provider.base,
      MARQUEE_STUDIO_GENERATOR_KEY: 'provider-key',
      MARQUEE_STUDIO_GENERATOR_POLL_MS: '100',
      MARQUEE_LIMITS_ENABLED: 'false',
    },
  });
  const boss = await server.login('boss');
  for (const [key, value] of [['billing.signup_credits', 10], ['studio.system_prompt', 'Slow, warm camera moves.'],
    ['studio.generator_model', 'gen-3-turbo']]) {
    const res = await server.api('PUT', `/api/admin/config/${key}`, { token: boss, json: { value } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  }
  const maker = await server.login('maker');
  const photoFile = path.join(work, 'photo.jpg');
  await ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=640x480', '-frames:v', '1', photoFile]);
  const photo = await fs.readFile(photoFile);
  const project = await server.api('POST', '/api/studio/projects', {
    token: maker, json: { title: 'Hosted', width: 320, height: 180, frame_rate: 25 },
  });
  assert.equal(project.status, 201);
  const base = `/api/studio/projects/${project.body.id}/clips`;
  const addClip = async (prompt) => {
    const res = await fetch(server.url(`${base}?duration_ms=1000&prompt=${encodeURIComponent(prompt)}`), {
      method: 'POST', headers: { Authorization: `Bearer ${maker}`, 'Content-Type': 'image/jpeg' }, body: photo,
    });
    const body = await res.json();
    assert.equal(res.status, 201, JSON.stringify(body));
    return body;
  };
  const settled = (clip) => waitFor(async () => {
    const res = await server.api('GET', `${base}/${clip.id}`, { token: maker });
    return res.body.status !== 'generating' && res.body;
  }, { timeoutMs: 60_000, describe: () => `clip ${clip.id} to settle` });

  const calm = await settled(await addClip('a calm sea'));
  assert.equal(calm.status, 'ready', JSON.stringify(calm));
  assert.equal(calm.generator, 'http');
  const sent = provider.submits[0];
  assert.equal(sent.prompt, 'a calm sea');
  assert.equal(sent.system_prompt, 'Slow, warm camera moves.');
  assert.equal(sent.model, 'gen-3-turbo');
  assert.deepEqual([sent.width, sent.height, sent.frame_rate, sent.duration_ms], [320, 180, 25, 1000]);
  assert.equal(Buffer.from(sent.image, 'base64').subarray(0, 3).toString('hex'), 'ffd8ff', 'the stored JPEG');
  const clipFile = path.join(work, 'calm.mp4');
  await fs.writeFile(clipFile, Buffer.from(await (await fetch(server.url(calm.video_url))).arrayBuffer()));
  const probed = await ffprobe(clipFile);
  assert.equal(probed.streams.find((s) => s.codec_type === 'video').width, 320);

  const flaky = await settled(await addClip('flaky weather'));
  assert.equal(flaky.status, 'ready', 'retried after a 503');

  const before = (await server.api('GET', '/api/me/credits', { token: maker })).body.balance;
  const refused = await settled(await addClip('refuse: sharks'));
  assert.equal(refused.status, 'failed');
  assert.match(refused.failure_reason, /content policy: no sharks/);
  assert.equal((await server.api('GET', '/api/me/credits', { token: maker })).body.balance, before, 'refunded');

  // A provider clip of another shape and rate is fitted to the project's frame when compiled.
  const square = await settled(await addClip('square crop'));
  assert.equal(square.status, 'ready');
  const compile = await server.api('POST', `/api/studio/projects/${project.body.id}/compile`, {
    token: maker, json: { clip_ids: [calm.id, square.id], transition: 'fade', transition_ms: 200 },
  });
  assert.equal(compile.status, 202, JSON.stringify(compile.body));
  const final = await waitFor(async () => {
    const res = await server.api('GET', `/api/studio/final-videos/${compile.body.id}`, { token: maker });
    return ['ready', 'failed'].includes(res.body.status) && res.body;
  }, { timeoutMs: 60_000, describe: () => 'the compile' });
  assert.equal(final.status, 'ready', JSON.stringify(final));
  const finalFile = path.join(work, 'final.mp4');
  await fs.writeFile(finalFile, Buffer.from(await (await fetch(server.url(final.download_url))).arrayBuffer()));
  const finalProbe = await ffprobe(finalFile);
  const video = finalProbe.streams.find((s) => s.codec_type === 'video');
  assert.deepEqual([video.width, video.height], [320, 180]);
  assert.ok(Math.abs(Number(finalProbe.format.duration) - 1.8) < 0.1, finalProbe.format.duration);
});
