// Clients of Marquee's realtime endpoints for the interop tests: socket.io-client against
// /socket.io/ and the `ws` package against /api/ws, each wrapped so that everything the
// server sends is recorded and every wait is bounded (a wait that runs out names what did
// arrive). Accounts and videos are made over the HTTP API, as a user's app would.
import assert from 'node:assert/strict';

import { io } from 'socket.io-client';
import WebSocket from 'ws';

import { PASSWORD } from './server.mjs';

export const WAIT_MS = 10_000;

// Rejects with `what` when `promise` has not settled within ms.
export function bounded(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function show(value, max = 300) {
  let text;
  if (value instanceof Error) text = `Error(${JSON.stringify(value.message)}${value.data ? `, data ${JSON.stringify(value.data)}` : ''})`;
  else {
    try {
      text = JSON.stringify(value);
    } catch {
      text = String(value);
    }
  }
  return text === undefined ? 'undefined' : text.length > max ? `${text.slice(0, max)}…` : text;
}

// ---- HTTP: accounts, videos, likes ----

function expectStatus(res, status, what) {
  assert.equal(res.status, status, `${what}: answered ${res.status} ${show(res.body, 1000)}`);
  return res.body;
}

// POST /api/auth/register → {token, user}.
export async function register(server, username) {
  const res = await server.api('POST', '/api/auth/register', {
    json: { email: `${username}@example.com`, username, password: PASSWORD },
  });
  const body = expectStatus(res, 201, `POST /api/auth/register ${username}`);
  return { token: body.access_token, user: body.user };
}

// POST /api/auth/login → {token, user}.
export async function signIn(server, login) {
  const res = await server.api('POST', '/api/auth/login', { json: { login, password: PASSWORD } });
  const body = expectStatus(res, 200, `POST /api/auth/login ${login}`);
  return { token: body.access_token, user: body.user };
}

// POST /api/videos → the new video (a draft).
export async function createVideo(server, token, fields = {}) {
  const res = await server.api('POST', '/api/videos', {
    token,
    json: { title: 'Realtime interop', visibility: 'public', ...fields },
  });
  return expectStatus(res, 201, 'POST /api/videos');
}

// POST /api/videos/{id}/like (a toggle) → {liked, likes_count}.
export async function toggleLike(server, token, videoId) {
  const res = await server.api('POST', `/api/videos/${videoId}/like`, { token });
  return expectStatus(res, 200, `POST /api/videos/${videoId}/like`);
}

// PATCH /api/videos/{id} {visibility}.
export async function setVisibility(server, token, videoId, visibility) {
  const res = await server.api('PATCH', `/api/videos/${videoId}`, { token, json: { visibility } });
  return expectStatus(res, 200, `PATCH /api/videos/${videoId} {visibility: ${visibility}}`);
}

// ---- a log of what a client received, with bounded waits on it ----

class Received {
  constructor(name) {
    this.name = name;
    this.entries = []; // {kind, data}
    this.waiters = new Set();
  }

  push(kind, data) {
    this.entries.push({ kind, data, at: Date.now() });
    for (const waiter of [...this.waiters]) waiter();
  }

  // Where the log stands now: pass it as `from` to wait only for what arrives later.
  mark() {
    return this.entries.length;
  }

  since(from = 0) {
    return this.entries.slice(from);
  }

  summary(from = 0) {
    const list = this.since(from);
    if (!list.length) return 'nothing';
    return list
      .slice(-15)
      .map((e) => `${e.kind} ${show(e.data)}`)
      .join('\n    ');
  }

  // The first entry at or after `from` of `kind` whose data satisfies `match`.
  find(kind, match = () => true, from = 0) {
    for (let i = from; i < this.entries.length; i++) {
      const e = this.entries[i];
      if (e.kind === kind && match(e.data)) return e;
    }
    return null;
  }

  wait(kind, match = () => true, { from = 0, timeoutMs = WAIT_MS, what } = {}) {
    return new Promise((resolve, reject) => {
      let timer = null;
      const check = () => {
        const hit = this.find(kind, match, from);
        if (!hit) return false;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(hit.data);
        return true;
      };
      if (check()) return;
      this.waiters.add(check);
      timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(
          new Error(
            `${this.name}: no ${what ?? `'${kind}'`} within ${timeoutMs} ms; received since then:\n    ${this.summary(from)}`,
          ),
        );
      }, timeoutMs);
    });
  }
}

// ---- socket.io-client ----

// A socket.io-client socket (its own Manager: forceNew) whose every event is recorded:
// server events by name, and the client's own `connect`, `connect_error`, `disconnect`,
// plus `engine_open`/`upgrade` (the transport's name) and `reconnect`.
export class SioClient {
  constructor(t, url, options = {}, name = 'socket.io client') {
    this.name = name;
    this.received = new Received(name);
    this.socket = io(url, { forceNew: true, ...options });
    const { socket, received } = this;
    socket.onAny((event, ...args) => received.push(event, args.length > 1 ? args : args[0]));
    socket.on('connect', () => received.push('connect', { id: socket.id, transport: this.transport }));
    socket.on('connect_error', (err) => received.push('connect_error', err));
    socket.on('disconnect', (reason) => received.push('disconnect', reason));
    const watchEngine = () => {
      const engine = socket.io.engine;
      received.push('engine_open', engine.transport.name);
      engine.on('upgrade', (transport) => received.push('upgrade', transport.name));
    };
    socket.io.on('open', watchEngine);
    socket.io.on('reconnect', (attempt) => received.push('reconnect', attempt));
    t.after(() => this.close());
  }

  get transport() {
    return this.socket.io.engine?.transport?.name ?? null;
  }

  wait(kind, match, options) {
    return this.received.wait(kind, match, options);
  }

  mark() {
    return this.received.mark();
  }

  // Resolves once connected; rejects with the connect_error (or a timeout) otherwise. While
  // reconnecting (`retrying`), a connect_error is one failed attempt of several (the server may
  // not listen yet): only `connect`, or the timeout, settles it.
  connected({ timeoutMs = WAIT_MS, from = 0, retrying = false } = {}) {
    if (this.socket.connected && from === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const found = () =>
        this.received.since(from).find((e) => e.kind === 'connect' || (!retrying && e.kind === 'connect_error'));
      let timer = null;
      const check = () => {
        const e = found();
        if (!e) return false;
        this.received.waiters.delete(check);
        clearTimeout(timer);
        if (e.kind === 'connect') resolve(e.data);
        else reject(new Error(`${this.name}: connect_error ${show(e.data)}`));
        return true;
      };
      if (check()) return;
      this.received.waiters.add(check);
      timer = setTimeout(() => {
        this.received.waiters.delete(check);
        reject(new Error(`${this.name}: not connected within ${timeoutMs} ms; received:\n    ${this.received.summary(from)}`));
      }, timeoutMs);
    });
  }

  // Emits `event` with args and resolves with the server's acknowledgement.
  async ack(event, ...args) {
    try {
      return await this.socket.timeout(WAIT_MS).emitWithAck(event, ...args);
    } catch (err) {
      throw new Error(
        `${this.name}: no acknowledgement of ${event} ${show(args)} within ${WAIT_MS} ms (${err.message}); received:\n    ${this.received.summary()}`,
      );
    }
  }

  close() {
    this.socket.disconnect();
  }
}

// Asserts a socket.io acknowledgement is {ok: true, …}.
export function assertAckOk(reply, what) {
  assert.ok(reply && reply.ok === true && !reply.error, `${what}: expected {ok: true}, got ${show(reply)}`);
  return reply;
}

// Asserts a refusal {error: {code, message}} with code among `codes`.
export function assertAckError(reply, codes, what) {
  const wanted = Array.isArray(codes) ? codes : [codes];
  assert.ok(reply && reply.error && typeof reply.error === 'object', `${what}: expected {error: {code, message}}, got ${show(reply)}`);
  assert.ok(reply.ok !== true, `${what}: a refusal must not also say ok: ${show(reply)}`);
  assert.ok(wanted.includes(reply.error.code), `${what}: error code ${show(reply.error.code)}, expected ${wanted.join(' or ')} (${show(reply)})`);
  assert.equal(typeof reply.error.message, 'string', `${what}: the error has a message (${show(reply)})`);
  return reply.error;
}

// ---- ws against /api/ws ----

// A `ws` WebSocket whose frames are recorded: `frame` (parsed JSON; `raw` when not JSON),
// `close` {code, reason}, `error`, `pong` (a protocol-level pong's payload).
export class WsClient {
  constructor(t, url, options = {}, name = 'ws client') {
    this.name = name;
    this.received = new Received(name);
    this.nextId = 1;
    this.ws = new WebSocket(url, { handshakeTimeout: WAIT_MS, ...options });
    const { ws, received } = this;
    this.opened = new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('unexpected-response', (req, res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => reject(new Error(`${name}: the upgrade was refused: HTTP ${res.statusCode} ${body.slice(0, 500)}`)));
        res.on('error', () => reject(new Error(`${name}: the upgrade was refused: HTTP ${res.statusCode}`)));
      });
      ws.once('error', (err) => reject(new Error(`${name}: ${err.message}`)));
    });
    this.opened.catch(() => {});
    ws.on('message', (data, isBinary) => {
      const text = data.toString('utf8');
      let parsed;
      try {
        parsed = JSON.parse(text);
      } catch {
        received.push('raw', { isBinary, text: text.slice(0, 500) });
        return;
      }
      received.push('frame', parsed);
    });
    ws.on('pong', (payload) => received.push('pong', payload.toString('utf8')));
    ws.on('error', (err) => received.push('error', err.message));
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        const info = { code, reason: reason.toString('utf8') };
        received.push('close', info);
        resolve(info);
      });
    });
    t.after(() => this.terminate());
  }

  async open() {
    await bounded(this.opened, WAIT_MS + 1_000, `${this.name} to open`);
    return this;
  }

  send(value) {
    this.ws.send(typeof value === 'string' || Buffer.isBuffer(value) ? value : JSON.stringify(value));
  }

  // A frame of `type` (and matching `match`) at or after `from`.
  frame(type, match = () => true, options = {}) {
    return this.received.wait('frame', (f) => f && f.type === type && match(f), { what: `a '${type}' frame`, ...options });
  }

  // An `event` frame of `event` whose data matches.
  event(event, match = () => true, options = {}) {
    return this.received.wait('frame', (f) => f && f.type === 'event' && f.event === event && match(f.data, f), {
      what: `an event frame '${event}'`,
      ...options,
    });
  }

  mark() {
    return this.received.mark();
  }

  // Sends `message` with a fresh id; resolves with the reply frame carrying that id
  // (ack, error or pong).
  async request(message) {
    const id = this.nextId++;
    const from = this.mark();
    this.send({ ...message, id });
    return this.received.wait('frame', (f) => f && f.id === id && ['ack', 'error', 'pong'].includes(f.type), {
      from,
      what: `a reply to ${show({ ...message, id })}`,
    });
  }

  // Resolves with {code, reason} once closed.
  waitClose(timeoutMs = WAIT_MS) {
    return bounded(this.closed, timeoutMs, `${this.name} to be closed by the server; received:\n    ${this.received.summary()}`);
  }

  terminate() {
    if (this.ws.readyState !== WebSocket.CLOSED) this.ws.terminate();
  }
}

export function assertWsAck(frame, what) {
  assert.equal(frame.type, 'ack', `${what}: expected an ack, got ${show(frame)}`);
  return frame.data;
}

export function assertWsError(frame, codes, what) {
  const wanted = Array.isArray(codes) ? codes : [codes];
  assert.equal(frame.type, 'error', `${what}: expected an error frame, got ${show(frame)}`);
  assert.ok(wanted.includes(frame.code), `${what}: error code ${show(frame.code)}, expected ${wanted.join(' or ')} (${show(frame)})`);
  assert.equal(typeof frame.message, 'string', `${what}: the error frame has a message (${show(frame)})`);
  return frame;
}

// docs/api.md: "Times are RFC 3339 in UTC (2026-11-21T09:02:10.123Z)".
export function assertRfc3339(value, what) {
  assert.ok(
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(value) && !Number.isNaN(Date.parse(value)),
    `${what}: ${show(value)} is not an RFC 3339 UTC time like "2026-11-21T09:02:10.123Z" (docs/api.md)`,
  );
}

// Waits `ms` and asserts that nothing matching arrived in the meantime (from `from`).
export async function assertNothing(received, kind, match, { from, ms = 1_500, what }) {
  await new Promise((resolve) => setTimeout(resolve, ms));
  const hit = received.find(kind, match, from);
  assert.equal(hit, null, `${received.name}: ${what} (got ${hit && show(hit.data)})`);
}

// GET /api/videos/{id}/chat holds exactly the one accepted `message` (`text` by `username`),
// and both times are RFC 3339 (checked last, so a wrong format does not hide the rest).
export async function assertChatHistory(server, videoId, message, text, username) {
  const history = await server.api('GET', `/api/videos/${videoId}/chat`);
  assert.equal(history.status, 200, `GET /api/videos/${videoId}/chat: ${history.status} ${show(history.body)}`);
  const items = Array.isArray(history.body) ? history.body : history.body.items;
  assert.ok(Array.isArray(items), `the chat history lists messages: ${show(history.body)}`);
  assert.deepEqual(
    items.map((m) => [m.id, m.text, m.user?.username]),
    [[message.id, text, username]],
    'the history holds the one accepted message',
  );
  assertRfc3339(message.created_at, 'the chat ack\'s message.created_at');
  assertRfc3339(items[0].created_at, 'GET /api/videos/{id}/chat: created_at');
}

export { show };
