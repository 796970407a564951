// Minimal realtime clients for scripts/bench realtime (no socket.io-client: 10,000 of them
// have to fit in a process or two, and what is measured is the server), over `ws` (senders)
// or rawws.mjs (receivers: a bare RFC 6455 client with less CPU per received frame).
//
//   kind 'sio': Engine.IO v4 over a websocket only (ws://HOST/socket.io/?EIO=4&transport=websocket),
//               Socket.IO v5 namespace '/': open packet `0{…}`, CONNECT `40` or `40{"token":…}`,
//               `40{"sid":…}` back (or `44{…}`, CONNECT_ERROR); server pings `2` answered with `3`;
//               events `42["name",data]`, with an ack id `42N["name",data]` answered by `43N[data]`.
//   kind 'ws':  Marquee's /api/ws (ws://HOST/api/ws[?access_token=T]): `{"type":"hello",…}` on
//               connect; `{"type":"subscribe","room":…,"id":N}` and `{"type":"chat",…,"id":N}`
//               answered by `{"type":"ack","id":N,"data":…}` or `{"type":"error","id":N,…}`;
//               events `{"type":"event","event":…,"room":…,"data":…}`. WebSocket pings are
//               answered by `ws` itself.
//
// The chat texts the bench sends carry their send time: "rt PHASE SENDER SEQ MICROS", MICROS
// being process.hrtime (CLOCK_MONOTONIC, one clock for every process on the machine) in µs.
import WebSocket from 'ws';
import { RawWebSocket } from './rawws.mjs';

export const nowUs = () => Number(process.hrtime.bigint() / 1000n);

const textRe = /"text"\s*:\s*"rt (\w+) (\d+) (\d+) (\d+)"/;

// onChat(atUs, phase, sender, seq, sentUs) for every chat_message carrying a bench text.
export class RtClient {
  // transport 'ws' (the ws package: the senders) or 'raw' (rawws.mjs: the receivers).
  constructor(kind, base, { token = null, onChat = null, timeoutMs = 30000, transport = 'ws' } = {}) {
    this.kind = kind;
    this.transport = transport;
    this.base = base.replace(/^http/, 'ws');
    this.token = token;
    this.onChat = onChat;
    this.timeoutMs = timeoutMs;
    this.nextAck = 1;
    this.pending = new Map(); // ack id -> {resolve, reject, timer}
    this.ws = null;
    this.closed = false;
    this.events = 0; // every event received (chat_message and any other)
  }

  connect() {
    return new Promise((resolve, reject) => {
      let url;
      if (this.kind === 'sio') url = `${this.base}/socket.io/?EIO=4&transport=websocket`;
      else url = `${this.base}/api/ws${this.token ? `?access_token=${encodeURIComponent(this.token)}` : ''}`;
      let done = false;
      const finish = (err) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        if (err) {
          this.close();
          reject(err);
        } else resolve(this);
      };
      const timer = setTimeout(() => finish(new Error('connect timed out')), this.timeoutMs);
      const ws =
        this.transport === 'raw'
          ? new RawWebSocket(url, { handshakeTimeout: this.timeoutMs })
          : new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: this.timeoutMs });
      this.ws = ws;
      ws.on('error', (e) => finish(e));
      ws.on('close', (code, reason) => {
        this.closed = true;
        finish(new Error(`closed ${code} ${reason}`));
        for (const p of this.pending.values()) {
          clearTimeout(p.timer);
          p.reject(new Error(`closed ${code}`));
        }
        this.pending.clear();
      });
      ws.on('message', (data, isBinary) => {
        const at = nowUs();
        if (isBinary) return;
        const s = typeof data === 'string' ? data : data.toString();
        if (this.kind === 'sio') this.#sio(s, at, finish);
        else this.#ws(s, at, finish);
      });
    });
  }

  #sio(s, at, finish) {
    switch (s[0]) {
      case '0': // Engine.IO open: CONNECT to namespace '/'
        this.ws.send(this.token ? `40${JSON.stringify({ token: this.token })}` : '40');
        return;
      case '2': // ping
        this.ws.send('3');
        return;
      case '1': // close
        this.ws.close();
        return;
      case '4':
        break;
      default:
        return;
    }
    const t = s[1];
    if (t === '2') {
      this.events++;
      if (this.onChat && s.includes('"chat_message"')) this.#chatRaw(s, at);
    } else if (t === '3') {
      let i = 2;
      while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
      const id = Number(s.slice(2, i));
      const p = this.pending.get(id);
      if (!p) return;
      this.pending.delete(id);
      clearTimeout(p.timer);
      const [reply] = JSON.parse(s.slice(i));
      if (reply && reply.error) p.reject(Object.assign(new Error(reply.error.message || reply.error.code), reply.error));
      else p.resolve(reply);
    } else if (t === '0') finish(null);
    else if (t === '4') finish(new Error(`CONNECT_ERROR ${s.slice(2)}`));
    else if (t === '1') this.ws.close();
  }

  #ws(s, at, finish) {
    // The hot path, a chat_message event: found in the raw text, not parsed.
    if (this.onChat && s.includes('"chat_message"') && s.includes('"event"') && this.#chatRaw(s, at)) {
      this.events++;
      return;
    }
    const m = JSON.parse(s);
    switch (m.type) {
      case 'event':
        this.events++;
        if (this.onChat && m.event === 'chat_message') this.#chatRaw(s, at);
        return;
      case 'ack':
      case 'error': {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        clearTimeout(p.timer);
        if (m.type === 'ack') p.resolve(m.data);
        else p.reject(Object.assign(new Error(`${m.code}: ${m.message}`), { code: m.code }));
        return;
      }
      case 'hello':
        finish(null);
        return;
      default:
    }
  }

  // A chat_message frame: the bench text is found in the raw frame (no JSON.parse: 10,000
  // of these per message share a core or two with the server under test).
  #chatRaw(s, at) {
    const m = textRe.exec(s);
    if (m) this.onChat(at, m[1], Number(m[2]), Number(m[3]), Number(m[4]));
    return m !== null;
  }

  // request('join', 'video:ID') / request('chat', {video_id, text}): resolves with the ack's data.
  request(what, arg) {
    return new Promise((resolve, reject) => {
      if (this.closed || !this.ws || this.ws.readyState !== 1 /* OPEN */) return reject(new Error('not open'));
      const id = this.nextAck++;
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${what} timed out`));
      }, this.timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      if (this.kind === 'sio') {
        const event = what === 'chat' ? 'chat_message' : what;
        this.ws.send(`42${id}${JSON.stringify([event, arg])}`);
      } else if (what === 'join') this.ws.send(JSON.stringify({ type: 'subscribe', room: arg, id }));
      else if (what === 'chat') this.ws.send(JSON.stringify({ type: 'chat', video_id: arg.video_id, text: arg.text, id }));
      else reject(new Error(`unknown request ${what}`));
    });
  }

  join(room) {
    return this.request('join', room);
  }

  chat(videoId, text) {
    return this.request('chat', { video_id: videoId, text });
  }

  // Stop / start reading from the socket (the server's frames wait in the kernel meanwhile).
  pause() {
    this.ws?.pause();
  }

  resume() {
    this.ws?.resume();
  }

  bufferedAmount() {
    return this.ws ? this.ws.bufferedAmount : 0;
  }

  close() {
    this.closed = true;
    if (this.ws) {
      try {
        this.ws.terminate();
      } catch {
        // already gone
      }
    }
  }
}

// Opens `count` clients with at most `concurrency` handshakes in flight, each joining
// roomFor(i); up to 3 attempts each. Resolves {clients, failed, errors (a few messages), ms}.
export async function openMany(kind, base, count, roomFor, { token = null, onChat = null, concurrency = 100, deadlineMs = 180000, transport = 'raw' } = {}) {
  const started = Date.now();
  const clients = [];
  const errors = new Map();
  let next = 0;
  const one = async (i) => {
    for (let attempt = 1; ; attempt++) {
      const c = new RtClient(kind, base, { token, onChat, transport });
      c.room = roomFor(i);
      try {
        await c.connect();
        await c.join(c.room);
        return c;
      } catch (e) {
        c.close();
        const key = String(e.message || e).slice(0, 120);
        errors.set(key, (errors.get(key) || 0) + 1);
        if (attempt >= 3 || Date.now() - started > deadlineMs) return null;
        await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    }
  };
  const lane = async () => {
    while (next < count && Date.now() - started <= deadlineMs) {
      const i = next++;
      const c = await one(i);
      if (c) clients.push(c);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return { clients, failed: count - clients.length, errors: [...errors].map(([m, n]) => `${n}× ${m}`).slice(0, 5), ms: Date.now() - started };
}
