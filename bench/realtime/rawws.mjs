// A bare RFC 6455 client on node:net for the bench's receivers: the handshake, unmasked
// server frames (text, binary, close, ping, pong; fragmented messages joined) and masked
// client frames. It does only what `ws` does for these clients, at a fraction of the CPU
// per received frame: 10,000 receivers share the machine's cores with the server under
// test, and every microsecond they spend per delivery is added to the latency measured.
// Same surface as the part of `ws` RtClient uses: send(text), close(), terminate(), pause(),
// resume(), readyState, bufferedAmount, events 'open', 'message' (string, isBinary), 'close' (code,
// reason), 'error'.
import { EventEmitter } from 'node:events';
import { connect } from 'node:net';
import { randomBytes, createHash } from 'node:crypto';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 3;
const readBuffer = Buffer.allocUnsafe(256 * 1024);

export class RawWebSocket extends EventEmitter {
  static OPEN = OPEN;

  constructor(url, { handshakeTimeout = 30000 } = {}) {
    super();
    const u = new URL(url);
    this.readyState = CONNECTING;
    this.buf = null; // unparsed bytes
    this.fragments = null; // [opcode, ...Buffers] of a fragmented message
    this.key = randomBytes(16).toString('base64');
    // onread: reads land in one buffer shared by every socket of the process and come to
    // the callback directly, without a Readable stream and its 'data' events per read.
    // Whatever is left unparsed is copied out (#frames, #handshake).
    this.sock = connect({
      host: u.hostname,
      port: Number(u.port) || 80,
      onread: {
        buffer: readBuffer,
        callback: (n, buf) => {
          const chunk = buf.subarray(0, n);
          if (this.readyState === OPEN) this.#frames(chunk);
          else if (this.readyState === CONNECTING) this.#handshake(chunk);
        },
      },
    });
    this.sock.setNoDelay(true);
    this.timer = setTimeout(() => this.#fail(new Error('handshake timed out')), handshakeTimeout);
    this.sock.on('connect', () => {
      this.sock.write(
        `GET ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${this.key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
    this.sock.on('error', (e) => this.#fail(e));
    this.sock.on('close', () => this.#closed(1006, ''));
  }

  get bufferedAmount() {
    return this.sock.writableLength;
  }

  #fail(e) {
    if (this.readyState === CLOSED) return;
    this.emit('error', e);
    this.terminate();
  }

  #closed(code, reason) {
    clearTimeout(this.timer);
    if (this.readyState === CLOSED) return;
    this.readyState = CLOSED;
    this.sock.destroy();
    this.emit('close', code, reason);
  }

  #handshake(chunk) {
    this.buf = this.buf ? Buffer.concat([this.buf, chunk]) : Buffer.from(chunk);
    const end = this.buf.indexOf('\r\n\r\n');
    if (end < 0) {
      if (this.buf.length > 16384) this.#fail(new Error('handshake response too large'));
      return;
    }
    const head = this.buf.toString('latin1', 0, end);
    const rest = this.buf.subarray(end + 4);
    this.buf = null;
    const status = /^HTTP\/1\.1 (\d+)/.exec(head);
    if (!status || status[1] !== '101') return this.#fail(new Error(`Unexpected server response: ${status ? status[1] : head.slice(0, 40)}`));
    const accept = /\r\nsec-websocket-accept:\s*(\S+)/i.exec(head);
    const want = createHash('sha1').update(this.key + GUID).digest('base64');
    if (!accept || accept[1] !== want) return this.#fail(new Error('bad Sec-WebSocket-Accept'));
    clearTimeout(this.timer);
    this.readyState = OPEN;
    this.emit('open');
    if (rest.length) this.#frames(rest);
  }

  #frames(chunk) {
    let b = this.buf ? Buffer.concat([this.buf, chunk]) : chunk;
    this.buf = null;
    let at = 0;
    while (this.readyState === OPEN) {
      if (b.length - at < 2) break;
      const b0 = b[at];
      const b1 = b[at + 1];
      if (b1 & 0x80) return this.#fail(new Error('masked frame from the server'));
      let len = b1 & 0x7f;
      let head = 2;
      if (len === 126) {
        if (b.length - at < 4) break;
        len = b.readUInt16BE(at + 2);
        head = 4;
      } else if (len === 127) {
        if (b.length - at < 10) break;
        len = Number(b.readBigUInt64BE(at + 2));
        head = 10;
      }
      if (len > 64 * 1024 * 1024) return this.#fail(new Error('frame too large'));
      if (b.length - at < head + len) break;
      const start = at + head;
      const end = start + len;
      at = end;
      this.#frame(b0 & 0x80, b0 & 0x0f, b, start, end);
    }
    if (at < b.length && this.readyState === OPEN) this.buf = Buffer.from(b.subarray(at)); // a copy: b may be the shared read buffer
  }

  #frame(fin, opcode, b, start, end) {
    switch (opcode) {
      case 0x1:
      case 0x2:
        if (fin) this.emit('message', opcode === 1 ? b.toString('utf8', start, end) : b.subarray(start, end), opcode === 2);
        else this.fragments = [opcode, Buffer.from(b.subarray(start, end))];
        return;
      case 0x0: {
        if (!this.fragments) return this.#fail(new Error('continuation without a start'));
        this.fragments.push(Buffer.from(b.subarray(start, end)));
        if (!fin) return;
        const [op, ...parts] = this.fragments;
        this.fragments = null;
        const whole = Buffer.concat(parts);
        this.emit('message', op === 1 ? whole.toString('utf8') : whole, op === 2);
        return;
      }
      case 0x8: {
        const code = end - start >= 2 ? b.readUInt16BE(start) : 1005;
        const reason = end - start > 2 ? b.toString('utf8', start + 2, end) : '';
        this.#write(0x8, b.subarray(start, Math.min(end, start + 2)));
        this.#closed(code, reason);
        return;
      }
      case 0x9:
        this.#write(0xa, b.subarray(start, end));
        return;
      case 0xa:
        return;
      default:
        this.#fail(new Error(`unknown opcode ${opcode}`));
    }
  }

  #write(opcode, payload) {
    const len = payload.length;
    const head = len < 126 ? 6 : len < 65536 ? 8 : 14;
    const frame = Buffer.allocUnsafe(head + len);
    frame[0] = 0x80 | opcode;
    if (len < 126) frame[1] = 0x80 | len;
    else if (len < 65536) {
      frame[1] = 0x80 | 126;
      frame.writeUInt16BE(len, 2);
    } else {
      frame[1] = 0x80 | 127;
      frame.writeBigUInt64BE(BigInt(len), 2);
    }
    const mask = randomBytes(4);
    mask.copy(frame, head - 4);
    for (let i = 0; i < len; i++) frame[head + i] = payload[i] ^ mask[i & 3];
    this.sock.write(frame);
  }

  send(text) {
    if (this.readyState !== OPEN) throw new Error('not open');
    this.#write(0x1, Buffer.from(text, 'utf8'));
  }

  close() {
    if (this.readyState !== OPEN) return this.terminate();
    this.#write(0x8, Buffer.from([0x03, 0xe8]));
    this.sock.end();
  }

  pause() {
    this.sock.pause(); // stops reading: what arrives waits in the kernel's receive buffer
  }

  resume() {
    this.sock.resume();
  }

  terminate() {
    this.#closed(1006, '');
  }
}
