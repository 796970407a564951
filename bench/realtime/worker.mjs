// A receiver process for scripts/bench realtime, forked by realtime.mjs (its own process, so
// its own 20,000 file descriptors and its own core). Holds many RtClients and records, for
// every bench chat message they receive, the delivery latency: arrival minus the send time
// carried in the text (both process.hrtime, CLOCK_MONOTONIC, one clock for the machine).
//
// IPC commands (process.send replies carry the same `cmd`):
//   {cmd:'open', kind, base, count, rooms, offset, concurrency, deadlineMs, transport ('raw' or 'ws')}
//        client i (0-based here) joins rooms[(offset + i) % rooms.length]
//        → {connected, failed, errors, ms, perRoom: {room: connected}}
//   {cmd:'pause', every} → {reading}: all clients but one in `every` stop reading their sockets
//   {cmd:'resume'} → {}
//   {cmd:'counts'} → {fanout, sampled, sampled_timed, sustain, duplicates, cpu_s (this process's CPU time), closed, events}
//   {cmd:'report'} → {fanout: {seq: [ms…]}, sampled: {seq: [ms…]}, sustain: [ms…]}
//   {cmd:'close'}  → {} and exits
import { openMany } from './client.mjs';

let clients = [];
const counts = { fanout: 0, sampled: 0, sampled_timed: 0, sustain: 0, duplicates: 0 };
const fanout = new Map(); // seq -> latencies (ms)
const sampled = new Map(); // seq -> latencies (ms) of the clients still reading during the sampled burst
let sustain = new Float64Array(1 << 16);
let sustainN = 0;

function record(map, seq, ms) {
  let list = map.get(seq);
  if (!list) map.set(seq, (list = []));
  list.push(ms);
}

function onChatFor(client) {
  const lastSeq = new Map(); // sender -> last sustain seq (one sender's messages to one room are in order)
  return (at, phase, sender, seq, sentUs) => {
    const ms = (at - sentUs) / 1000;
    if (phase === 'fanout') {
      counts.fanout++;
      record(fanout, seq, ms);
    } else if (phase === 'sampled') {
      // Clients paused during the burst read their copies afterwards: counted, not timed.
      counts.sampled++;
      if (!client.untimed) {
        counts.sampled_timed++;
        record(sampled, seq, ms);
      }
    } else if (phase === 'sustain') {
      const last = lastSeq.get(sender);
      if (last !== undefined && seq <= last) {
        counts.duplicates++;
        return;
      }
      lastSeq.set(sender, seq);
      counts.sustain++;
      if (sustainN === sustain.length) {
        const bigger = new Float64Array(sustain.length * 2);
        bigger.set(sustain);
        sustain = bigger;
      }
      sustain[sustainN++] = ms;
    }
  };
}

const handlers = {
  async open({ kind, base, count, rooms, offset, concurrency, deadlineMs, transport }) {
    const { clients: opened, failed, errors, ms } = await openMany(kind, base, count, (i) => rooms[(offset + i) % rooms.length], {
      concurrency,
      deadlineMs,
      transport,
      onChat: null,
    });
    const perRoom = {};
    for (const c of opened) {
      c.onChat = onChatFor(c);
      perRoom[c.room] = (perRoom[c.room] || 0) + 1;
    }
    clients = clients.concat(opened);
    return { connected: opened.length, failed, errors, ms, perRoom };
  },
  counts() {
    const cpu = process.cpuUsage();
    return { ...counts, cpu_s: (cpu.user + cpu.system) / 1e6, closed: clients.filter((c) => c.closed).length, events: clients.reduce((n, c) => n + c.events, 0) };
  },
  // Pause every client but one in `every` (by index in this process); returns how many still read.
  pause({ every }) {
    let reading = 0;
    clients.forEach((c, i) => {
      c.untimed = i % every !== 0; // stays set after resume: their copies arrive late
      if (c.untimed) {
        c.paused = true;
        c.pause();
      } else reading++;
    });
    return { reading };
  },
  resume() {
    for (const c of clients) {
      if (c.paused) c.resume();
      c.paused = false;
    }
    return {};
  },
  report() {
    return { fanout: Object.fromEntries(fanout), sampled: Object.fromEntries(sampled), sustain: Array.from(sustain.subarray(0, sustainN), (v) => Math.round(v * 1000) / 1000) };
  },
  close() {
    for (const c of clients) c.close();
    clients = [];
    setTimeout(() => process.exit(0), 100);
    return {};
  },
};

process.on('message', async (msg) => {
  try {
    const reply = await handlers[msg.cmd](msg);
    process.send({ cmd: msg.cmd, ok: true, ...reply });
  } catch (e) {
    process.send({ cmd: msg.cmd, ok: false, error: String(e.stack || e) });
  }
});
process.on('disconnect', () => process.exit(0));
