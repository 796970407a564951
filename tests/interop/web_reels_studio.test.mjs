// The reels' like, comments and share buttons, the studio's edit page of a video and
// reordering a playlist (web/src/pages/Reels.tsx, StudioEdit.tsx, components/VideoDetails.tsx,
// Library.tsx) in Debian's Chromium against a real Marquee serving the real bundle:
// - a like from a reel's overlay raises its count, and the API and the watch page agree; a
//   visitor's like sends them to sign in;
// - a comment posted from a reel's comments panel shows there as text (HTML in it too) and
//   the API lists it; arrow keys typed into the comment box move no reel, and do outside it;
// - the studio's edit page refuses a blank title with the API's message on the field, then
//   saves a new title, description, tags and category, which the watch page shows; another
//   user gets "does not exist" for the page, and the API refuses them (404 for a private one);
// - a playlist reordered with Move down (click, then the keyboard) and by drag and drop shows
//   the server's order, after a reload too, and the API agrees;
// then screenshots of the new views at desktop and phone size in both themes, no page wider
// than the screen, and axe-core with no serious or critical violation.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { launchChromium } from './support/browser.mjs';
import { Harness, makeClip, uploadWithTus, waitFor, PASSWORD } from './support/server.mjs';
import { DESKTOP, PHONE, openPage, screenshot, seriousViolations, setTheme } from './support/site.mjs';

async function signIn(page, base, login) {
  await page.goto(`${base}/signin`);
  await page.getByLabel('Email or username').fill(login);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

// The video id of the reel on screen, from its title's link.
async function activeReelId(page) {
  const href = await page.locator('.reel.active .reel-overlay h2 a').getAttribute('href');
  return decodeURIComponent(href.match(/^\/watch\/([^?]+)/)[1]);
}

const titlesShown = (page) => page.locator('.lib-item .card-title').allTextContents();

test('reels overlays, the studio edit page and playlist reordering', { timeout: 600_000 }, async (suite) => {
  const t = suite;
  const harness = await Harness.create(t, 'marquee-web-reels-studio');
  const dataDir = await harness.newDataDir();
  for (const [name, role] of [['alice', 'creator'], ['bob', 'user'], ['carol', 'user']]) await harness.createUser(dataDir, name, role);
  const server = await harness.startServer(dataDir, ['--feeds-refresh-interval-s', '1']);
  const base = server.base;
  const browser = await launchChromium(t);
  const alice = await server.login('alice');
  const vertical = await makeClip(harness.path('reel.mp4'), { width: 360, height: 640, seconds: 4 });
  const wide = await makeClip(harness.path('wide.mp4'), { width: 320, height: 180, seconds: 4 });
  const videos = {};
  for (const [title, file] of [['Reel one', vertical], ['Reel two', vertical], ['Harbour at dawn', wide]]) {
    const { videoId } = await uploadWithTus(server, alice, file, { filename: 'v.mp4', filetype: 'video/mp4', title });
    videos[title] = videoId;
  }
  for (const id of Object.values(videos)) await server.waitForStatus(id, alice, 'ready');
  await waitFor(async () => (await server.api('GET', '/api/feed/reels?session=web')).body.items.length >= 2,
    { timeoutMs: 30_000, describe: () => 'two reels in the feed' });
  const state = {};

  await t.test('reels: the overlay like raises the count, and the API and the watch page agree', async (t) => {
    const page = await openPage(suite, browser, { name: 'bob' });
    await signIn(page, base, 'bob');
    state.bob = page;
    await page.goto(`${base}/reels`);
    const reel = page.locator('.reel.active');
    await reel.locator('.reel-overlay h2').waitFor();
    const id = await activeReelId(page);
    state.likedReel = id;
    const like = reel.getByRole('button', { name: /^Like/ });
    await waitFor(async () => (await like.getAttribute('aria-pressed')) === 'false', { timeoutMs: 10_000, describe: () => 'the like button, not pressed' });
    assert.equal(await reel.getByTestId('reel-likes').textContent(), '0');
    await like.click();
    await waitFor(async () => (await like.getAttribute('aria-pressed')) === 'true', { timeoutMs: 10_000, describe: () => 'the like button pressed' });
    assert.equal(await reel.getByTestId('reel-likes').textContent(), '1');
    const bob = await server.login('bob');
    assert.equal((await server.api('GET', `/api/videos/${id}/rating`, { token: bob })).body.rating, 'like');
    assert.equal((await server.video(id)).likes_count, 1);

    // The watch page shows the same.
    await page.goto(`${base}/watch/${id}`);
    const watchLike = page.getByRole('button', { name: /^Like/ });
    await waitFor(async () => (await watchLike.getAttribute('aria-pressed')) === 'true', { timeoutMs: 10_000, describe: () => 'liked on the watch page' });
    assert.equal(await page.getByTestId('likes-count').textContent(), '1');

    // Back on the reel, the like is known; a second click takes it back.
    await page.goto(`${base}/reels`);
    await reel.locator('.reel-overlay h2').waitFor();
    if ((await activeReelId(page)) === id) {
      await waitFor(async () => (await like.getAttribute('aria-pressed')) === 'true', { timeoutMs: 10_000, describe: () => 'the stored like on the reel' });
    }

    // A visitor's like asks them to sign in, and changes nothing.
    const visitor = await openPage(t, browser, { name: 'visitor' });
    await visitor.goto(`${base}/reels`);
    await visitor.locator('.reel.active .reel-overlay h2').waitFor();
    const seen = await activeReelId(visitor);
    const before = (await server.video(seen)).likes_count;
    await visitor.locator('.reel.active').getByRole('button', { name: /^Like/ }).click();
    await visitor.waitForURL(/\/signin\?next=%2Freels$/);
    await visitor.getByRole('button', { name: 'Sign in' }).waitFor();
    assert.equal((await server.video(seen)).likes_count, before);
    assert.deepEqual(page.problems, []);
  });

  await t.test('reels: a comment from the panel shows as text and the API lists it; arrow keys typed there move no reel', async () => {
    const page = state.bob;
    await page.goto(`${base}/reels`);
    const reel = page.locator('.reel.active');
    await reel.locator('.reel-overlay h2').waitFor();
    const id = await activeReelId(page);
    const title = await reel.locator('.reel-overlay h2').textContent();
    const open = reel.getByRole('button', { name: /^Comments/ });
    assert.equal(await open.getAttribute('aria-expanded'), 'false');
    await open.click();
    const panel = page.getByRole('dialog', { name: 'Comments' });
    await panel.waitFor();
    assert.equal(await open.getAttribute('aria-expanded'), 'true');
    // The focus goes into the panel, on its close button.
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Close comments');

    const text = 'Great reel <b>bold</b> <img src=x onerror="window.__xss=1">';
    const box = panel.getByLabel('Add a comment');
    await box.click();
    await page.keyboard.type('Great reel');
    for (const key of ['ArrowDown', 'ArrowUp', 'PageDown', 'ArrowDown']) await page.keyboard.press(key);
    assert.equal(await activeReelId(page), id, 'an arrow key typed into the comment box moved the reel');
    assert.equal(await reel.locator('.reel-overlay h2').textContent(), title);
    await box.fill(text);
    await panel.getByRole('button', { name: 'Comment', exact: true }).click();
    const shown = panel.locator('.comment-text', { hasText: 'Great reel' });
    await shown.waitFor();
    assert.equal(await shown.textContent(), text);
    assert.equal(await panel.locator('.comment-text b, .comment-text img').count(), 0);
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    assert.equal(await box.inputValue(), '');
    const listed = await server.api('GET', `/api/videos/${id}/comments`);
    assert.ok(listed.body.items.some((c) => c.text === text && c.author?.username === 'bob'), JSON.stringify(listed.body));
    // The count on the button follows (the comment's event in the video's room).
    await waitFor(async () => (await reel.getByTestId('reel-comments').textContent()) === '1',
      { timeoutMs: 10_000, describe: () => 'the comment count on the reel' });

    // Escape closes the panel and gives the focus back to the Comments button.
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    assert.equal(await open.getAttribute('aria-expanded'), 'false');
    assert.match(await page.evaluate(() => document.activeElement?.textContent ?? ''), /Comments/);
    // Outside the box the arrow key moves to the next reel, and back.
    await page.keyboard.press('ArrowDown');
    await waitFor(async () => (await activeReelId(page)) !== id, { timeoutMs: 10_000, describe: () => 'the next reel' });
    await page.keyboard.press('ArrowUp');
    await waitFor(async () => (await activeReelId(page)) === id, { timeoutMs: 10_000, describe: () => 'back to the first reel' });
    assert.deepEqual(page.problems, []);
  });

  await t.test('reels: share copies the link to the video', async () => {
    const page = state.bob;
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    await page.goto(`${base}/reels`);
    const reel = page.locator('.reel.active');
    await reel.locator('.reel-overlay h2').waitFor();
    const id = await activeReelId(page);
    await reel.getByRole('button', { name: /Share/ }).click();
    await reel.getByRole('status').filter({ hasText: 'Link copied' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), `${base}/watch/${id}`);
  });

  await t.test('reels fill the screen below the header, phone and desktop: every button on screen and reached by Tab, no page scroll', async (t) => {
    for (const [size, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
      // Signed in: the header with the most in it.
      const page = await openPage(t, browser, { viewport, name: `bob-${size}` });
      await signIn(page, base, 'bob');
      await page.goto(`${base}/reels`);
      const reel = page.locator('.reel.active');
      await reel.locator('.reel-overlay h2').waitFor();
      await reel.locator('.player').waitFor();
      await page.waitForLoadState('networkidle').catch(() => {});
      const where = `${size} ${viewport.width}×${viewport.height}`;

      // No page scroll: the reels area ends at the bottom of the screen, right below the header.
      const layout = await page.evaluate(() => ({
        scrollHeight: document.scrollingElement.scrollHeight, scrollWidth: document.scrollingElement.scrollWidth,
        innerHeight, header: document.querySelector('.topbar').getBoundingClientRect().bottom,
        main: document.querySelector('main.reels').getBoundingClientRect().toJSON(),
        reel: document.querySelector('.reel.active').getBoundingClientRect().toJSON(),
      }));
      assert.ok(layout.scrollHeight <= layout.innerHeight + 1, `${where}: the page scrolls (${JSON.stringify(layout)})`);
      assert.ok(layout.scrollWidth <= viewport.width + 1, `${where}: the page is ${layout.scrollWidth}px wide`);
      assert.ok(Math.abs(layout.main.top - layout.header) <= 1 && Math.abs(layout.main.bottom - viewport.height) <= 1,
        `${where}: the reels area is not the screen below the header (${JSON.stringify(layout)})`);
      assert.ok(layout.header <= 72, `${where}: the header is ${layout.header}px tall`);
      assert.ok(Math.abs(layout.reel.height - layout.main.height) <= 1, `${where}: the reel does not fill the height (${JSON.stringify(layout)})`);

      // Each button wholly on screen and on top (not under the header or anything else).
      const buttons = {
        Like: reel.getByRole('button', { name: /^Like/ }),
        Comments: reel.getByRole('button', { name: /^Comments/ }),
        Share: reel.getByRole('button', { name: /Share/ }),
        Previous: page.getByRole('button', { name: 'Previous', exact: true }),
        Next: page.getByRole('button', { name: 'Next', exact: true }),
      };
      for (const [name, button] of Object.entries(buttons)) {
        const box = await button.boundingBox();
        assert.ok(box, `${where}: no box for ${name}`);
        assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= viewport.width && box.y + box.height <= viewport.height,
          `${where}: ${name} is not wholly on screen: ${JSON.stringify(box)}`);
        // Its centre and the middle of each edge (its corners are rounded).
        const covered = await button.evaluate((el) => {
          const r = el.getBoundingClientRect(), x = (r.left + r.right) / 2, y = (r.top + r.bottom) / 2;
          return [[x, y], [x, r.top + 3], [x, r.bottom - 3], [r.left + 3, y], [r.right - 3, y]]
            .map(([px, py]) => document.elementFromPoint(px, py))
            .filter((hit) => !el.contains(hit)).map((hit) => hit?.outerHTML.slice(0, 80) ?? 'nothing');
        });
        assert.deepEqual(covered, [], `${where}: ${name} is covered`);
      }

      // The keyboard reaches each enabled button (the first reel's Previous is disabled).
      assert.equal(await buttons.Previous.isDisabled(), true);
      const wanted = Object.entries(buttons).filter(([name]) => name !== 'Previous');
      const reached = new Set();
      await page.locator('body').focus();
      for (let i = 0; i < 80 && reached.size < wanted.length; i += 1) {
        await page.keyboard.press('Tab');
        for (const [name, button] of wanted) if (await button.evaluate((el) => el === document.activeElement)) reached.add(name);
      }
      assert.deepEqual([...reached].sort(), wanted.map(([name]) => name).sort(), `${where}: Tab reached only ${[...reached]}`);
      assert.equal(await page.evaluate(() => document.scrollingElement.scrollTop), 0, `${where}: tabbing scrolled the page`);

      // The comments panel opens over the reel, its close button on screen; its heading counts right.
      await buttons.Comments.click();
      const panel = page.getByRole('dialog', { name: 'Comments' });
      await panel.waitFor();
      const close = panel.getByRole('button', { name: 'Close comments' });
      const closeBox = await close.boundingBox();
      assert.ok(closeBox.y >= layout.header && closeBox.y + closeBox.height <= viewport.height, `${where}: close button ${JSON.stringify(closeBox)}`);
      const count = Number(await reel.getByTestId('reel-comments').textContent());
      await panel.getByRole('heading', { name: count === 1 ? '1 comment' : `${count} comments`, exact: true }).waitFor();
      await page.keyboard.press('Escape');
      await panel.waitFor({ state: 'detached' });
      assert.ok(await page.evaluate(() => document.scrollingElement.scrollHeight <= innerHeight + 1), `${where}: the page scrolls after the panel`);
      assert.deepEqual(page.problems, []);
    }

    // The search field of the phone's header folds into a button: it opens the labelled combobox.
    const phone = await openPage(t, browser, { viewport: PHONE, name: 'phone-search' });
    await phone.goto(`${base}/reels`);
    await phone.locator('.reel.active .reel-overlay h2').waitFor();
    const show = phone.getByRole('button', { name: 'Show search' });
    assert.equal(await show.getAttribute('aria-expanded'), 'false');
    await show.click();
    const box = phone.getByRole('combobox', { name: 'Search videos' });
    assert.equal(await box.evaluate((el) => el === document.activeElement), true);
    assert.ok(await phone.evaluate(() => document.scrollingElement.scrollHeight <= innerHeight + 1), 'the page scrolls with the search open');
    await phone.keyboard.press('Escape');
    assert.equal(await show.getAttribute('aria-expanded'), 'false');
    assert.equal(await show.evaluate((el) => el === document.activeElement), true);
    await show.click();
    await box.fill('Reel');
    await phone.keyboard.press('Enter');
    await phone.waitForURL(/\/search\?q=Reel/);
  });

  await t.test('counts read in the singular for one: "1 comment", "1 reply", not "1 comments"', async () => {
    const id = videos['Harbour at dawn'];
    const carol = await server.login('carol');
    const posted = await server.api('POST', `/api/videos/${id}/comments`, { token: carol, json: { text: 'The only comment' } });
    assert.equal(posted.status, 201, JSON.stringify(posted.body));
    const page = await openPage(suite, browser, { name: 'counts' });
    await page.goto(`${base}/watch/${id}`);
    const heading = page.locator('#comments-title');
    await page.locator('.comment-text', { hasText: 'The only comment' }).waitFor();
    await waitFor(async () => (await heading.textContent()) === '1 comment', { timeoutMs: 10_000, describe: async () => `"1 comment", not "${await heading.textContent()}"` });
    assert.equal(await page.getByText(/\b1 comments\b/).count(), 0);

    // One reply to it; then two comments.
    const reply = await server.api('POST', `/api/videos/${id}/comments`, { token: alice, json: { text: 'A reply', parent_id: posted.body.id } });
    assert.equal(reply.status, 201, JSON.stringify(reply.body));
    const second = await server.api('POST', `/api/videos/${id}/comments`, { token: alice, json: { text: 'A second comment' } });
    assert.equal(second.status, 201, JSON.stringify(second.body));
    await page.reload();
    await page.locator('.comment-text', { hasText: 'A second comment' }).waitFor();
    const total = (await server.video(id)).comments_count;
    assert.ok(total >= 2, `comments_count ${total}`);
    await waitFor(async () => (await heading.textContent()) === `${total} comments`, { timeoutMs: 10_000, describe: async () => `"${total} comments", not "${await heading.textContent()}"` });
    await page.getByRole('button', { name: '1 reply', exact: true }).waitFor();
    assert.deepEqual(page.problems, []);
  });

  await t.test('studio: the edit page shows a refusal on its field, saves title, description, tags and category', async () => {
    const page = await openPage(suite, browser, { name: 'alice' });
    await signIn(page, base, 'alice');
    state.alice = page;
    const id = videos['Harbour at dawn'];
    await page.goto(`${base}/studio`);
    await page.getByRole('link', { name: 'Edit: Harbour at dawn' }).click();
    await page.waitForURL(`${base}/studio/videos/${id}/edit`);
    await page.getByRole('heading', { name: 'Edit video' }).waitFor();
    const title = page.getByLabel('Title', { exact: true });
    assert.equal(await title.inputValue(), 'Harbour at dawn');

    // A title of spaces passes the browser's `required` but not the API: its message shows
    // on the field, which takes the focus.
    const refused = await server.api('PATCH', `/api/videos/${id}`, { token: alice, json: { title: '   ' } });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.details.field, 'title');
    await title.fill('   ');
    await page.getByRole('button', { name: 'Save' }).click();
    // The message is the field's description, read out as the field takes the focus; not an
    // alert as well, which would have it read out twice.
    const message = page.locator('.field-error').filter({ hasText: refused.body.error.message });
    await message.waitFor();
    assert.equal(await message.getAttribute('role'), null);
    assert.equal(await title.getAttribute('aria-invalid'), 'true');
    assert.equal(await title.getAttribute('aria-describedby'), await message.getAttribute('id'));
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'title');
    assert.equal((await server.video(id)).title, 'Harbour at dawn');

    await title.fill('Harbour <i>lights</i>');
    await page.getByLabel('Description').fill('First line\n<script>window.__xss=1</script>');
    await page.getByLabel('Tags (comma-separated)').fill('Boats, night ,boats');
    await page.getByLabel('Category').fill('Travel');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: /^Saved$/ }).waitFor();
    assert.equal(await title.getAttribute('aria-invalid'), null);
    // The form shows what the server stored.
    assert.equal(await page.getByLabel('Tags (comma-separated)').inputValue(), 'boats, night');
    const saved = await server.video(id);
    assert.equal(saved.title, 'Harbour <i>lights</i>');
    assert.equal(saved.description, 'First line\n<script>window.__xss=1</script>');
    assert.deepEqual(saved.tags, ['boats', 'night']);
    assert.equal(saved.category, 'Travel');

    // The watch page shows them, as text.
    await page.getByRole('link', { name: 'Watch it' }).click();
    await page.waitForURL(`${base}/watch/${id}`);
    await page.getByRole('heading', { name: 'Harbour <i>lights</i>' }).waitFor();
    await page.getByText('<script>window.__xss=1</script>').waitFor();
    await page.getByRole('link', { name: '#boats' }).waitFor();
    await page.getByRole('link', { name: '#night' }).waitFor();
    assert.equal(await page.locator('.watch-title i, .description script').count(), 0);
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    assert.deepEqual(page.problems.filter((p) => !/status of 400/.test(p)), []);
  });

  await t.test('studio: another user gets "does not exist" for the edit page, and the API refuses them', async (t) => {
    const draft = await server.api('POST', '/api/videos', { token: alice, json: { title: 'Secret draft', visibility: 'private' } });
    assert.equal(draft.status, 201);
    state.draft = draft.body.id;
    const carol = await server.login('carol');
    const page = await openPage(t, browser, { name: 'carol' });
    await signIn(page, base, 'carol');
    for (const id of [videos['Harbour at dawn'], draft.body.id]) {
      await page.goto(`${base}/studio/videos/${id}/edit`);
      await page.getByRole('heading', { name: 'This video does not exist, or it is not yours to edit.' }).waitFor();
      assert.equal(await page.getByLabel('Title', { exact: true }).count(), 0);
      assert.equal(await page.getByText('Secret draft').count(), 0);
    }
    // The API: the private draft is not there for carol (404); the public video is not hers to change.
    assert.equal((await server.api('GET', `/api/videos/${draft.body.id}`, { token: carol })).status, 404);
    assert.equal((await server.api('PATCH', `/api/videos/${draft.body.id}`, { token: carol, json: { title: 'Mine now' } })).status, 404);
    assert.equal((await server.api('PATCH', `/api/videos/${videos['Harbour at dawn']}`, { token: carol, json: { title: 'Mine now' } })).status, 403);
    assert.equal((await server.video(videos['Harbour at dawn'])).title, 'Harbour <i>lights</i>');
    assert.equal((await server.video(draft.body.id, alice)).title, 'Secret draft');
    // Its owner gets the form for the same draft.
    await state.alice.goto(`${base}/studio/videos/${draft.body.id}/edit`);
    await state.alice.getByRole('heading', { name: 'Edit video' }).waitFor();
    assert.equal(await state.alice.getByLabel('Title', { exact: true }).inputValue(), 'Secret draft');
  });

  await t.test('playlists: Move down (click, then keyboard) and drag and drop show the server order, after a reload too', async () => {
    const page = state.bob;
    const bob = await server.login('bob');
    const created = await server.api('POST', '/api/playlists', { token: bob, json: { title: 'Boats and reels', visibility: 'private' } });
    assert.equal(created.status, 201);
    const pid = created.body.id;
    state.playlist = pid;
    const order = [videos['Reel one'], videos['Reel two'], videos['Harbour at dawn']];
    for (const video_id of order) {
      assert.equal((await server.api('POST', `/api/playlists/${pid}/items`, { token: bob, json: { video_id } })).status, 201);
    }
    const apiOrder = async () => (await server.api('GET', `/api/playlists/${pid}/items`, { token: bob })).body.items.map((i) => i.video.title);
    assert.deepEqual(await apiOrder(), ['Reel one', 'Reel two', 'Harbour <i>lights</i>']);

    await page.goto(`${base}/playlists/${pid}`);
    await page.getByRole('heading', { name: 'Boats and reels' }).waitFor();
    await waitFor(async () => (await titlesShown(page)).length === 3, { timeoutMs: 10_000, describe: () => 'three items' });
    assert.deepEqual(await titlesShown(page), ['Reel one', 'Reel two', 'Harbour <i>lights</i>']);
    assert.equal(await page.getByRole('button', { name: 'Move up: Reel one' }).getAttribute('aria-disabled'), 'true');

    await page.getByRole('button', { name: 'Move down: Reel one' }).click();
    await page.getByText('“Reel one” moved to position 2').waitFor();
    assert.deepEqual(await titlesShown(page), ['Reel two', 'Reel one', 'Harbour <i>lights</i>']);
    assert.deepEqual(await apiOrder(), ['Reel two', 'Reel one', 'Harbour <i>lights</i>']);
    // The focus stayed on the moved item's button: Enter moves it again, to the end, where
    // Move down cannot go further and the focus goes to its Move up.
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Move down: Reel one');
    await page.keyboard.press('Enter');
    await page.getByText('“Reel one” moved to position 3').waitFor();
    assert.deepEqual(await titlesShown(page), ['Reel two', 'Harbour <i>lights</i>', 'Reel one']);
    assert.equal(await page.getByRole('button', { name: 'Move down: Reel one' }).getAttribute('aria-disabled'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Move up: Reel one');
    // A disabled Move down changes nothing.
    await page.getByRole('button', { name: 'Move down: Reel one' }).click({ force: true });
    assert.deepEqual(await apiOrder(), ['Reel two', 'Harbour <i>lights</i>', 'Reel one']);

    await page.reload();
    await waitFor(async () => (await titlesShown(page)).length === 3, { timeoutMs: 10_000, describe: () => 'three items after the reload' });
    assert.deepEqual(await titlesShown(page), ['Reel two', 'Harbour <i>lights</i>', 'Reel one']);

    // Drag and drop: the last item onto the first.
    await page.locator('.lib-item', { hasText: 'Reel one' }).dragTo(page.locator('.lib-item', { hasText: 'Reel two' }));
    await page.getByText('“Reel one” moved to position 1').waitFor();
    assert.deepEqual(await titlesShown(page), ['Reel one', 'Reel two', 'Harbour <i>lights</i>']);
    assert.deepEqual(await apiOrder(), ['Reel one', 'Reel two', 'Harbour <i>lights</i>']);
    assert.deepEqual(page.problems, []);
  });

  await t.test('the new views at desktop and phone size, in both themes: screenshots, width and axe-core', async (t) => {
    const bobState = await state.bob.context().storageState();
    const aliceState = await state.alice.context().storageState();
    // A comment on each reel, whichever the feed shows first.
    for (const id of [videos['Reel one'], videos['Reel two']]) {
      const posted = await server.api('POST', `/api/videos/${id}/comments`, { token: alice, json: { text: 'Thanks for watching' } });
      assert.equal(posted.status, 201, JSON.stringify(posted.body));
    }
    // The reel with its comments panel open; the studio list, the edit page (after a refused
    // save: the field's message) and a playlist with its move buttons.
    const views = [
      [bobState, 'reels-overlay', '/reels', null],
      [bobState, 'reels-comments', '/reels', async (page) => {
        await page.locator('.reel.active').getByRole('button', { name: /^Comments/ }).click();
        await page.getByRole('dialog', { name: 'Comments' }).locator('.comment-text').first().waitFor();
      }],
      [aliceState, 'studio-list', '/studio', null],
      [aliceState, 'studio-edit', `/studio/videos/${videos['Reel two']}/edit`, null],
      [aliceState, 'studio-edit-error', `/studio/videos/${videos['Reel two']}/edit`, async (page) => {
        await page.getByLabel('Title', { exact: true }).fill('   ');
        await page.getByRole('button', { name: 'Save' }).click();
        await page.locator('.field-error').waitFor();
      }],
      [bobState, 'playlist-reorder', `/playlists/${state.playlist}`, null],
    ];
    const violations = [];
    for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
      for (const theme of ['light', 'dark']) {
        for (const storage of [bobState, aliceState]) {
          const context = await browser.newContext({ viewport, colorScheme: theme, storageState: storage });
          t.after(() => context.close().catch(() => {}));
          const page = await context.newPage();
          for (const [who, name, path, prepare] of views) {
            if (who !== storage) continue;
            await page.goto(`${base}${path}`);
            await setTheme(page, theme);
            await page.locator('main h1').first().waitFor({ state: 'attached' });
            await page.waitForLoadState('networkidle').catch(() => {});
            await page.locator('main').getByText('Loading…').waitFor({ state: 'detached', timeout: 10_000 }).catch(() => {});
            if (name.startsWith('reels')) await page.locator('.reel.active .reel-overlay h2').waitFor();
            if (prepare) await prepare(page);
            await screenshot(page, `${name}-${size}-${theme}`);
            for (const v of await seriousViolations(page)) violations.push(`${name} ${size} ${theme}: ${v}`);
            const width = await page.evaluate(() => document.documentElement.scrollWidth);
            assert.ok(width <= viewport.width + 1, `${name} ${size}: the page is ${width}px wide, wider than the screen`);
          }
        }
      }
    }
    assert.deepEqual(violations, []);
  });
});
