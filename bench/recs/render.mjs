// The tables of the recs section of bench/RESULTS.md, from the JSON `marquee dev recs-bench`
// prints (src/dev/RecsBench.h). Usage: node bench/recs/render.mjs RESULTS.json
import { readFileSync } from 'node:fs';

const r = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const q = r.quality;
const base = q.rankers[0];
const ratio = (x, b) => (b > 0 ? `${(x / b).toFixed(2)}×` : 'n/a');
const pct = (x) => `${(100 * x).toFixed(1)} %`;
const count = (x) => x.toLocaleString('en');
const out = [];

out.push('', '### Quality', '');
out.push(
  `A synthetic world (\`src/dev/TasteWorld.h\`): ${count(q.videos)} videos about ${q.topics} topics ` +
    `(5 subtopics each, made-up words, tags shared between neighbouring topics, generic and noisy tags), ` +
    `${count(q.viewers)} viewers who like 1–3 topics and watch sessions of 8–40 videos ` +
    `(${count(q.training_watches)} watches kept for training). Each viewer's last watch is held out; the query ` +
    `is the video they watched before it (${count(q.queries)} queries). Co-watch is computed from the training ` +
    'watches only. Ratios are to the baseline of the same run.',
);
out.push('', '| ranker | recall@10 | ratio | NDCG@10 | ratio | catalogue coverage |', '|---|---:|---:|---:|---:|---:|');
for (const k of q.rankers) {
  out.push(
    `| ${k.ranker} | ${k.recall_at_10.toFixed(4)} | ${ratio(k.recall_at_10, base.recall_at_10)} | ` +
      `${k.ndcg_at_10.toFixed(4)} | ${ratio(k.ndcg_at_10, base.ndcg_at_10)} | ${pct(k.coverage)} |`,
  );
}
const blend = q.rankers.find((k) => k.ranker === 'blend');
out.push(
  '',
  `**Blend (what \`GET /api/videos/{id}/similar\` serves) / baseline, recall@10: ` +
    `${ratio(blend.recall_at_10, base.recall_at_10)}** (target ≥ 1.5×).`,
  '',
  '- *shared-tags-newest-first*: videos sharing a tag with the query, newest first (PeerTube\'s "similar videos").',
  '- *content*, *co-watch*: `rank_similar` on one signal; *blend*: on both (`src/recs/MatchScore.h`).',
  "- *for-you*: `rank_for_viewer` from the viewer's taste (all their watches but the held-out one); the served " +
    'feed adds recent uploads and the exploration term, which this leaves out.',
);
const m = q.blend_match;
const row = (name, s) => `| ${name} | ${count(s.items)} | ${s.median} | ${pct(s.shown)} | ${pct(s.at_90)} |`;
out.push('', 'The match of what the blend shows, by how the shown video relates to the query:', '');
out.push('| shown video | items | median match | shown as a % (≥ 50) | ≥ 90 |', '|---|---:|---:|---:|---:|');
out.push(row('same subtopic', m.same_subtopic), row('same topic, other subtopic', m.same_topic), row('other topic', m.other_topic));

const l = r.latency;
if (l) {
  const us = (x) => (x >= 1000 ? `${(x / 1000).toFixed(2)} ms` : `${x.toFixed(0)} µs`);
  out.push('', '### Similar videos: latency, build, memory', '');
  out.push(
    `${count(l.videos)} generated videos (${count(Math.max(40, Math.floor(l.videos / 500)))} topics), ` +
      `${l.dimensions}-dimension content vectors (generated in ${l.generate_s} s), HNSW M=${l.hnsw.m}, ` +
      `ef_construction=${l.hnsw.ef_construction}, ef_search=${l.hnsw.ef_search} (the server's), built on ` +
      `${l.threads} threads. ${l.queries} random queries; the exact search for the first ${l.exact_queries} of them.`,
  );
  out.push('', '| | p50 | p99 | p50 ratio to exact |', '|---|---:|---:|---:|');
  const line = (name, t) => `| ${name} | ${us(t.p50)} | ${us(t.p99)} | ${(t.p50 / l.exact_us.p50).toFixed(4)} |`;
  out.push(line('HNSW, 10 nearest', l.hnsw_search_us));
  out.push(line('rank_similar, 20 (60 nearest + merge + sort: a similar request without its row reads)', l.similar_us));
  out.push(line('exact brute force (every cosine, best 10)', l.exact_us));
  out.push(
    '',
    `- HNSW recall@10 against the exact search: **${l.recall_at_10}** (target ≥ 0.95)`,
    `- Build: **${l.build_s} s**; index memory ${l.index_mib} MiB (graph, vectors, facts; the process grew by ` +
      `${l.resident_growth_mib} MiB while building)`,
  );
}
console.log(out.join('\n'));
