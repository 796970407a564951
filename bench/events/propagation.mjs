// How long a change made through one Marquee node takes to reach another node's cache:
// node B caches video metadata for a minute, so only the event bus explains B seeing a
// change sooner. Each round renames a public video through node A and polls node B (every
// 1 ms) until it shows the new title; prints one JSON line of latency figures in ms.
//
//   node propagation.mjs A_BASE B_BASE TOKEN ROUNDS
const [a, b, token, roundsText] = process.argv.slice(2);
const rounds = Number(roundsText || 200);
if (!a || !b || !token || !(rounds > 0 && rounds <= 5000)) {
  console.error('usage: node propagation.mjs A_BASE B_BASE TOKEN ROUNDS (1-5000)');
  process.exit(2);
}
const auth = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };

async function json(url, init) {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`${init?.method || 'GET'} ${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

const video = await json(`${a}/api/videos`, {
  method: 'POST', headers: auth, body: JSON.stringify({ title: 'round 0', visibility: 'public' }),
});
const path = `/api/videos/${video.id}`;
await json(`${b}${path}`);  // now in B's cache

const latencies = [];
const deadlineMs = 10_000;  // a round that takes this long has missed its event: counted, not waited for
let missed = 0;
for (let round = 1; round <= rounds; round++) {
  const title = `round ${round}`;
  await json(`${a}${path}`, { method: 'PATCH', headers: auth, body: JSON.stringify({ title }) });
  const changed = performance.now();
  for (;;) {
    const seen = await json(`${b}${path}`);
    const elapsed = performance.now() - changed;
    if (seen.title === title) {
      latencies.push(elapsed);
      break;
    }
    if (elapsed > deadlineMs) {
      missed++;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}
latencies.sort((x, y) => x - y);
const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
console.log(JSON.stringify({
  rounds, seen: latencies.length, missed,
  p50_ms: +at(0.5).toFixed(2), p99_ms: +at(0.99).toFixed(2), max_ms: +latencies[latencies.length - 1].toFixed(2),
}));
