// Buying credits as a Stripe merchant sees it: Marquee creates a Checkout Session through
// Stripe's API (here a local double speaking the documented protocol: form-encoded POST
// /v1/checkout/sessions with the secret key as the bearer) and credits the account only when
// a webhook signed by the real `stripe` package says the session was paid; a replayed,
// tampered, wrongly signed, stale or future-dated delivery changes nothing; a refund and a
// dispute take the credits back.
import assert from 'node:assert/strict';
import http from 'node:http';
import { test } from 'node:test';

import Stripe from 'stripe';

import { Harness } from './support/server.mjs';

const stripe = new Stripe('sk_test_marquee');
const SECRET_OLD = 'whsec_marquee_old';
const SECRET = 'whsec_marquee_current';

// Stripe's Checkout Sessions endpoint, as far as Marquee uses it.
async function startStripeDouble() {
  const sessions = new Map();
  const requests = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      requests.push({ method: req.method, url: req.url, headers: req.headers, body });
      const reply = (status, value) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (req.headers.authorization !== 'Bearer sk_test_marquee') {
        return reply(401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } });
      }
      if (req.method !== 'POST' || req.url !== '/v1/checkout/sessions') {
        return reply(404, { error: { type: 'invalid_request_error', message: 'Unrecognized request URL' } });
      }
      const form = new URLSearchParams(body);
      const key = req.headers['idempotency-key'];
      if (key && sessions.has(key)) return reply(200, sessions.get(key));
      const id = `cs_test_${sessions.size + 1}`;
      const session = {
        id,
        object: 'checkout.session',
        mode: form.get('mode'),
        client_reference_id: form.get('client_reference_id'),
        amount_total: Number(form.get('line_items[0][price_data][unit_amount]')),
        currency: form.get('line_items[0][price_data][currency]'),
        metadata: { pack_id: form.get('metadata[pack_id]'), payment_id: form.get('metadata[payment_id]') },
        success_url: form.get('success_url'),
        url: `https://checkout.stripe.test/pay/${id}`,
        payment_status: 'unpaid',
      };
      sessions.set(key ?? id, session);
      return reply(200, session);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, sessions, requests, base: `http://127.0.0.1:${server.address().port}` };
}

function eventOf(type, object, id) {
  return JSON.stringify({ id, object: 'event', type, created: Math.floor(Date.now() / 1000), data: { object } });
}

function signed(payload, { secret = SECRET, timestamp } = {}) {
  return stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
}

test('credits are bought through Stripe Checkout and its signed webhook, once', async (t) => {
  const double = await startStripeDouble();
  t.after(() => double.server.close());
  const harness = await Harness.create(t, 'marquee-billing');
  const dataDir = await harness.newDataDir();
  await harness.createUser(dataDir, 'buyer', 'user');
  await harness.createUser(dataDir, 'boss', 'admin');
  const server = await harness.startServer(dataDir, [], {
    env: {
      MARQUEE_BILLING_STRIPE_API_BASE: double.base,
      MARQUEE_BILLING_STRIPE_SECRET_KEY: 'sk_test_marquee',
      MARQUEE_BILLING_STRIPE_WEBHOOK_SECRET: `${SECRET_OLD},${SECRET}`,
      MARQUEE_PUBLIC_URL: 'https://videos.example.com',
      MARQUEE_LIMITS_ENABLED: 'false',
    },
  });
  const buyer = await server.login('buyer');
  const boss = await server.login('boss');
  const balance = async () => (await server.api('GET', '/api/me/credits', { token: buyer })).body.balance;

  const pack = await server.api('POST', '/api/admin/credit-packs', {
    token: boss,
    json: { name: 'Starter', credits: 25, amount_cents: 999, currency: 'USD' },
  });
  assert.equal(pack.status, 201, JSON.stringify(pack.body));
  assert.equal(pack.body.currency, 'usd');
  const onSale = await server.api('GET', '/api/billing/packs');
  assert.deepEqual(onSale.body.items.map((p) => p.id), [pack.body.id]);
  assert.equal(await balance(), 1, 'the sign-up credit');

  const checkout = await server.api('POST', '/api/billing/checkout', { token: buyer, json: { pack_id: pack.body.id } });
  assert.equal(checkout.status, 201, JSON.stringify(checkout.body));
  assert.match(checkout.body.checkout_url, /^https:\/\/checkout\.stripe\.test\/pay\/cs_test_/);
  assert.equal(checkout.body.payment.status, 'pending');
  const sent = double.requests.at(-1);
  const form = new URLSearchParams(sent.body);
  assert.equal(form.get('mode'), 'payment');
  assert.equal(form.get('line_items[0][price_data][unit_amount]'), '999');
  assert.equal(form.get('line_items[0][price_data][currency]'), 'usd');
  assert.equal(form.get('metadata[pack_id]'), pack.body.id);
  assert.equal(form.get('success_url'), 'https://videos.example.com/studio/credits?checkout=success');
  assert.equal(sent.headers['idempotency-key'], `marquee-checkout-${checkout.body.payment.id}`);
  const session = [...double.sessions.values()].at(-1);

  // The admin reprices the pack after the buyer checked out: the buyer pays the price asked.
  const repriced = await server.api('PATCH', `/api/admin/credit-packs/${pack.body.id}`, {
    token: boss, json: { amount_cents: 1299 },
  });
  assert.equal(repriced.status, 200);

  // Stripe does not order its events: a refund may come before the payment it refunds is
  // known. It is not acknowledged (so Stripe delivers it again) and changes nothing.
  const early = eventOf('charge.refunded', { id: 'ch_0', object: 'charge', payment_intent: 'pi_test_1', amount: 999,
    amount_refunded: 0 }, 'evt_refund_0');
  const earlyRes = await fetch(server.url('/api/billing/webhook'), {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'Stripe-Signature': signed(early) }, body: early,
  });
  assert.equal(earlyRes.status, 503);

  // Stripe says it was paid.
  const paid = eventOf(
    'checkout.session.completed',
    { ...session, payment_status: 'paid', status: 'complete', payment_intent: 'pi_test_1' },
    'evt_paid_1',
  );
  const sendPaid = async (header) => {
    const res = await fetch(server.url('/api/billing/webhook'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Stripe-Signature': header },
      body: paid,
    });
    return { status: res.status, body: await res.json() };
  };
  // Refused, and nothing changes: a tampered body, another secret, stale, dated ahead.
  const now = Math.floor(Date.now() / 1000);
  for (const [why, header, body] of [
    ['tampered', signed(paid), paid.replace('"amount_total":999', '"amount_total":1')],
    ['wrong secret', signed(paid, { secret: 'whsec_someone_else' }), paid],
    ['stale', signed(paid, { timestamp: now - 301 }), paid],
    ['from the future', signed(paid, { timestamp: now + 301 }), paid],
    ['unsigned', '', paid],
  ]) {
    const res = await fetch(server.url('/api/billing/webhook'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Stripe-Signature': header },
      body,
    });
    assert.equal(res.status, 400, why);
    assert.equal(await balance(), 1, `${why}: no credit`);
  }
  // Genuine (signed with the secret being rotated out): credited once.
  const first = await sendPaid(signed(paid, { secret: SECRET_OLD }));
  assert.equal(first.status, 200, JSON.stringify(first.body));
  assert.equal(first.body.outcome, 'applied');
  assert.equal(await balance(), 26);
  // Replayed, or delivered twice at once: no change.
  const again = await Promise.all([sendPaid(signed(paid)), sendPaid(signed(paid))]);
  for (const res of again) {
    assert.equal(res.status, 200);
    assert.equal(res.body.outcome, 'duplicate');
  }
  assert.equal(await balance(), 26);
  const payment = await server.api('GET', `/api/billing/payments/${checkout.body.payment.id}`, { token: buyer });
  assert.equal(payment.body.status, 'paid');
  const ledger = await server.api('GET', '/api/me/credits', { token: buyer });
  assert.equal(ledger.body.items[0].kind, 'purchase');
  assert.equal(ledger.body.items[0].amount, 25);

  // The early event, delivered again now that the payment is known: applied (a refund of 0).
  const again0 = await fetch(server.url('/api/billing/webhook'), {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'Stripe-Signature': signed(early) }, body: early,
  });
  assert.equal(again0.status, 200);
  assert.equal(await balance(), 26);

  // A session made elsewhere whose amount is not the pack's price credits nothing.
  const cheap = eventOf('checkout.session.completed', { ...session, id: 'cs_other', amount_total: 1, payment_status: 'paid',
    metadata: { pack_id: pack.body.id } }, 'evt_cheap');
  const cheapRes = await fetch(server.url('/api/billing/webhook'), {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'Stripe-Signature': signed(cheap) }, body: cheap,
  });
  assert.equal(cheapRes.status, 422);
  assert.equal(await balance(), 26);

  // A partial refund takes back its share; a dispute the rest (never below zero).
  const refund = eventOf('charge.refunded', { id: 'ch_1', object: 'charge', payment_intent: 'pi_test_1', amount: 999,
    amount_refunded: 400 }, 'evt_refund_1');
  let res = await fetch(server.url('/api/billing/webhook'), {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'Stripe-Signature': signed(refund) }, body: refund,
  });
  assert.equal(res.status, 200);
  assert.equal(await balance(), 26 - 10, '400 of 999 cents: 10 of 25 credits');
  const dispute = eventOf('charge.dispute.created', { id: 'dp_1', object: 'dispute', payment_intent: 'pi_test_1',
    amount: 599 }, 'evt_dispute_1');
  res = await fetch(server.url('/api/billing/webhook'), {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'Stripe-Signature': signed(dispute) }, body: dispute,
  });
  assert.equal(res.status, 200);
  assert.equal(await balance(), 1, 'the pack taken back whole; the sign-up credit stays');
  const disputed = await server.api('GET', `/api/billing/payments/${checkout.body.payment.id}`, { token: buyer });
  assert.equal(disputed.body.status, 'disputed');
  assert.equal(disputed.body.credits_reversed, 25);

  // An event Marquee does not act on is acknowledged, so Stripe stops sending it.
  const other = eventOf('customer.created', { id: 'cus_1' }, 'evt_other');
  res = await fetch(server.url('/api/billing/webhook'), {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'Stripe-Signature': signed(other) }, body: other,
  });
  assert.equal(res.status, 200);
  assert.equal((await res.json()).outcome, 'ignored');
});
