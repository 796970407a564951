// The web app's account, library and admin pages (web/src/pages/Account.tsx, Library.tsx,
// Admin.tsx) in Debian's Chromium against a real Marquee serving the real bundle: a profile
// edited on /account shows on the channel page (as text); the watch history lists a watched
// video, removes one, pauses and clears; playlists are created, renamed, filled from the
// watch page's Watch later button, opened and emptied, and deleted; liked videos; unsubscribe
// and unblock in place; sessions, password change and account deletion; an admin changes a
// user's role and premium flag and the audit log shows it; the job list filters and retries a
// cancelled job; site settings save; a moderator opens a DMCA notice and records a court
// action; a plain user gets "does not exist" (and no admin API call) on every admin page.
// Then screenshots of each new page at desktop and phone size in both themes, no page wider
// than the screen, and axe-core with no serious or critical violation.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { launchChromium } from './support/browser.mjs';
import { Harness, ffmpeg, makeClip, uploadWithTus, waitFor, PASSWORD } from './support/server.mjs';
import { DESKTOP, PHONE, openPage, screenshot, seriousViolations, setTheme } from './support/site.mjs';

async function signIn(page, base, login, password = PASSWORD) {
  await page.goto(`${base}/signin`);
  await page.getByLabel('Email or username').fill(login);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

// Accepts the confirm() the next click opens.
function acceptNextDialog(page) {
  page.once('dialog', (dialog) => dialog.accept());
}

async function simpleUpload(server, token, file, title) {
  const created = await server.api('POST', '/api/videos', { token, json: { title, visibility: 'public' } });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id = created.body.id;
  const res = await fetch(server.url(`/api/videos/${id}/source`), {
    method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'video/mp4' },
    body: await (await import('node:fs/promises')).readFile(file),
  });
  assert.equal(res.status < 300, true, `source upload: ${res.status} ${await res.text()}`);
  return id;
}

test('the account, library and admin pages', { timeout: 600_000 }, async (suite) => {
  const t = suite;
  const harness = await Harness.create(t, 'marquee-web-account');
  const dataDir = await harness.newDataDir();
  for (const [name, role] of [['admin', 'admin'], ['mod', 'moderator'], ['alice', 'creator'], ['bob', 'user'], ['carol', 'user'], ['dave', 'user']]) {
    await harness.createUser(dataDir, name, role);
  }
  // One transcode at a time, so a second upload waits in the queue while a first one runs.
  const server = await harness.startServer(dataDir, ['--workers-transcode-concurrency', '1', '--feeds-refresh-interval-s', '1']);
  const base = server.base;
  const browser = await launchChromium(t);
  const clip = await makeClip(harness.path('clip.mp4'), { seconds: 4, width: 320, height: 180 });
  const aliceToken = await server.login('alice');
  const videos = {};
  for (const title of ['Harbour at dawn', 'Market day']) {
    const { videoId } = await uploadWithTus(server, aliceToken, clip, { filename: 'c.mp4', filetype: 'video/mp4', title });
    await server.waitForStatus(videoId, aliceToken, 'ready');
    videos[title] = videoId;
  }
  const state = {};

  await t.test('account: the profile and pictures set here show on the channel page, text as text', async () => {
    const page = await openPage(suite, browser, { name: 'bob' });
    await signIn(page, base, 'bob');
    state.bob = page;
    // The user menu leads to the account page.
    await page.getByRole('button', { name: /Account menu for bob/ }).click();
    await page.getByRole('link', { name: 'Account', exact: true }).click();
    await page.waitForURL(`${base}/account`);
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await page.getByLabel('Display name').fill('Bob <b>Builder</b>');
    await page.getByLabel('About you').fill('I fix things.\n<script>window.__xss=1</script>');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('Profile saved').waitFor();
    // Pictures from files: a landscape avatar comes back square, a photo banner wide.
    const avatarFile = harness.path('avatar.png');
    const bannerFile = harness.path('banner.jpg');
    await ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=640x480', '-frames:v', '1', avatarFile]);
    await ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=1600x900', '-frames:v', '1', bannerFile]);
    await page.getByLabel('Choose an avatar').setInputFiles(avatarFile);
    await page.getByText('Avatar saved').waitFor();
    await page.getByLabel('Choose a banner').setInputFiles(bannerFile);
    await page.getByText('Banner saved').waitFor();
    // A file that is not a picture is refused with the server's reason, and nothing changes.
    await page.getByLabel('Choose a banner').setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('<svg onload=alert(1)>') });
    await page.locator('.picture-banner [role=alert]').waitFor();
    assert.match(await page.locator('.picture-banner [role=alert]').textContent(), /JPEG, PNG or WebP/);

    await page.getByRole('link', { name: 'View channel' }).click();
    await page.waitForURL(`${base}/c/bob`);
    await page.getByRole('heading', { name: 'Bob <b>Builder</b>' }).waitFor();
    await page.getByText('<script>window.__xss=1</script>', { exact: false }).waitFor();
    assert.equal(await page.locator('.channel-head b, .channel-head script').count(), 0);
    const avatar = page.locator('.channel-head img.avatar');
    assert.match(await avatar.getAttribute('src'), /^\/media\/profiles\/[^/]+\/avatar-[^/]+\.jpg$/);
    await waitFor(async () => (await avatar.evaluate((img) => img.complete && img.naturalWidth)) === 400, { timeoutMs: 10_000, describe: () => 'the 400×400 avatar shown' });
    const banner = page.locator('img.banner');
    await waitFor(async () => (await banner.evaluate((img) => img.complete && img.naturalWidth)) === 2048, { timeoutMs: 10_000, describe: () => 'the 2048×340 banner shown' });
    assert.equal(await banner.evaluate((img) => img.naturalHeight), 340);
    await screenshot(page, 'channel-pictures-desktop-light');
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    const me = await server.api('GET', '/api/users/bob');
    assert.equal(me.body.display_name, 'Bob <b>Builder</b>');
    assert.equal(me.body.bio, 'I fix things.\n<script>window.__xss=1</script>');
  });

  await t.test('account: credits, sessions (one signed out), password change, account deletion', async (t) => {
    const page = state.bob;
    const other = await server.login('bob'); // a second session, from "elsewhere"
    await page.goto(`${base}/account`);
    await page.getByTestId('credit-balance').waitFor();
    assert.equal(await page.getByTestId('credit-balance').textContent(), '1');
    await page.getByRole('cell', { name: 'Welcome credits' }).waitFor();
    const sessions = page.locator('.sessions li');
    await waitFor(async () => (await sessions.count()) >= 2, { timeoutMs: 10_000, describe: () => 'two sessions listed' });
    const before = await sessions.count();
    assert.equal(await page.locator('.sessions li', { hasText: 'This browser' }).count(), 1);
    // The API session is node's fetch: its user agent is neither a browser nor an OS.
    const apiRow = page.locator('.sessions li', { hasNotText: 'This browser' }).filter({ hasNotText: 'Chrome' }).first();
    await apiRow.getByRole('button', { name: /Sign out this session/ }).click();
    await page.getByText('Session signed out').waitFor();
    await waitFor(async () => (await sessions.count()) === before - 1, { timeoutMs: 10_000, describe: () => 'one session fewer' });
    const gone = await server.api('GET', '/api/me', { token: other });
    assert.equal(gone.status, 401, 'the signed-out session no longer works');

    // Dave changes his password, then deletes his account.
    const dave = await openPage(t, browser, { name: 'dave' });
    await signIn(dave, base, 'dave');
    await dave.goto(`${base}/account`);
    await dave.getByLabel('Current password').fill(PASSWORD);
    await dave.getByLabel('New password (at least 8 characters)').fill('a brand new secret');
    await dave.getByLabel('New password again').fill('a brand new secret');
    await dave.getByRole('button', { name: 'Change password' }).click();
    await dave.getByText('Password changed. Your other sessions were signed out.').waitFor();
    assert.equal((await server.api('POST', '/api/auth/login', { json: { login: 'dave', password: PASSWORD } })).status, 401);
    await dave.getByRole('button', { name: 'Delete my account…' }).click();
    await dave.getByLabel('Your password, to confirm').fill('not it at all');
    await dave.getByRole('button', { name: 'Delete my account for good' }).click();
    await dave.getByText('That password is not right.').waitFor();
    await dave.getByLabel('Your password, to confirm').fill('a brand new secret');
    await dave.getByRole('button', { name: 'Delete my account for good' }).click();
    await dave.waitForURL(`${base}/`);
    await dave.getByRole('link', { name: 'Sign in' }).waitFor();
    assert.equal((await server.api('GET', '/api/users/dave')).status, 404);
    assert.deepEqual(dave.problems.filter((p) => !/status of 40[13]/.test(p)), []);
  });

  await t.test('history: a watched video shows, one is removed, pause toggles, clear empties it', async () => {
    const page = state.bob;
    const token = await server.login('bob');
    for (const [n, id] of Object.values(videos).entries()) {
      const beacon = await server.api('POST', `/api/videos/${id}/views`, { token, json: { position_ms: 2000, watched_ms: 2000, session_id: `web-account-${n}` } });
      assert.equal(beacon.status, 202, JSON.stringify(beacon.body));
    }
    await waitFor(async () => (await server.api('GET', '/api/me/history', { token })).body.items.length === 2,
      { timeoutMs: 10_000, describe: () => 'two videos in the history' });
    await page.goto(`${base}/history`);
    await page.locator('.card-title', { hasText: 'Harbour at dawn' }).waitFor();
    await page.locator('.card-title', { hasText: 'Market day' }).waitFor();
    await page.getByRole('button', { name: 'Remove from history: Market day' }).click();
    await page.getByText('“Market day” removed from your history').waitFor();
    assert.equal(await page.locator('.card-title', { hasText: 'Market day' }).count(), 0);

    const pause = page.getByLabel('Pause watch history');
    await pause.check();
    await page.getByText('Watch history paused').waitFor();
    assert.equal((await server.api('GET', '/api/me/history/settings', { token })).body.paused, true);
    await pause.uncheck();
    await page.getByText('Watch history on').waitFor();
    assert.equal((await server.api('GET', '/api/me/history/settings', { token })).body.paused, false);

    acceptNextDialog(page);
    await page.getByRole('button', { name: 'Clear all watch history' }).click();
    await page.getByText('Watch history cleared').waitFor();
    assert.equal(await page.locator('.lib-item').count(), 0);
    assert.deepEqual((await server.api('GET', '/api/me/history', { token })).body.items, []);
  });

  await t.test('playlists: create, rename, Watch later from the watch page, open, remove an item, delete', async () => {
    const page = state.bob;
    const token = await server.login('bob');
    await page.goto(`${base}/playlists`);
    await page.getByRole('heading', { name: 'Your playlists' }).waitFor();
    await page.getByLabel('Title').fill('Road trip');
    await page.getByRole('button', { name: 'Create playlist' }).click();
    await page.getByText('Playlist “Road trip” created').waitFor();
    await page.getByRole('link', { name: 'Road trip' }).waitFor();
    // Watch later and Saved come first.
    const titles = await page.locator('.playlist-title').allTextContents();
    assert.deepEqual(titles.slice(0, 2), ['Watch later', 'Saved']);

    await page.getByRole('button', { name: 'Rename: Road trip' }).click();
    await page.getByLabel('New title for “Road trip”').fill('Road trip 2026');
    await page.getByRole('button', { name: 'Save title' }).click();
    await page.getByRole('link', { name: 'Road trip 2026' }).waitFor();
    const mine = (await server.api('GET', '/api/me/playlists', { token })).body;
    const roadTrip = mine.items.find((p) => p.title === 'Road trip 2026');
    assert.ok(roadTrip, JSON.stringify(mine));

    // The watch page's "Save to…": Watch later, then one of the user's playlists.
    await page.goto(`${base}/watch/${videos['Harbour at dawn']}`);
    await page.getByRole('heading', { name: 'Harbour at dawn' }).waitFor();
    const saveTo = page.getByLabel('Save to…');
    await saveTo.locator('option', { hasText: 'Road trip 2026' }).waitFor({ state: 'attached' });
    await saveTo.selectOption({ label: 'Watch later' });
    await page.getByText('Saved to Watch later').waitFor();
    await saveTo.selectOption({ label: 'Road trip 2026' });
    await page.getByText('Saved to Road trip 2026').waitFor();
    assert.equal((await server.api('GET', `/api/playlists/${roadTrip.id}/items`, { token })).body.items.length, 1);
    const watchLater = mine.system.watch_later;
    await waitFor(async () => (await server.api('GET', `/api/playlists/${watchLater}/items`, { token })).body.items.length === 1,
      { timeoutMs: 10_000, describe: () => 'the video in Watch later' });
    await page.goto(`${base}/playlists`);
    const row = page.locator('.playlist-row', { has: page.getByRole('link', { name: 'Watch later' }) });
    await row.getByText('1 video', { exact: false }).waitFor();
    await row.getByRole('link', { name: 'Watch later' }).click();
    await page.waitForURL(`${base}/playlists/${watchLater}`);
    await page.getByRole('heading', { name: 'Watch later' }).waitFor();
    await page.locator('.card-title', { hasText: 'Harbour at dawn' }).waitFor();
    await page.getByRole('button', { name: 'Remove from playlist: Harbour at dawn' }).click();
    await page.getByText('“Harbour at dawn” removed from the playlist').waitFor();
    assert.equal((await server.api('GET', `/api/playlists/${watchLater}/items`, { token })).body.items.length, 0);

    // A playlist of one's own with a video in it, opened from the list, then deleted.
    await server.api('POST', `/api/playlists/${roadTrip.id}/items`, { token, json: { video_id: videos['Market day'] } });
    await page.goto(`${base}/playlists`);
    await page.getByRole('link', { name: 'Road trip 2026' }).click();
    await page.locator('.card-title', { hasText: 'Market day' }).waitFor();
    await page.goto(`${base}/playlists`);
    acceptNextDialog(page);
    await page.getByRole('button', { name: 'Delete: Road trip 2026' }).click();
    await page.getByText('Playlist “Road trip” deleted', { exact: false }).or(page.getByText('Playlist “Road trip 2026” deleted')).first().waitFor();
    assert.equal((await server.api('GET', `/api/playlists/${roadTrip.id}`, { token })).status, 404);
    // Someone else's private playlist is not there for them.
    const visitor = await openPage(suite, browser, { name: 'visitor' });
    await visitor.goto(`${base}/playlists/${watchLater}`);
    await visitor.getByRole('heading', { name: 'This playlist does not exist or is private.' }).waitFor();
  });

  await t.test('liked videos, unsubscribe and unblock in place', async () => {
    const page = state.bob;
    const token = await server.login('bob');
    await server.api('PUT', `/api/videos/${videos['Market day']}/rating`, { token, json: { rating: 'like' } });
    await page.goto(`${base}/liked`);
    await page.locator('.card-title', { hasText: 'Market day' }).waitFor();
    assert.equal(await page.locator('.card-title', { hasText: 'Harbour at dawn' }).count(), 0);

    await server.api('POST', '/api/users/alice/subscription', { token, json: {} });
    await page.goto(`${base}/subscriptions/channels`);
    await page.getByRole('link', { name: 'alice', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Unsubscribe: alice' }).click();
    await page.getByRole('button', { name: 'Subscribe: alice' }).waitFor();
    assert.deepEqual((await server.api('GET', '/api/me/subscriptions', { token })).body.items, []);

    // Blocked from the channel's page…
    await page.goto(`${base}/c/alice`);
    await page.getByRole('button', { name: 'Block', exact: true }).click();
    await page.getByText('Blocked: its videos and comments are hidden from you').waitFor();
    assert.equal((await server.api('GET', '/api/me/blocks', { token })).body.items.length, 1);
    // …and listed, and unblocked, on /blocked.
    await page.goto(`${base}/blocked`);
    await page.getByRole('link', { name: 'alice', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Unblock: alice' }).click();
    await page.getByRole('button', { name: 'Block: alice' }).waitFor();
    assert.deepEqual((await server.api('GET', '/api/me/blocks', { token })).body.items, []);
    // …and blocks again from the same place.
    await page.getByRole('button', { name: 'Block: alice' }).click();
    await page.getByRole('button', { name: 'Unblock: alice' }).waitFor();
    assert.equal((await server.api('GET', '/api/me/blocks', { token })).body.items.length, 1);
    await server.api('DELETE', '/api/users/alice/block', { token });
  });

  await t.test('a plain user gets "does not exist" on every admin page, and no admin data', async () => {
    const page = state.bob;
    const adminCalls = [];
    page.on('request', (r) => { if (/\/api\/(admin|moderation|dmca)\//.test(r.url())) adminCalls.push(r.url()); });
    for (const path of ['/admin', '/admin/users?u=alice', '/admin/jobs', '/admin/settings', '/admin/audit', '/admin/dmca', '/admin/dmca/anything']) {
      await page.goto(`${base}${path}`);
      await page.getByRole('heading', { name: 'This page does not exist.' }).waitFor();
      assert.equal(await page.locator('table, form.filters, .settings-group').count(), 0, path);
    }
    assert.deepEqual(adminCalls, []);
    // Nor does the menu offer them.
    await page.getByRole('button', { name: /Account menu/ }).click();
    assert.equal(await page.getByRole('link', { name: 'Users and roles' }).count(), 0);
    assert.equal(await page.getByRole('link', { name: 'Audit log' }).count(), 0);
    await page.keyboard.press('Escape');
  });

  await t.test('admin: change a user\'s role and premium flag; the audit log shows it', async () => {
    const page = await openPage(suite, browser, { name: 'admin' });
    await signIn(page, base, 'admin');
    state.admin = page;
    await page.getByRole('button', { name: /Account menu for admin/ }).click();
    await page.getByRole('link', { name: 'Users and roles' }).click();
    await page.waitForURL(`${base}/admin/users`);
    await page.getByLabel('Username').fill('nobody_here');
    await page.getByRole('button', { name: 'Find user' }).click();
    await page.getByText('No user is called “nobody_here”.').waitFor();
    await page.getByLabel('Username').fill('carol');
    await page.getByRole('button', { name: 'Find user' }).click();
    await page.getByRole('heading', { name: 'carol' }).waitFor();
    const role = page.getByLabel('Role');
    assert.equal(await role.inputValue(), 'user');
    await role.selectOption('creator');
    await page.getByLabel('Premium member').check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved the changes to @carol').waitFor();
    const carol = (await server.api('GET', '/api/users/carol')).body;
    assert.equal(carol.role, 'creator');
    const carolToken = await server.login('carol');
    assert.equal((await server.api('GET', '/api/me', { token: carolToken })).body.is_premium, true);

    // Found again, the form shows what was saved (premium as the audit log recorded it).
    await page.reload();
    await page.getByRole('heading', { name: 'carol' }).waitFor();
    await waitFor(async () => page.getByLabel('Premium member').isChecked(), { timeoutMs: 10_000, describe: () => 'premium shown as set' });
    assert.equal(await page.getByLabel('Role').inputValue(), 'creator');

    await page.getByRole('link', { name: 'Audit log of this user' }).click();
    await page.waitForURL(`${base}/admin/audit?target=${carol.id}`);
    // A change of role is audited as account.role (with the flags changed with it).
    const entry = page.locator('tr[data-audit="account.role"]').first();
    await entry.waitFor();
    const text = await entry.textContent();
    assert.match(text, /role: user → creator/);
    assert.match(text, /is_premium: false → true/);
    assert.match(text, new RegExp(carol.id));
    // The full log lists it too, newest first.
    await page.getByRole('link', { name: 'Show everything' }).click();
    await page.waitForURL(`${base}/admin/audit`);
    await page.locator('tbody tr').first().waitFor();
    assert.equal(await page.locator('tbody tr').first().getAttribute('data-audit'), 'account.role');
    // (the unknown user's lookup is the one 404)
    assert.deepEqual(page.problems.filter((p) => !/status of 404/.test(p)), []);
  });

  await t.test('admin: the job list filters by state, and a cancelled job is retried', async () => {
    const page = state.admin;
    // A long transcode holds the one worker; a second upload waits queued and is deleted,
    // which cancels its job.
    const long = await makeClip(harness.path('long.mp4'), { seconds: 40, width: 1280, height: 720 });
    const longId = await simpleUpload(server, aliceToken, long, 'Long one');
    await waitFor(async () => ['processing', 'playable', 'ready'].includes((await server.video(longId, aliceToken)).status),
      { timeoutMs: 60_000, describe: () => 'the long transcode to start' });
    const doomedId = await simpleUpload(server, aliceToken, clip, 'Doomed');
    const deleted = await server.api('DELETE', `/api/videos/${doomedId}`, { token: aliceToken });
    assert.equal(deleted.status, 204);
    const adminToken = await server.login('admin');
    const cancelled = (await server.api('GET', `/api/admin/jobs?state=cancelled&subject=${doomedId}`, { token: adminToken })).body.items[0];

    await page.goto(`${base}/admin/jobs`);
    await page.getByRole('heading', { name: 'Jobs' }).waitFor();
    await page.locator('tr[data-job]').first().waitFor();
    assert.ok(await page.locator('tr[data-job]', { hasText: 'transcode' }).count() >= 2);
    await page.getByLabel('State').selectOption('succeeded');
    await page.waitForURL(`${base}/admin/jobs?state=succeeded`);
    await waitFor(async () => {
      const states = await page.locator('tr[data-job] .state').allTextContents();
      return states.length > 0 && states.every((s) => s === 'Succeeded');
    }, { timeoutMs: 10_000, describe: () => 'only succeeded jobs listed' });

    if (cancelled) {
      await page.getByLabel('State').selectOption('cancelled');
      const row = page.locator(`tr[data-job="${cancelled.id}"]`);
      await row.waitFor();
      assert.equal(await row.locator('.state').textContent(), 'Cancelled');
      await row.getByRole('button', { name: /^Retry/ }).click();
      await page.getByText(`transcode job ${cancelled.id} is queued again`).waitFor();
      const job = (await server.api('GET', `/api/admin/jobs?subject=${doomedId}`, { token: adminToken })).body.items
        .find((j) => j.id === cancelled.id);
      assert.notEqual(job.state, 'cancelled', JSON.stringify(job));
      assert.equal(await row.getByRole('button', { name: /^Retry/ }).count(), 0);
    } else {
      t.diagnostic('the worker took the second upload before its deletion: no cancelled job to retry');
    }
    await server.waitForStatus(longId, aliceToken, 'ready', { timeoutMs: 180_000 });
  });

  await t.test('admin: site settings save (one value with its version; several at once)', async () => {
    const page = state.admin;
    const token = await server.login('admin');
    await page.goto(`${base}/admin/settings`);
    const credits = page.locator('form.settings-group', { has: page.getByRole('heading', { name: 'Credits' }) });
    await credits.getByLabel('billing.signup_credits').fill('3');
    await credits.getByRole('button', { name: 'Save Credits settings' }).click();
    await page.getByText('Credits settings saved').waitFor();
    assert.equal((await server.api('GET', '/api/admin/config/billing.signup_credits', { token })).body.value, '3');

    const dmca = page.locator('form.settings-group', { has: page.getByRole('heading', { name: 'DMCA' }) });
    await dmca.getByLabel('dmca.agent_name').fill('Copyright Agent');
    await dmca.getByLabel('dmca.restore_business_days').fill('9');
    await dmca.getByRole('button', { name: 'Save DMCA settings' }).click();
    await dmca.getByRole('alert').getByText(/between 10 and 14/).waitFor();
    assert.equal(await dmca.getByLabel('dmca.restore_business_days').getAttribute('aria-invalid'), 'true');
    assert.equal((await server.api('GET', '/api/admin/config/dmca.agent_name', { token })).body.value, '', 'all or none');
    await dmca.getByLabel('dmca.restore_business_days').fill('12');
    await dmca.getByRole('button', { name: 'Save DMCA settings' }).click();
    await page.getByText('DMCA settings saved').waitFor();
    const settings = (await server.api('GET', '/api/admin/settings', { token })).body.settings;
    assert.equal(settings['dmca.agent_name'].value, 'Copyright Agent');
    assert.equal(settings['dmca.restore_business_days'].value, '12');

    // Someone else changes a value meanwhile: saving over it is refused and the page reloads.
    await server.api('PUT', '/api/admin/config/billing.signup_credits', { token, json: { value: '5' } });
    await credits.getByLabel('billing.signup_credits').fill('4');
    await credits.getByRole('button', { name: 'Save Credits settings' }).click();
    await credits.getByRole('alert').getByText(/changed since version/).waitFor();
    await waitFor(async () => (await credits.getByLabel('billing.signup_credits').inputValue()) === '5',
      { timeoutMs: 10_000, describe: () => 'the current value shown' });
    await server.api('PUT', '/api/admin/config/billing.signup_credits', { token, json: { value: '1' } });
  });

  await t.test('DMCA: a moderator opens a notice and records a court action; admin pages stay closed to them', async () => {
    const video = videos['Market day'];
    const notice = await server.api('POST', '/api/dmca/notices', {
      json: {
        signature: 'Jane Doe', work: 'The Market Film', infringing_urls: [`${base}/watch/${video}`], name: 'Jane Doe',
        email: 'jane@example.com', address: '1 Main St', phone: '555-0100',
        good_faith_statement: true, accuracy_and_authority_statement: true,
      },
    });
    assert.equal(notice.status, 201, JSON.stringify(notice.body));
    const counter = await server.api('POST', '/api/dmca/counter-notices', {
      token: await server.login('alice'),
      json: {
        notice_id: notice.body.id, video_id: video, signature: 'Alice', name: 'Alice', address: '2 High St', phone: '555-0200',
        mistake_statement: true, jurisdiction_consent: true,
      },
    });
    assert.equal(counter.status, 201, JSON.stringify(counter.body));

    const page = await openPage(suite, browser, { name: 'mod' });
    await signIn(page, base, 'mod');
    state.mod = page;
    await page.getByRole('button', { name: /Account menu for mod/ }).click();
    assert.equal(await page.getByRole('link', { name: 'Users and roles' }).count(), 0);
    await page.getByRole('link', { name: 'DMCA notices' }).click();
    await page.waitForURL(`${base}/admin/dmca`);
    await page.getByRole('button', { name: 'Show notice: Market day' }).click();
    await page.waitForURL(`${base}/admin/dmca/${notice.body.id}`);
    await page.getByRole('heading', { name: 'Notice about “The Market Film”' }).waitFor();
    await page.getByText('Counter-notice: waiting to be restored').waitFor();
    await page.getByRole('heading', { name: 'Counter-notice from Alice' }).waitFor();
    acceptNextDialog(page);
    await page.getByRole('button', { name: 'Record a court action' }).click();
    await page.getByText('Court action recorded').waitFor();
    const after = await server.api('GET', `/api/dmca/notices/${notice.body.id}`, { token: await server.login('mod') });
    assert.ok(after.body.court_action_at);
    assert.equal(after.body.videos[0].state, 'court_action');

    for (const path of ['/admin/users', '/admin/jobs', '/admin/settings', '/admin/audit']) {
      await page.goto(`${base}${path}`);
      await page.getByRole('heading', { name: 'This page does not exist.' }).waitFor();
    }
    assert.deepEqual(page.problems.filter((p) => !/status of 410/.test(p)), []);
  });

  await t.test('each new page at desktop and phone size, in both themes: screenshots, width and axe-core', async (t) => {
    const bobState = await state.bob.context().storageState();
    const adminState = await state.admin.context().storageState();
    const bobToken = await server.login('bob');
    // Something in every list.
    await server.api('POST', `/api/videos/${videos['Harbour at dawn']}/views`, { token: bobToken, json: { position_ms: 1000, watched_ms: 1000, session_id: 'shots' } });
    await server.api('POST', '/api/me/watch-later', { token: bobToken, json: { video_id: videos['Harbour at dawn'] } });
    await server.api('POST', '/api/users/alice/subscription', { token: bobToken, json: {} });
    await server.api('POST', '/api/users/carol/block', { token: bobToken, json: {} });
    const watchLater = (await server.api('GET', '/api/me/playlists', { token: bobToken })).body.system.watch_later;
    const carolId = (await server.api('GET', '/api/users/carol')).body.id;
    const noticeId = (await server.api('GET', '/api/admin/audit?limit=100', { token: await server.login('admin') })).body.items
      .find((e) => e.action === 'dmca.notice').target_id;
    await waitFor(async () => (await server.api('GET', '/api/me/history', { token: bobToken })).body.items.length > 0,
      { timeoutMs: 10_000, describe: () => 'a history entry' });
    const pages = [
      [bobState, 'account', '/account'], [bobState, 'history', '/history'], [bobState, 'playlists', '/playlists'],
      [bobState, 'playlist', `/playlists/${watchLater}`], [bobState, 'liked', '/liked'],
      [bobState, 'channels', '/subscriptions/channels'], [bobState, 'blocked', '/blocked'],
      [adminState, 'admin-users', '/admin/users?u=carol'], [adminState, 'admin-jobs', '/admin/jobs'],
      [adminState, 'admin-settings', '/admin/settings'], [adminState, 'admin-audit', `/admin/audit`],
      [adminState, 'admin-audit-user', `/admin/audit?target=${carolId}`],
      [adminState, 'admin-dmca', '/admin/dmca'], [adminState, 'admin-dmca-notice', `/admin/dmca/${noticeId}`],
    ];
    const violations = [];
    for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
      for (const theme of ['light', 'dark']) {
        for (const storage of [bobState, adminState]) {
          const context = await browser.newContext({ viewport, colorScheme: theme, storageState: storage });
          t.after(() => context.close().catch(() => {}));
          const page = await context.newPage();
          for (const [who, name, path] of pages) {
            if (who !== storage) continue;
            await page.goto(`${base}${path}`);
            await setTheme(page, theme);
            await page.locator('main h1').first().waitFor();
            await page.waitForLoadState('networkidle').catch(() => {});
            await page.locator('main').getByText('Loading…').waitFor({ state: 'detached', timeout: 10_000 }).catch(() => {});
            await screenshot(page, `${name}-${size}-${theme}`);
            for (const v of await seriousViolations(page)) violations.push(`${name} ${size} ${theme}: ${v}`);
            const width = await page.evaluate(() => document.documentElement.scrollWidth);
            assert.ok(width <= viewport.width + 1, `${name} ${size}: the page is ${width}px wide, wider than the screen`);
          }
          if (storage === adminState) {
            // The user menu, open.
            await page.getByRole('button', { name: /Account menu/ }).click();
            await page.getByRole('link', { name: 'Audit log' }).first().waitFor();
            await screenshot(page, `user-menu-${size}-${theme}`);
            for (const v of await seriousViolations(page)) violations.push(`user menu ${size} ${theme}: ${v}`);
            const width = await page.evaluate(() => document.documentElement.scrollWidth);
            assert.ok(width <= viewport.width + 1, `user menu ${size}: ${width}px wide`);
          }
        }
      }
    }
    assert.deepEqual(violations, []);
  });
});
