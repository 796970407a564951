// The web app (web/) as a person uses it, in Debian's Chromium against a real Marquee that
// serves it from /: the first run creates the admin; sign up, upload with tus and watch the
// processing, watch (the player advances, the quality menu switches rendition, the seek bar
// shows storyboard thumbnails), like (a second browser sees the count move through realtime),
// comment, search, the channel page; reels; the age gate; report → moderation queue → removal
// → the removal notice. Then what an attacker tries (HTML in user text, CSRF from another
// origin, the CSP on every page), screenshots of every main page at desktop and phone size in
// both themes (artefacts), and axe-core on every main page.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { launchChromium, startPageServer } from './support/browser.mjs';
import { Harness, ffmpeg, makeClip, uploadWithTus, waitFor, PASSWORD } from './support/server.mjs';
import { DESKTOP, PHONE, openPage, screenshot, seriousViolations, setTheme } from './support/site.mjs';

const TITLE = 'Sunset over <b>the</b> bay';

async function waitForVideoTime(page, seconds) {
  try {
    await page.waitForFunction((s) => (document.querySelector('video')?.currentTime ?? 0) > s, seconds, { timeout: 30_000 });
  } catch (e) {
    const state = await page.evaluate(() => {
      const v = document.querySelector('video');
      return v && { time: v.currentTime, paused: v.paused, muted: v.muted, readyState: v.readyState, error: v.error?.message, src: v.currentSrc };
    });
    throw new Error(`the video did not reach ${seconds} s: ${JSON.stringify(state)}; ${page.problems.join('; ')}`);
  }
}

async function signUpInBrowser(page, base, username) {
  await page.goto(`${base}/signup`);
  await page.getByLabel('Email').fill(`${username}@example.com`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

async function signInInBrowser(page, base, login) {
  await page.goto(`${base}/signin`);
  await page.getByLabel('Email or username').fill(login);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

test('the web app, as a person uses it', { timeout: 600_000 }, async (suite) => {
  const t = suite;
  const harness = await Harness.create(t, 'marquee-web');
  const dataDir = await harness.newDataDir();
  const server = await harness.startServer(dataDir, ['--uploads-any-user', 'true', '--feeds-refresh-interval-s', '1']);
  const base = server.base;
  const browser = await launchChromium(t);
  const clip = await makeClip(harness.path('clip.mp4'), { seconds: 8 });
  const state = {};

  await t.test('first run: the link the server logged, with its one-time code, creates the admin once', async () => {
    const page = await openPage(suite, browser, { name: 'admin' });
    // A visitor without the code is sent to the setup page, which asks for it.
    await page.goto(`${base}/`);
    await page.waitForURL(`${base}/setup`);
    await page.getByRole('heading', { name: 'Welcome to Marquee' }).waitFor();
    assert.equal(await page.getByLabel('Setup code (printed in the server log)').inputValue(), '');
    // The operator opens the link the server printed at start.
    const line = server.proc.lines.find((l) => l.includes('No admin account yet'));
    assert.ok(line, `no first-run line in the log:\n${server.proc.log()}`);
    const link = line.match(/open (\S+\/setup#code=[A-Z0-9]{5}-[A-Z0-9]{5})/)[1];
    await page.goto('about:blank');
    await page.goto(link.replace(/^http:\/\/localhost:\d+/, base));
    assert.match(await page.getByLabel('Setup code (printed in the server log)').inputValue(), /^[A-Z0-9]{5}-[A-Z0-9]{5}$/);
    await page.getByLabel('Email').fill('admin@example.com');
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create admin account' }).click();
    await page.waitForURL(`${base}/studio`);
    await page.getByRole('link', { name: 'Moderation' }).waitFor();
    const me = await server.api('GET', '/api/me', { token: await server.login('admin') });
    assert.equal(me.body.role, 'admin');
    const setup = await server.api('GET', '/api/setup');
    assert.deepEqual(setup.body, { admin_needed: false });
    await page.goto(`${base}/setup`);
    await page.getByText('This site already has an admin.').waitFor();
    state.admin = page;
    assert.deepEqual(page.problems, []);
  });

  await t.test('sign up, upload with tus, watch it process, edit its details', async (t) => {
    const page = await openPage(suite, browser, { name: 'alice' });
    await signUpInBrowser(page, base, 'alice');
    await page.goto(`${base}/upload`);
    await page.locator('input[type=file]').setInputFiles(clip);
    const status = page.getByTestId('processing-status');
    await status.waitFor();
    const seen = new Set();
    await waitFor(async () => {
      const text = (await status.textContent()) ?? '';
      seen.add(text.replace(/\d+%/, 'N%'));
      return text.includes('Ready to watch');
    }, { timeoutMs: 120_000, intervalMs: 100, describe: () => `the upload to be ready (seen: ${[...seen]})` });
    assert.ok([...seen].some((s) => s.startsWith('Processing: N%')), `no processing progress shown: ${[...seen]}`);
    assert.match(await page.getByRole('status').first().textContent(), /Uploaded 100%/);
    await page.getByLabel('Title').fill(TITLE);
    await page.getByLabel('Tags (comma-separated)').fill('sunset, sea');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved', { exact: true }).waitFor();
    const href = await page.getByRole('link', { name: 'Watch it' }).getAttribute('href');
    state.videoId = href.split('/').pop();
    state.alice = page;
    const video = await server.video(state.videoId);
    assert.equal(video.title, TITLE);
    assert.deepEqual(video.tags, ['sunset', 'sea']);
    assert.equal(video.owner.username, 'alice');
  });

  await t.test('watch: it plays, the quality menu switches, the seek bar previews, likes move live', async (t) => {
    const page = state.alice;
    await page.getByRole('link', { name: 'Watch it' }).click();
    await page.waitForURL(`${base}/watch/${state.videoId}`);
    // User text is text: the title's tags show as typed, and make no element.
    await page.getByRole('heading', { name: TITLE }).waitFor();
    assert.equal(await page.locator('.watch-title b').count(), 0);
    await waitForVideoTime(page, 1); // it starts by itself (muted: nobody clicked yet)

    const quality = page.getByLabel('Quality');
    const options = await quality.locator('option').allTextContents();
    assert.ok(options.includes('240p') && options.includes('360p'), `quality menu: ${options}`);
    await quality.selectOption({ label: '240p' });
    await page.waitForFunction(() => document.querySelector('select[data-playing-level]')?.dataset.playingLevel === '240');

    // The storyboard comes with the last rendition: the page reads it once the video is ready.
    const seek = page.locator('.seek');
    const preview = page.getByTestId('storyboard-preview');
    await waitFor(async () => {
      const box = await seek.boundingBox();
      await page.mouse.move(box.x + box.width * (0.5 + Math.random() * 0.2), box.y + box.height / 2);
      return (await preview.count()) > 0;
    }, { timeoutMs: 30_000, intervalMs: 500, describe: () => 'a storyboard thumbnail over the seek bar' });
    assert.match(await preview.evaluate((el) => el.style.backgroundImage), /\/media\/videos\/.+\.(jpg|webp)/);

    // A second browser, signed out, sees the like arrive through realtime.
    const viewer = await openPage(suite, browser, { name: 'viewer' });
    await viewer.goto(`${base}/watch/${state.videoId}`);
    const count = viewer.getByTestId('likes-count');
    await waitFor(async () => (await count.textContent()) === '0', { timeoutMs: 10_000, describe: () => 'likes 0' });
    await page.waitForTimeout(500); // the viewer's socket joins the room
    await page.getByRole('button', { name: /^Like\b/ }).click();
    await waitFor(async () => (await count.textContent()) === '1', { timeoutMs: 10_000, describe: () => 'the like to reach the viewer' });
    await waitFor(async () => (await page.getByRole('button', { name: /^Like\b/ }).getAttribute('aria-pressed')) === 'true',
      { timeoutMs: 5_000, describe: () => 'the Like button shown pressed' });
    state.viewer = viewer;
    assert.deepEqual(page.problems, []);
  });

  await t.test('comments: posted, shown live to the other browser, as text', async () => {
    const page = state.alice;
    const text = 'Lovely <img src=x onerror="window.__xss=1"> colours';
    await page.getByLabel('Add a comment').first().fill(text);
    await page.getByRole('button', { name: 'Comment', exact: true }).click();
    await page.locator('.comment-text', { hasText: 'Lovely' }).waitFor();
    await state.viewer.locator('.comment-text', { hasText: 'Lovely' }).waitFor({ timeout: 10_000 });
    for (const p of [page, state.viewer]) {
      assert.equal(await p.locator('.comment-text', { hasText: 'Lovely' }).textContent(), text);
      assert.equal(await p.locator('.comment-text img').count(), 0);
      assert.equal(await p.evaluate(() => window.__xss), undefined);
    }
  });

  await t.test('live chat: a message sent through the socket reaches the other browser', async () => {
    const page = state.alice;
    await page.getByLabel('Say something').fill('Hello <b>room</b>');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('.chat-text', { hasText: 'Hello' }).waitFor();
    await state.viewer.locator('.chat-text', { hasText: 'Hello' }).waitFor({ timeout: 10_000 });
    assert.equal(await state.viewer.locator('.chat-text', { hasText: 'Hello' }).textContent(), 'Hello <b>room</b>');
    // Kept: a fresh visit lists it.
    const history = await server.api('GET', `/api/videos/${state.videoId}/chat`);
    assert.equal(history.body.items.at(-1).text, 'Hello <b>room</b>');
  });

  await t.test('the clip creator: a photo becomes a clip, the approved clip a published video', async (t) => {
    const photo = harness.path('photo.jpg');
    await ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=800x600', '-frames:v', '1', photo]);
    const page = state.alice;
    await page.goto(`${base}/studio/creator`);
    await page.getByText('1 credit', { exact: true }).waitFor();
    await page.getByLabel('New project').fill('Holiday');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByRole('link', { name: 'Holiday' }).click();
    await page.getByRole('heading', { name: 'Holiday' }).waitFor();
    await page.getByLabel('Seconds').fill('2');
    await page.locator('input[type=file]').setInputFiles(photo);
    const status = page.getByTestId('clip-status');
    await waitFor(async () => (await status.textContent()) === 'ready', { timeoutMs: 60_000, describe: () => 'the clip to be ready' });
    await page.getByLabel('Approved').check();
    await page.getByLabel('Publish as').fill('Holiday film');
    await page.getByRole('button', { name: 'Compile 1 approved clip', exact: true }).click();
    const final = page.getByTestId('final-status');
    await waitFor(async () => (await final.first().textContent()) === 'ready', { timeoutMs: 120_000, describe: () => 'the compile to be ready' });
    await page.getByRole('link', { name: 'Download' }).waitFor();
    const videos = (await server.api('GET', '/api/users/alice/videos', { token: await server.login('alice') })).body.items;
    assert.ok(videos.some((v) => v.title === 'Holiday film'), videos.map((v) => v.title).join(', '));
  });

  await t.test('search finds it (suggestions as you type), and the channel lists it', async () => {
    const page = state.alice;
    await page.getByLabel('Search videos').fill('Sunset');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\?q=Sunset/);
    await page.locator('.card-title', { hasText: TITLE }).waitFor();
    await page.goto(`${base}/c/alice`);
    await page.getByRole('heading', { name: 'alice' }).waitFor();
    await page.locator('.card-title', { hasText: TITLE }).waitFor();
  });

  await t.test('reels: full screen, the arrow key moves to the next', async (t) => {
    const token = await server.login('alice');
    const titles = [];
    for (const n of [1, 2]) {
      const file = await makeClip(harness.path(`reel${n}.mp4`), { width: 360, height: 640, seconds: 4 });
      const title = `Reel number ${n}`;
      const { videoId } = await uploadWithTus(server, token, file, { filename: `reel${n}.mp4`, filetype: 'video/mp4', title });
      await server.waitForStatus(videoId, token, 'ready');
      titles.push(title);
    }
    await waitFor(async () => (await server.api('GET', '/api/feed/reels?session=web')).body.items.length >= 2,
      { timeoutMs: 30_000, describe: () => 'two reels in the feed' });
    const page = await openPage(t, browser, { name: 'reels' });
    await page.goto(`${base}/reels`);
    const active = page.locator('.reel.active .reel-overlay h2');
    await active.waitFor();
    const first = await active.textContent();
    assert.ok(titles.includes(first), first);
    await page.keyboard.press('ArrowDown');
    await waitFor(async () => (await active.textContent()) !== first, { timeoutMs: 10_000, describe: () => 'the next reel' });
    assert.ok(titles.includes(await active.textContent()));
    await page.keyboard.press('ArrowUp');
    await waitFor(async () => (await active.textContent()) === first, { timeoutMs: 10_000, describe: () => 'back to the first reel' });
  });

  await t.test('age gate: an adult video asks first, then plays', async (t) => {
    const token = await server.login('alice');
    const { videoId } = await uploadWithTus(server, token, clip, { filename: 'adult.mp4', filetype: 'video/mp4', title: 'Late show', is_adult: 'true' });
    await server.waitForStatus(videoId, token, 'ready');
    const page = await openPage(t, browser, { name: 'gate' });
    await page.goto(`${base}/watch/${videoId}`);
    await page.getByRole('heading', { name: 'Adult content' }).waitFor();
    assert.equal(await page.locator('video').count(), 0);
    assert.equal(await page.getByText('Late show').count(), 0, 'the gate names nothing of the video');
    await page.getByRole('button', { name: 'I am 18 or older' }).click();
    await page.getByRole('heading', { name: 'Late show' }).waitFor();
    await waitForVideoTime(page, 0.5);
  });

  await t.test('report → the moderation queue → removal → the watch page says why', async (t) => {
    await harness.createUser(dataDir, 'bob', 'user');
    const page = await openPage(t, browser, { name: 'bob' });
    await signInInBrowser(page, base, 'bob');
    await page.goto(`${base}/watch/${state.videoId}`);
    await page.getByRole('button', { name: 'Report' }).click();
    await page.getByLabel('Why are you reporting this video?').selectOption('spam_or_misleading');
    await page.locator('form.report').getByRole('button', { name: 'Report' }).click();
    await page.getByText('Thanks: moderators will look at it.').waitFor();

    const admin = state.admin;
    await admin.goto(`${base}/moderation`);
    const item = admin.locator('li.case', { hasText: TITLE });
    await item.waitFor();
    await item.getByLabel('Action').selectOption('remove');
    await item.getByLabel('Public reason').fill('Misleading title');
    await item.getByRole('button', { name: 'Apply' }).click();
    await waitFor(async () => (await admin.locator('li.case', { hasText: TITLE }).count()) === 0,
      { timeoutMs: 10_000, describe: () => 'the case to leave the queue' });

    await page.goto(`${base}/watch/${state.videoId}`);
    await page.getByText('This video was removed: Misleading title').waitFor();
    assert.equal(await page.locator('video').count(), 0);
  });

  await t.test('attacks: HTML in a display name is text, CSRF from another origin fails, every page has the CSP', async (t) => {
    const token = await server.login('alice');
    const patched = await server.api('PATCH', '/api/me', { token, json: { display_name: '<script>window.__xss=2</script>Alice' } });
    assert.equal(patched.status, 200);
    const page = await openPage(t, browser, { name: 'channel' });
    await page.goto(`${base}/c/alice`);
    await page.getByRole('heading', { name: '<script>window.__xss=2</script>Alice' }).waitFor();
    assert.equal(await page.evaluate(() => window.__xss), undefined);

    // Alice, signed in, opens another site's page that posts to Marquee with her cookies.
    const other = await startPageServer(t);
    const { videoId } = await uploadWithTus(server, token, clip, { filename: 'c.mp4', filetype: 'video/mp4', title: 'Target' });
    await server.waitForStatus(videoId, token, ['playable', 'ready']);
    const alice = state.alice;
    await alice.goto(`${other.origin}/`);
    const outcome = await alice.evaluate(async ({ marquee, id }) => {
      const like = await fetch(`${marquee}/api/videos/${id}/like`, { method: 'POST', credentials: 'include', mode: 'no-cors' });
      const del = await fetch(`${marquee}/api/videos/${id}`, { method: 'DELETE', credentials: 'include', mode: 'cors' }).then((r) => r.status, (e) => String(e));
      return { like: like.type, del };
    }, { marquee: base, id: videoId });
    assert.equal(outcome.like, 'opaque');
    const after = await server.video(videoId, token);
    assert.equal(after.likes_count, 0, 'the cross-origin like must not count');
    assert.equal(after.status === 'ready' || after.status === 'playable', true, `the video survived: ${JSON.stringify(outcome)}`);

    // A crafted link cannot make a page call another API path with the visitor's cookie.
    const calls = [];
    alice.on('request', (r) => calls.push(new URL(r.url()).pathname));
    await alice.goto(`${base}/studio/projects/..%2F..%2Fme%2Fhistory%3F`);
    await alice.getByRole('heading', { name: 'This page does not exist.' }).waitFor();
    await alice.goto(`${base}/studio/videos/..%2F..%2Fme`);
    await alice.getByRole('heading', { name: 'This page does not exist.' }).waitFor();
    assert.deepEqual(calls.filter((c) => c.startsWith('/api/me/history') || c === '/api/me'), []);

    for (const p of ['/', `/watch/${state.videoId}`, '/studio', '/upload', '/reels', '/search?q=x', '/c/alice', '/no/such/page']) {
      const res = await fetch(`${base}${p}`);
      assert.equal(res.status, 200, p);
      assert.match(res.headers.get('content-type'), /^text\/html/, p);
      const csp = res.headers.get('content-security-policy');
      assert.match(csp, /script-src 'self'(;|$)/, `${p}: ${csp}`);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, p);
      assert.match(csp, /frame-ancestors 'none'/, p);
      const html = await res.text();
      assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, `${p} has an inline script`);
    }
    const api404 = await fetch(`${base}/api/no-such-route`);
    assert.equal(api404.status, 404);
    assert.equal((await api404.json()).error.code, 'not_found');
  });

  await t.test('every main page at desktop and phone size, in both themes: screenshots and axe-core', async (t) => {
    const storage = await state.alice.context().storageState();
    const pages = [
      ['home', '/'], ['watch', `/watch/${state.videoId}`.replace(state.videoId, await latestVideo(server))], ['reels', '/reels'],
      ['search', '/search?q=reel'], ['channel', '/c/alice'], ['upload', '/upload'], ['studio', '/studio'],
      ['creator', '/studio/creator'],
      ['signin', '/signin'], ['notifications', '/notifications'],
    ];
    const violations = [];
    for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
      for (const theme of ['light', 'dark']) {
        const context = await browser.newContext({ viewport, colorScheme: theme, storageState: storage });
        t.after(() => context.close().catch(() => {}));
        const page = await context.newPage();
        for (const [name, path] of pages) {
          await page.goto(`${base}${path}`);
          await setTheme(page, theme);
          await page.locator('main').waitFor();
          await page.waitForLoadState('networkidle').catch(() => {});
          await screenshot(page, `${name}-${size}-${theme}`);
          if (size === 'desktop' || name === 'watch') {
            for (const v of await seriousViolations(page)) violations.push(`${name} ${size} ${theme}: ${v}`);
          }
          const width = await page.evaluate(() => document.documentElement.scrollWidth);
          assert.ok(width <= viewport.width + 1, `${name} ${size}: the page is ${width}px wide, wider than the screen`);
        }
      }
    }
    assert.deepEqual(violations, []);
  });
});

async function latestVideo(server) {
  const list = await server.api('GET', '/api/users/alice/videos');
  return list.body.items.find((v) => v.status === 'ready' && !v.is_adult && v.title === 'Target')?.id ?? list.body.items[0].id;
}
