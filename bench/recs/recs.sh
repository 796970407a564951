# shellcheck shell=bash
# The recommendations bench (issue 12): quality of similar videos and for-you against the
# shared-tags-newest-first baseline on a synthetic world with planted tastes, and the latency
# of similar videos (HNSW) against exact brute force on a large catalogue, all measured by
# `marquee dev recs-bench` in one run (in memory, with the server's ranking code). Sourced by
# scripts/bench, whose helpers it uses (log, die, make_tmp, cpu_mark, cpu_others, write_section).
# bench/recs/render.mjs turns the JSON into the RESULTS.md section.
#
#   scripts/bench recs [--videos 20000] [--topics 40] [--viewers 5000] [--seed 1]
#                      [--latency-videos 1000000] [--latency-queries 1000] [--exact-queries 100]

bench_recs() {
  local videos=20000 topics=40 viewers=5000 seed=1 latency_videos=1000000 latency_queries=1000 exact_queries=100
  while [ $# -gt 0 ]; do
    case "$1" in
      --videos) videos=$2; shift 2 ;;
      --topics) topics=$2; shift 2 ;;
      --viewers) viewers=$2; shift 2 ;;
      --seed) seed=$2; shift 2 ;;
      --latency-videos) latency_videos=$2; shift 2 ;;
      --latency-queries) latency_queries=$2; shift 2 ;;
      --exact-queries) exact_queries=$2; shift 2 ;;
      *) die "recs: unknown option $1" ;;
    esac
  done
  local n
  for n in "$videos" "$topics" "$viewers" "$seed" "$latency_videos" "$latency_queries" "$exact_queries"; do
    [[ "$n" =~ ^[0-9]+$ ]] || die "recs: options take whole numbers"
  done
  [ -n "${MARQUEE_BENCH_BIN:-}" ] || "$root/scripts/build" release marquee
  [ -x "$marquee_bin" ] || die "no $marquee_bin after scripts/build release"
  command -v node >/dev/null || die "node is not installed (scripts/setup installs it)"

  local work mark others load_start cmd commit cpu
  make_tmp work
  cmd="scripts/bench recs --videos $videos --topics $topics --viewers $viewers --seed $seed"
  cmd="$cmd --latency-videos $latency_videos --latency-queries $latency_queries --exact-queries $exact_queries"
  # The commit measured: read before the run, which takes minutes.
  commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
  if [ -n "$(git -C "$root" status --porcelain 2>/dev/null | head -n1)" ]; then commit="$commit (with uncommitted changes)"; fi
  log "recs: quality on $videos videos and $viewers viewers, latency on $latency_videos videos (minutes at 1,000,000)"
  load_start=$(cut -d' ' -f1 /proc/loadavg)
  cpu_mark mark
  "$marquee_bin" dev recs-bench --videos "$videos" --topics "$topics" --viewers "$viewers" --seed "$seed" \
    --latency-videos "$latency_videos" --latency-queries "$latency_queries" --exact-queries "$exact_queries" \
    >"$work/recs.json" || die "marquee dev recs-bench failed"
  cpu_others mark others
  log "recs: $(cat "$work/recs.json")"

  cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
  {
    echo "## recs: recommendation quality vs shared-tags-newest-first, similar videos vs brute force"
    echo
    echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "- Machine: $(nproc) CPUs ($cpu), $(uname -sr), $(awk '/^MemTotal/ { printf "%.1f GiB RAM", $2 / 1048576 }' /proc/meminfo)"
    echo "- Load average (1 min) at start and end: $load_start, $(cut -d' ' -f1 /proc/loadavg); other work on the machine during the run: $others"
    echo "- Marquee: ${marquee_bin#"$root"/} at $commit (\`marquee dev recs-bench\`: the server's own code for content"
    echo "  vectors, the HNSW index, co-watch and the rankings, in memory)"
    echo "- Command: \`$cmd\`"
    node "$root/bench/recs/render.mjs" "$work/recs.json"
  } >"$work/section.md"
  cat "$work/section.md"
  write_section recs "$work/section.md"
}
