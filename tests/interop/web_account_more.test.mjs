// The account and admin pages that web_account.test.mjs does not cover, in Debian's Chromium
// against a real Marquee serving the real bundle (web/src/pages/AccountSecurity.tsx,
// AccountBilling.tsx, AdminMore.tsx, Auth.tsx):
// - two-factor sign-in: enrolled from /account with a code this test computes (RFC 6238 with
//   node:crypto), ten recovery codes shown once; signing in then asks for a code, refuses a
//   wrong one, takes the right one; a recovery code works once; turned off again;
// - referrals: the link on /account fills in the sign-up form; the new account's first clip
//   rewards both, as docs/billing.md says;
// - credit packs: created, repriced and taken off sale by an admin, seen on the buyer's
//   /account; bought through a Stripe double's checkout page that completes the payment with a
//   webhook signed by the real `stripe` package; the buyer comes back to /studio/credits, sees
//   the payment confirmed, the balance raised and the payment listed (and a cancelled checkout
//   says so);
// - the music library: a track uploaded from the admin page is listed and offered in a
//   creator's music picker, and removed; fingerprint lists: a file with a bad line is refused
//   naming it, a good one imported and deleted; search statistics after some searches, and the
//   vocabulary refresh;
// - a plain user gets "does not exist" on each of these admin pages, with no admin API call;
// - screenshots of every new view at desktop and phone size in both themes, no page wider
//   than the screen, and axe-core with no serious or critical violation.
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import Stripe from 'stripe';

import { launchChromium } from './support/browser.mjs';
import { Harness, ffmpeg, freePort, waitFor, PASSWORD } from './support/server.mjs';
import { DESKTOP, PHONE, openPage, screenshot, seriousViolations, setTheme } from './support/site.mjs';

const stripe = new Stripe('sk_test_marquee');
const WEBHOOK_SECRET = 'whsec_marquee_web';

// ---- TOTP (RFC 6238: HMAC-SHA1, 30 s steps, 6 digits), as an authenticator app computes it ----

function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out = [];
  for (const c of text.replace(/[\s=]/g, '').toUpperCase()) {
    const index = alphabet.indexOf(c);
    if (index < 0) throw new Error(`not base32: ${c}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

function totp(secret, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = mac[19] & 0x0f;
  const binary = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  return String(binary % 1_000_000).padStart(6, '0');
}

// RFC 6238's own test vector (SHA-1, T = 59 s → step 1, 8 digits 94287082: its last six).
assert.equal(totp('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 1), '287082');

const stepNow = () => Math.floor(Date.now() / 30_000);

// The next code an authenticator would show that the server has not seen used: each step's
// code works once (the server accepts the steps either side of its own), so a second code in
// the same 30 s waits for the next step.
async function nextCode(device) {
  for (;;) {
    const now = stepNow();
    const step = Math.max(now, device.lastStep + 1);
    if (step <= now + 1) {
      device.lastStep = step;
      return totp(device.secret, step);
    }
    await sleep((now + 1) * 30_000 - Date.now() + 250);
  }
}

// A six-digit code that is not the code of any step the server would accept now.
function wrongCode(secret) {
  const now = stepNow();
  const valid = new Set([now - 1, now, now + 1, now + 2].map((s) => totp(secret, s)));
  for (let n = 123456; ; n = (n + 111_111) % 1_000_000) {
    const code = String(n).padStart(6, '0');
    if (!valid.has(code)) return code;
  }
}

// ---- a Stripe double: the Checkout Sessions API, and a checkout page that pays or cancels ----

async function startStripeDouble(t, webhookUrl) {
  const sessions = new Map();
  const webhooks = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', async () => {
      const reply = (status, value) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      const url = new URL(req.url, 'http://stripe');
      if (req.method === 'POST' && url.pathname === '/v1/checkout/sessions') {
        if (req.headers.authorization !== 'Bearer sk_test_marquee') return reply(401, { error: { message: 'Invalid API Key' } });
        const form = new URLSearchParams(body);
        const key = req.headers['idempotency-key'];
        const existing = [...sessions.values()].find((s) => s.key === key);
        if (existing) return reply(200, existing.session);
        const id = `cs_test_${sessions.size + 1}`;
        const session = {
          id, object: 'checkout.session', mode: form.get('mode'),
          client_reference_id: form.get('client_reference_id'),
          amount_total: Number(form.get('line_items[0][price_data][unit_amount]')),
          currency: form.get('line_items[0][price_data][currency]'),
          metadata: { pack_id: form.get('metadata[pack_id]'), payment_id: form.get('metadata[payment_id]') },
          success_url: form.get('success_url'), cancel_url: form.get('cancel_url'),
          url: `http://127.0.0.1:${server.address().port}/pay/${id}`, payment_status: 'unpaid',
        };
        sessions.set(id, { key, session });
        return reply(200, session);
      }
      const pay = /^\/pay\/(cs_test_\d+)$/.exec(url.pathname);
      const found = pay && sessions.get(pay[1]);
      if (!found) return reply(404, { error: { message: 'no such page' } });
      const { session } = found;
      if (req.method === 'GET') {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        return res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test checkout</title></head><body>
<main><h1>Test checkout</h1><p>${session.amount_total} ${session.currency}</p>
<form method="post"><button name="do" value="pay">Pay</button> <button name="do" value="cancel">Cancel</button></form></main></body></html>`);
      }
      if (new URLSearchParams(body).get('do') === 'cancel') {
        res.writeHead(303, { Location: session.cancel_url });
        return res.end();
      }
      // Paid: Stripe tells Marquee (signed), then sends the buyer back.
      const payload = JSON.stringify({
        id: `evt_${session.id}`, object: 'event', type: 'checkout.session.completed', created: Math.floor(Date.now() / 1000),
        data: { object: { ...session, payment_status: 'paid', status: 'complete', payment_intent: `pi_${session.id}` } },
      });
      const delivered = await fetch(webhookUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Stripe-Signature': stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }) },
        body: payload,
      });
      webhooks.push({ status: delivered.status, body: await delivered.text() });
      res.writeHead(303, { Location: session.success_url });
      res.end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));
  return { base: `http://127.0.0.1:${server.address().port}`, sessions, webhooks };
}

// ---- browser helpers ----

async function signIn(page, base, login, password = PASSWORD) {
  await page.goto(`${base}/signin`);
  await page.getByLabel('Email or username').fill(login);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

async function signOut(page, base) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(`${base}/`);
  await page.getByRole('link', { name: 'Sign in' }).first().waitFor();
}

function acceptNextDialog(page) {
  page.once('dialog', (dialog) => dialog.accept());
}

// What the page's own session says (the browser's cookies, not a token of the test's).
const meInPage = (page) => page.evaluate(async () => (await fetch('/api/me')).json());

// The view as it is now at desktop and phone size in both themes: a screenshot each, no
// sideways scrolling, and axe-core's serious or critical violations collected.
async function checkView(page, name, violations) {
  for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    await page.setViewportSize(viewport);
    for (const theme of ['light', 'dark']) {
      await setTheme(page, theme);
      await screenshot(page, `${name}-${size}-${theme}`);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= viewport.width + 1, `${name} ${size} ${theme}: the page is ${width}px wide, wider than the screen`);
      for (const v of await seriousViolations(page)) violations.push(`${name} ${size} ${theme}: ${v}`);
    }
  }
  await page.setViewportSize(DESKTOP);
  await setTheme(page, 'light');
}

// Waits until nothing on the page's main says "Loading…".
async function settled(page) {
  await page.locator('main h1').first().waitFor();
  await page.waitForLoadState('networkidle').catch(() => {});
  await page.locator('main').getByText('Loading…').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => {});
}

// The requests meant to be refused (a wrong code, a bad file) log their 4xx as console
// errors; nothing else may be logged.
const unexpected = (page) => page.problems.filter((p) => !/the server responded with a status of 4\d\d/.test(p));

test('two-factor sign-in, referrals, buying credits and the billing, music, fingerprint and search admin pages', { timeout: 900_000 }, async (suite) => {
  const t = suite;
  const harness = await Harness.create(t, 'marquee-web-account-more');
  const dataDir = await harness.newDataDir();
  for (const [name, role] of [['admin', 'admin'], ['alice', 'creator'], ['bob', 'user'], ['erin', 'user'], ['frank', 'user']]) {
    await harness.createUser(dataDir, name, role);
  }
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const double = await startStripeDouble(t, `${base}/api/billing/webhook`);
  const server = await harness.startServer(dataDir, [], {
    port,
    env: {
      MARQUEE_PUBLIC_URL: base,
      MARQUEE_BILLING_STRIPE_API_BASE: double.base,
      MARQUEE_BILLING_STRIPE_SECRET_KEY: 'sk_test_marquee',
      MARQUEE_BILLING_STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      MARQUEE_SEARCH_LOG_FLUSH_INTERVAL_S: '1',
    },
  });
  const browser = await launchChromium(t);
  const violations = [];
  const state = {};

  await t.test('two-factor sign-in: enrol with a computed code, sign in with it, a wrong code, a recovery code once, turn off', async (t) => {
    const page = await openPage(suite, browser, { name: 'erin' });
    await signIn(page, base, 'erin');
    await page.goto(`${base}/account`);
    const panel = page.locator('section', { has: page.getByRole('heading', { name: 'Two-factor sign-in' }) });
    await panel.getByText('Two-factor sign-in is off.', { exact: false }).waitFor();
    assert.equal((await meInPage(page)).two_factor, false);
    await panel.getByRole('button', { name: 'Set up two-factor sign-in' }).click();

    // The key, grouped by four, and the otpauth:// link carrying the same secret.
    const shown = (await page.getByTestId('totp-secret').textContent()).trim();
    assert.match(shown, /^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/, shown);
    const device = { secret: shown.replace(/ /g, ''), lastStep: -Infinity };
    assert.equal(device.secret.length, 32, '160 bits');
    const link = await panel.getByRole('link', { name: 'Open in authenticator app' }).getAttribute('href');
    assert.match(link, /^otpauth:\/\/totp\//);
    assert.equal(new URL(link).searchParams.get('secret'), device.secret);
    await checkView(page, 'account-2fa-enrol', violations);

    // A wrong code is refused and changes nothing.
    await panel.getByLabel('Code from the app').fill(wrongCode(device.secret));
    await panel.getByLabel('Your password').fill(PASSWORD);
    await panel.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    await panel.getByRole('alert').getByText('That code does not match', { exact: false }).waitFor();
    assert.equal((await meInPage(page)).two_factor, false);

    await panel.getByLabel('Code from the app').fill(await nextCode(device));
    await panel.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    await panel.getByRole('heading', { name: 'Your recovery codes' }).waitFor();
    await panel.getByText('Save these codes now: they are shown only this once.').waitFor();
    const recovery = (await panel.locator('.recovery-codes li').allTextContents()).map((c) => c.trim());
    assert.equal(recovery.length, 10);
    assert.equal(new Set(recovery).size, 10);
    for (const c of recovery) assert.match(c, /^[a-z2-7]{5}-[a-z2-7]{5}$/);
    assert.equal((await meInPage(page)).two_factor, true);
    await checkView(page, 'account-2fa-codes', violations);
    await panel.getByRole('button', { name: 'I have saved them' }).click();
    await panel.getByText('Two-factor sign-in is on.').waitFor();
    assert.equal(await panel.locator('.recovery-codes').count(), 0, 'the codes are not shown again');
    await page.reload();
    await panel.getByRole('button', { name: 'Turn off two-factor sign-in…' }).waitFor();
    assert.equal(await page.locator('.recovery-codes').count(), 0);

    // Signing in now asks for a code: a wrong one is refused, the right one signs in.
    await signOut(page, base);
    await page.goto(`${base}/signin?next=/account`);
    await page.getByLabel('Email or username').fill('erin');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Two-factor sign-in' }).waitFor();
    const code = page.getByLabel('Authentication code or recovery code');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'totp', 'the code field has the focus');
    await code.fill(wrongCode(device.secret));
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.getByRole('alert').getByText('That code is wrong, used already or expired.', { exact: false }).waitFor();
    assert.equal(await page.evaluate(async () => (await fetch('/api/me')).status), 401, 'still signed out');
    await code.fill(await nextCode(device));
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.waitForURL(`${base}/account`);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    assert.equal((await meInPage(page)).username, 'erin');

    // A recovery code signs in once.
    const codeStep = async () => {
      await signOut(page, base);
      await page.goto(`${base}/signin`);
      await page.getByLabel('Email or username').fill('erin');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await code.waitFor();
    };
    await codeStep();
    await code.fill(recovery[0]);
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await codeStep();
    await code.fill(recovery[0]);
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.getByRole('alert').getByText('That code is wrong, used already or expired.', { exact: false }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Sign out' }).count(), 0);
    await code.fill(recovery[1].toUpperCase()); // typed as it comes
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    assert.equal((await meInPage(page)).username, 'erin');
    // The API agrees: the password alone is not enough.
    const alone = await server.api('POST', '/api/auth/login', { json: { login: 'erin', password: PASSWORD } });
    assert.equal(alone.status, 401);
    assert.equal(alone.body.error.code, 'totp_required');

    // Turned off with the password and a code: the password alone signs in again.
    await page.goto(`${base}/account`);
    await panel.getByRole('button', { name: 'Turn off two-factor sign-in…' }).click();
    await panel.getByLabel('Your password').fill(PASSWORD);
    await panel.getByLabel('Authentication code or recovery code').fill(await nextCode(device));
    await panel.getByRole('button', { name: 'Turn off two-factor sign-in', exact: true }).click();
    await panel.getByText('Two-factor sign-in is off.').first().waitFor();
    assert.equal((await meInPage(page)).two_factor, false);
    assert.equal((await server.api('POST', '/api/auth/login', { json: { login: 'erin', password: PASSWORD } })).status, 200);
    assert.deepEqual(unexpected(page), []);

    // For the sign-in page's code step below: frank turns it on through the API.
    const frank = await server.login('frank');
    const begun = await server.api('POST', '/api/me/2fa/totp', { token: frank });
    assert.equal(begun.status, 201);
    const frankDevice = { secret: begun.body.secret, lastStep: -Infinity };
    const confirmed = await server.api('POST', '/api/me/2fa/totp/confirm', { token: frank, json: { password: PASSWORD, code: await nextCode(frankDevice) } });
    assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
    const step = await openPage(t, browser, { name: 'frank' });
    await step.goto(`${base}/signin`);
    await step.getByLabel('Email or username').fill('frank');
    await step.getByLabel('Password').fill(PASSWORD);
    await step.getByRole('button', { name: 'Sign in' }).click();
    await step.getByLabel('Authentication code or recovery code').waitFor();
    await checkView(step, 'signin-code', violations);
  });

  await t.test('referrals: the link fills in the sign-up, and the first clip rewards both', async (t) => {
    const page = await openPage(suite, browser, { name: 'bob' });
    await signIn(page, base, 'bob');
    state.bob = page;
    await page.goto(`${base}/account`);
    const panel = page.locator('section', { has: page.getByRole('heading', { name: 'Invite friends' }) });
    const link = await panel.getByTestId('referral-link').inputValue();
    const code = (await panel.getByTestId('referral-code').textContent()).trim();
    const bobToken = await server.login('bob');
    const summary = (await server.api('GET', '/api/me/referral', { token: bobToken })).body;
    assert.equal(code, summary.code);
    assert.equal(link, `${base}/signup?ref=${code}`);
    assert.equal(await panel.getByTestId('referral-referred').textContent(), '0');

    // Someone opens the link and signs up.
    const visitor = await openPage(t, browser, { name: 'newbie' });
    await visitor.goto(link);
    await visitor.getByText('You were invited', { exact: false }).waitFor();
    assert.equal(await visitor.getByLabel('Referral code (optional)').inputValue(), code);
    await settled(visitor);
    await checkView(visitor, 'signup-referral', violations);
    await visitor.getByLabel('Email').fill('newbie@example.com');
    await visitor.getByLabel('Username').fill('newbie');
    await visitor.getByLabel('Password').fill(PASSWORD);
    await visitor.getByRole('button', { name: 'Create account' }).click();
    await visitor.waitForURL(`${base}/`);
    await visitor.goto(`${base}/account`);
    await visitor.getByText('You were invited by', { exact: false }).waitFor();
    await visitor.getByRole('link', { name: '@bob' }).waitFor();
    const newbie = await server.login('newbie');
    assert.equal((await server.api('GET', '/api/me/referral', { token: newbie })).body.referred_by, 'bob');
    await page.reload();
    await waitFor(async () => (await panel.getByTestId('referral-referred').textContent()) === '1',
      { timeoutMs: 10_000, describe: () => 'one sign-up shown' });
    assert.equal(await panel.getByTestId('referral-rewarded').textContent(), '0', 'no reward before the first clip');

    // The referred account's first clip rewards both (billing.referral_credits, default 1).
    const photo = harness.path('photo.jpg');
    await ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=320x240', '-frames:v', '1', photo]);
    const project = await server.api('POST', '/api/studio/projects', { token: newbie, json: { title: 'First', width: 320, height: 180 } });
    assert.equal(project.status, 201, JSON.stringify(project.body));
    const clip = await fetch(server.url(`/api/studio/projects/${project.body.id}/clips?duration_ms=1000`), {
      method: 'POST', headers: { Authorization: `Bearer ${newbie}`, 'Content-Type': 'image/jpeg' }, body: await fs.readFile(photo),
    });
    assert.equal(clip.status, 201, await clip.text());
    await waitFor(async () => (await server.api('GET', '/api/me/referral', { token: bobToken })).body.rewarded === 1,
      { timeoutMs: 120_000, describe: () => 'the referral rewarded' });
    await page.reload();
    await waitFor(async () => (await panel.getByTestId('referral-rewarded').textContent()) === '1',
      { timeoutMs: 10_000, describe: () => 'the reward shown' });
    assert.equal(await panel.getByTestId('referral-earned').textContent(), '1 credit');
    await page.getByRole('cell', { name: 'Referral reward' }).waitFor();
    await visitor.reload();
    await visitor.getByRole('cell', { name: 'Referral reward' }).waitFor();
    const ledger = (await server.api('GET', '/api/me/credits', { token: bobToken })).body;
    assert.equal(ledger.items.filter((e) => e.kind === 'referral').length, 1);
    assert.deepEqual(unexpected(visitor), []);
  });

  await t.test('a plain user gets "does not exist" on the new admin pages, with no admin API call', async () => {
    const page = state.bob;
    const adminCalls = [];
    page.on('request', (r) => { if (/\/api\/admin\//.test(r.url())) adminCalls.push(r.url()); });
    for (const path of ['/admin/credit-packs', '/admin/music', '/admin/fingerprints', '/admin/search?days=30']) {
      await page.goto(`${base}${path}`);
      await page.getByRole('heading', { name: 'This page does not exist.' }).waitFor();
      assert.equal(await page.locator('main form, main table, main ul').count(), 0, path);
    }
    assert.deepEqual(adminCalls, []);
    await page.getByRole('button', { name: /Account menu/ }).click();
    for (const name of ['Credit packs', 'Music library', 'Fingerprint lists', 'Search statistics']) {
      assert.equal(await page.getByRole('link', { name }).count(), 0, name);
    }
    await page.keyboard.press('Escape');
  });

  await t.test('admin: credit packs created, repriced and taken off sale; the buyer sees what is on sale', async () => {
    const page = await openPage(suite, browser, { name: 'admin' });
    await signIn(page, base, 'admin');
    state.admin = page;
    await page.getByRole('button', { name: /Account menu for admin/ }).click();
    await page.locator('.menu-panel').getByRole('link', { name: 'Credit packs' }).click();
    await page.waitForURL(`${base}/admin/credit-packs`);
    await page.getByText('No credit packs yet', { exact: false }).waitFor();
    const form = page.locator('form', { has: page.getByRole('heading', { name: 'New credit pack' }) });
    // A value the API refuses is shown and marked.
    await form.getByLabel('Name').fill('Starter');
    await form.getByLabel('Credits').fill('25');
    await form.getByLabel('Price').fill('0');
    await form.getByRole('button', { name: 'Create pack' }).click();
    await form.getByRole('alert').getByText('amount_cents must be', { exact: false }).waitFor();
    assert.equal(await form.getByLabel('Price').getAttribute('aria-invalid'), 'true');
    assert.deepEqual((await server.api('GET', '/api/billing/packs')).body.items, []);
    await form.getByLabel('Price').fill('9.99');
    await form.getByRole('button', { name: 'Create pack' }).click();
    await page.getByText('Created “Starter”').waitFor();
    for (const [name, credits, price] of [['Old pack', '5', '3']]) {
      await form.getByLabel('Name').fill(name);
      await form.getByLabel('Credits').fill(credits);
      await form.getByLabel('Price').fill(price);
      await form.getByRole('button', { name: 'Create pack' }).click();
      await page.getByText(`Created “${name}”`).waitFor();
    }
    const token = await server.login('admin');
    const packs = (await server.api('GET', '/api/admin/credit-packs', { token })).body.items;
    const starter = packs.find((p) => p.name === 'Starter');
    assert.deepEqual([starter.credits, starter.amount_cents, starter.currency, starter.active], [25, 999, 'usd', true]);

    // Repriced.
    await page.getByRole('button', { name: 'Edit: Starter' }).click();
    const edit = page.locator('form', { has: page.getByRole('heading', { name: 'Edit “Starter”' }) });
    assert.equal(await edit.getByLabel('Price').inputValue(), '9.99');
    await edit.getByLabel('Price').fill('12.50');
    await edit.getByRole('button', { name: 'Save pack' }).click();
    await page.getByText('Saved “Starter”').waitFor();
    await page.locator(`tr[data-pack="${starter.id}"]`).getByText('$12.50').waitFor();
    // Taken off sale (packs are never deleted), and back.
    await page.getByRole('button', { name: 'Take off sale: Old pack' }).click();
    await page.getByText('“Old pack” is off sale').waitFor();
    await page.getByRole('button', { name: 'Put on sale: Old pack' }).waitFor();
    const onSale = (await server.api('GET', '/api/billing/packs')).body.items.map((p) => p.name);
    assert.deepEqual(onSale, ['Starter']);
    assert.equal((await server.api('GET', `/api/admin/credit-packs`, { token })).body.items.find((p) => p.id === starter.id).amount_cents, 1250);
    await settled(page);
    await checkView(page, 'admin-credit-packs', violations);

    // The buyer's account lists what is on sale, at its price.
    const bob = state.bob;
    await bob.goto(`${base}/account`);
    const buy = bob.locator('section', { has: bob.getByRole('heading', { name: 'Buy credits' }) });
    await buy.getByRole('button', { name: 'Buy Starter: 25 credits for $12.50' }).waitFor();
    assert.equal(await buy.getByText('Old pack').count(), 0);
    assert.deepEqual(unexpected(page), []);
  });

  await t.test('buying a pack: checkout at the provider, cancelled once, then paid; the balance rises and the payment is listed', async () => {
    const page = state.bob;
    const token = await server.login('bob');
    const before = (await server.api('GET', '/api/me/credits', { token })).body.balance;
    await page.goto(`${base}/account`);
    const buy = page.locator('section', { has: page.getByRole('heading', { name: 'Buy credits' }) });
    await buy.getByText('No payments yet.').waitFor();
    await settled(page);
    await checkView(page, 'account-billing', violations);

    // To the provider's page, and back without paying.
    await buy.getByRole('button', { name: 'Buy Starter: 25 credits for $12.50' }).click();
    await page.waitForURL(`${double.base}/pay/cs_test_1`);
    await page.getByText('1250 usd').waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.waitForURL(`${base}/studio/credits?checkout=cancelled`);
    await page.getByText('The payment was cancelled: nothing was charged.').waitFor();
    await page.locator('tr[data-payment]').getByText('Not completed').waitFor();
    assert.equal(await page.getByTestId('credit-balance').textContent(), String(before));

    // Again, paid this time: the provider's webhook credits the account.
    await page.getByRole('button', { name: 'Buy Starter: 25 credits for $12.50' }).click();
    await page.waitForURL(`${double.base}/pay/cs_test_2`);
    await page.getByRole('button', { name: 'Pay' }).click();
    await page.waitForURL(`${base}/studio/credits?checkout=success`);
    await page.getByText('Payment received: 25 credits were added to your balance.').waitFor();
    assert.deepEqual(double.webhooks.map((w) => w.status), [200]);
    await waitFor(async () => (await page.getByTestId('credit-balance').textContent()) === String(before + 25),
      { timeoutMs: 10_000, describe: () => 'the new balance shown' });
    const rows = page.locator('tr[data-payment]');
    assert.equal(await rows.count(), 2);
    await rows.first().getByText('Paid').waitFor();
    await rows.first().getByText('Starter').waitFor();
    await rows.first().getByText('$12.50').waitFor();
    await settled(page);
    await checkView(page, 'studio-credits', violations);
    // The address no longer says ?checkout=, and a return this tab did not start (a link, a
    // reload) claims no payment: only the one this tab went to pay is ever announced.
    assert.equal(new URL(page.url()).search, '');
    await page.goto(`${base}/account?checkout=success`);
    await page.getByText('If you paid, your credits appear once the payment is confirmed.').waitFor();
    assert.equal(await page.getByText('Payment received', { exact: false }).count(), 0);
    await waitFor(async () => new URL(page.url()).search === '', { timeoutMs: 5_000, describe: () => 'the ?checkout= dropped' });

    // The account page shows the same: balance, purchase, payment.
    await page.goto(`${base}/account`);
    await waitFor(async () => (await page.getByTestId('credit-balance').textContent()) === String(before + 25),
      { timeoutMs: 10_000, describe: () => 'the balance on /account' });
    await page.getByRole('cell', { name: 'Purchase' }).waitFor();
    await page.locator('tr[data-payment]').first().getByText('Paid').waitFor();
    const payments = (await server.api('GET', '/api/billing/payments', { token })).body.items;
    assert.deepEqual(payments.map((p) => p.status), ['paid', 'pending']);
    assert.deepEqual(unexpected(page), []);
  });

  await t.test('admin: a music track uploaded is listed and offered in the creator\'s music picker, then removed', async () => {
    const page = state.admin;
    const track = harness.path('Harbour Theme.wav');
    await ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=330:sample_rate=44100', '-t', '3', '-c:a', 'pcm_s16le', track]);
    await page.goto(`${base}/admin/music`);
    await page.getByText('No music yet.').waitFor();
    await page.getByLabel('Audio file').setInputFiles(track);
    await page.getByLabel('Artist').fill('The Testers');
    await page.getByRole('button', { name: 'Upload track' }).click();
    await page.getByText('Added “Harbour Theme”').waitFor();
    const row = page.locator('li[data-track]', { hasText: 'Harbour Theme' });
    await row.getByText('The Testers').waitFor();
    await row.getByText('0:03').waitFor();
    assert.ok(await row.getByLabel('Preview: Harbour Theme').getAttribute('src'));
    // A refused file says why.
    const notAudio = harness.path('notes.wav');
    await fs.writeFile(notAudio, 'this is not a sound at all');
    await page.getByLabel('Audio file').setInputFiles(notAudio);
    await page.getByRole('button', { name: 'Upload track' }).click();
    await page.locator('form').getByRole('alert').waitFor();
    assert.equal(await page.locator('li[data-track]').count(), 1);
    await page.reload();
    await row.waitFor();
    await settled(page);
    await checkView(page, 'admin-music', violations);

    // A creator's project offers it.
    const alice = await server.login('alice');
    const project = await server.api('POST', '/api/studio/projects', { token: alice, json: { title: 'Soundtrack test' } });
    const creator = await openPage(suite, browser, { name: 'alice' });
    await signIn(creator, base, 'alice');
    await creator.goto(`${base}/studio/projects/${project.body.id}`);
    await creator.locator('select option', { hasText: 'Harbour Theme · The Testers' }).waitFor({ state: 'attached' });

    acceptNextDialog(page);
    await page.getByRole('button', { name: 'Remove: Harbour Theme' }).click();
    await page.getByText('Removed “Harbour Theme”').waitFor();
    assert.equal(await page.locator('li[data-track]').count(), 0);
    assert.deepEqual((await server.api('GET', '/api/studio/music', { token: alice })).body.items, []);
  });

  await t.test('admin: a fingerprint list with a bad line is refused naming it; a good one is imported, then deleted', async () => {
    const page = state.admin;
    const hashes = Array.from({ length: 3 }, () => randomBytes(32).toString('hex'));
    const bad = harness.path('shared-bad.txt');
    await fs.writeFile(bad, `# from a partner site\n${hashes[0]}\nnot-a-hash\n${hashes[1]}\n`);
    const good = harness.path('shared.txt');
    await fs.writeFile(good, `# from a partner site\n${hashes.join('\n')}\n\n`);
    await page.goto(`${base}/admin/fingerprints`);
    await page.getByText('The blocklist is empty.').waitFor();
    await page.getByLabel('Name of the list').fill('partner');
    await page.getByLabel('Text file of hashes').setInputFiles(bad);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const error = page.locator('form').getByRole('alert');
    await error.getByText('shared-bad.txt: line 3 is not a hash', { exact: false }).waitFor();
    assert.match(await error.textContent(), /Nothing was imported\./);
    const token = await server.login('admin');
    assert.deepEqual((await server.api('GET', '/api/admin/fingerprints/lists', { token })).body.items, []);
    await settled(page);
    await checkView(page, 'admin-fingerprints-error', violations);

    await page.getByLabel('Text file of hashes').setInputFiles(good);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByText("Imported 3 hashes as the list 'partner'").waitFor();
    const row = page.locator('tr[data-list]');
    await row.getByText("the list 'partner'").waitFor();
    assert.equal(await row.locator('td.num').textContent(), '3');
    const lists = (await server.api('GET', '/api/admin/fingerprints/lists', { token })).body.items;
    assert.equal(lists.length, 1);
    const exported = await server.api('GET', `/api/admin/fingerprints/hashes?list=${encodeURIComponent(lists[0].id)}`, { token });
    assert.deepEqual(exported.body.trim().split('\n').sort(), [...hashes].sort());
    assert.equal(await row.getByRole('link', { name: "Export: the list 'partner'" }).getAttribute('href'),
      `/api/admin/fingerprints/hashes?list=${encodeURIComponent(lists[0].id)}`);
    await checkView(page, 'admin-fingerprints', violations);

    acceptNextDialog(page);
    await page.getByRole('button', { name: "Delete: the list 'partner'" }).click();
    await page.getByText("Deleted the list 'partner'").waitFor();
    assert.deepEqual((await server.api('GET', '/api/admin/fingerprints/lists', { token })).body.items, []);
  });

  await t.test('admin: search statistics after some searches; the vocabulary refresh', async () => {
    const page = state.admin;
    const token = await server.login('admin');
    for (const q of ['sunset boats', 'Sunset   BOATS', 'zebra quartz']) {
      assert.equal((await server.api('GET', `/api/search?q=${encodeURIComponent(q)}`)).status, 200);
    }
    await waitFor(async () => {
      const stats = (await server.api('GET', '/api/admin/search/stats', { token })).body;
      return stats.top_queries.some((s) => s.query === 'sunset boats' && s.searches === 2);
    }, { timeoutMs: 30_000, describe: () => 'the searches in the query log' });
    await page.getByRole('button', { name: /Account menu for admin/ }).click();
    await page.locator('.menu-panel').getByRole('link', { name: 'Search statistics' }).click();
    await page.waitForURL(`${base}/admin/search`);
    const top = page.locator('section', { has: page.getByRole('heading', { name: 'Top searches' }) });
    const row = top.locator('tr[data-query="sunset boats"]');
    await row.waitFor();
    assert.deepEqual(await row.locator('td').allTextContents(), ['sunset boats', '2', '2']);
    const zero = page.locator('section', { has: page.getByRole('heading', { name: 'Searches that found nothing' }) });
    await zero.locator('tr[data-query="zebra quartz"]').waitFor();
    await page.getByLabel('Period').selectOption('30');
    await page.waitForURL(`${base}/admin/search?days=30`);
    await row.waitFor();
    await page.getByRole('button', { name: 'Reload the vocabulary now' }).click();
    await page.getByText('Vocabulary and suggestions reloaded').waitFor();
    await settled(page);
    await checkView(page, 'admin-search', violations);
    assert.deepEqual(unexpected(page), []);
  });

  await t.test('no serious or critical accessibility violation in any new view', () => {
    assert.deepEqual(violations, []);
  });
});
