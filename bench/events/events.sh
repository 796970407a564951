# shellcheck shell=bash
# The domain events bench (issue 10): how fast a change on one node reaches another node's
# cache through PostgreSQL LISTEN/NOTIFY, and what the bus costs a hot write path (likes),
# measured against the same node with the in-process bus in the same run. Sourced by
# scripts/bench, whose helpers it uses (log, die, make_tmp, free_port, wait_http, run_wrk,
# stop_pid, write_section, pids).
#
#   scripts/bench events [--rounds 200] [--duration 10s] [--connections 16] [--repeat 2]

ev_dir="$root/bench/events"
ev_jwt="bench-events-jwt-key-0123456789abcdef"

# ev_start VAR_PID VAR_BASE LOG ARGS…: a release node on PostgreSQL, waited for.
ev_start() {
  local -n pid_var=$1 base_var=$2
  local log_file=$3 port
  shift 3
  port=$(free_port)
  MARQUEE_AUTH_ARGON2_OPS=1 MARQUEE_AUTH_ARGON2_MEM_KIB=8 MARQUEE_LOG_LEVEL=warn MARQUEE_AUTH_JWT_SECRET=$ev_jwt \
    "$marquee_bin" serve --listen "127.0.0.1:$port" --database "$MARQUEE_TEST_POSTGRES_URL" "$@" >"$log_file" 2>&1 &
  pid_var=$!
  pids+=("$pid_var")
  base_var="http://127.0.0.1:$port"
  wait_http "$base_var/api/ready" "$pid_var" "$log_file"
}

# ev_token BASE NAME: registers NAME and prints its access token.
ev_token() {
  local reg
  reg=$(curl -fsS --max-time 10 -H 'Content-Type: application/json' -X POST "$1/api/auth/register" \
    -d "{\"email\":\"$2@example.com\",\"username\":\"$2\",\"password\":\"bench-password-1\"}") || die "register $2 failed"
  json_field access_token <<<"$reg"
}

# One run under scripts/with-postgres: writes $1.propagation (JSON) and $1.likes (TSV rows
# round bus rps p50 p99 errors).
events_block() {
  local out=$1 work apid bpid abase bbase token
  make_tmp work
  [ -n "${MARQUEE_TEST_POSTGRES_URL:-}" ] || die "MARQUEE_TEST_POSTGRES_URL is not set (run under scripts/with-postgres)"

  log "propagation: node A (api and workers) and node B (api), video cache ttl 60 s on both"
  ev_start apid abase "$work/a.log" --data-dir "$work/a" --cache-video-ttl-ms 60000
  ev_start bpid bbase "$work/b.log" --data-dir "$work/b" --role api --cache-video-ttl-ms 60000
  token=$(ev_token "$abase" prop)
  node "$ev_dir/propagation.mjs" "$abase" "$bbase" "$token" "$ev_rounds" >"$out.propagation" ||
    die "propagation run failed"
  log "  $(cat "$out.propagation")"
  stop_pid "$bpid"
  stop_pid "$apid"

  : >"$out.likes"
  local round bus pid base video row n=0
  for ((round = 1; round <= ev_repeat; round++)); do
    # Alternate which bus goes first, so neither always meets a warmer or colder machine.
    local order=(in_process postgres)
    ((round % 2 == 0)) && order=(postgres in_process)
    for bus in "${order[@]}"; do
      n=$((n + 1))
      ev_start pid base "$work/like-$n.log" --data-dir "$work/like-$n" --events-bus "$bus"
      token=$(ev_token "$base" "liker$n")
      video=$(curl -fsS --max-time 10 -H 'Content-Type: application/json' -H "Authorization: Bearer $token" \
        -X POST "$base/api/videos" -d '{"title":"liked","visibility":"public"}' | json_field id)
      [ -n "$video" ] || die "creating the liked video failed"
      MARQUEE_BENCH_TOKEN=$token run_wrk "$base/api/videos/$video/like" "$ev_connections" 2s -s "$ev_dir/like.lua" >/dev/null
      log "likes, round $round/$ev_repeat, events.bus = $bus, $ev_connections connections, $duration"
      row=$(MARQUEE_BENCH_TOKEN=$token run_wrk "$base/api/videos/$video/like" "$ev_connections" "$duration" \
        -s "$ev_dir/like.lua")
      printf '%s\t%s\t%s\n' "$round" "$bus" "$row" >>"$out.likes"
      log "  $(cut -f1-3 <<<"$row" | awk -F'\t' '{ printf "%s req/s, p50 %s ms, p99 %s ms", $1, $2, $3 }')"
      stop_pid "$pid"
    done
  done
}

render_events_section() { # render_events_section OUT_PREFIX COMMAND
  local out=$1 cmd=$2 commit
  commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
  if [ -n "$(git -C "$root" status --porcelain 2>/dev/null | head -n1)" ]; then commit="$commit (with uncommitted changes)"; fi
  local prop p50 p99 max missed rounds
  prop=$(cat "$out.propagation")
  p50=$(sed -n 's/.*"p50_ms":\([0-9.]*\).*/\1/p' <<<"$prop")
  p99=$(sed -n 's/.*"p99_ms":\([0-9.]*\).*/\1/p' <<<"$prop")
  max=$(sed -n 's/.*"max_ms":\([0-9.]*\).*/\1/p' <<<"$prop")
  missed=$(sed -n 's/.*"missed":\([0-9]*\).*/\1/p' <<<"$prop")
  rounds=$(sed -n 's/.*"rounds":\([0-9]*\).*/\1/p' <<<"$prop")
  cat <<EOF2
## events: cross-node cache invalidation and the cost of the PostgreSQL bus

- Date: $(date -u '+%Y-%m-%d %H:%M UTC')
- Machine: $(nproc) CPUs, $(uname -sr); PostgreSQL 15 from scripts/with-postgres on the same cores
- Marquee: ${marquee_bin#"$root"/} at $commit
- Command: \`$cmd\`
- **Propagation**: two nodes on one PostgreSQL (A serves and runs workers, B serves), both
  caching video metadata for 60 s. $rounds times: rename a public video through A, then poll
  B every 1 ms until it shows the new title (bench/events/propagation.mjs). Anything faster
  than the 60 s cache is the \`video.changed\` event arriving over LISTEN/NOTIFY.
  Target: p99 < 250 ms.
- **Likes**: one signed-in user toggles a like on one video with wrk (\`-c$ev_connections\`,
  $duration, after a 2 s warm-up), each toggle a rating write plus a \`rating.changed\` event,
  on a fresh node with \`events.bus = in_process\` and then \`postgres\` (the order alternates
  by round); the ratio is taken within each round. Target: the PostgreSQL bus keeps ≥ 0.9× the
  in-process bus's writes/s.

| propagation | p50 (ms) | p99 (ms) | max (ms) | missed (over 10 s) | target |
|---|---:|---:|---:|---:|---|
| A → B, $rounds rounds | $p50 | $p99 | $max | $missed | p99 < 250 ms: $(awk -v v="$p99" 'BEGIN { print (v < 250 ? "met" : "missed") }') |

| round | events.bus | likes/s | p50 (ms) | p99 (ms) | errors |
|---:|---|---:|---:|---:|---:|
EOF2
  awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6 }' "$out.likes"
  echo
  awk -F'\t' '
    { rps[$1 "|" $2] = $3; rounds[$1] = 1 }
    END {
      n = 0
      for (r in rounds) if ((r "|postgres") in rps && (r "|in_process") in rps && rps[r "|in_process"] > 0) {
        ratio[++n] = rps[r "|postgres"] / rps[r "|in_process"]
      }
      # median
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (ratio[j] < ratio[i]) { t = ratio[i]; ratio[i] = ratio[j]; ratio[j] = t }
      m = n % 2 ? ratio[(n + 1) / 2] : (ratio[n / 2] + ratio[n / 2 + 1]) / 2
      printf "Likes with the PostgreSQL bus: %.2f× the in-process bus (median of %d rounds): %s\n", m, n, (m >= 0.9 ? "met" : "missed")
    }' "$out.likes"
}

bench_events() {
  ev_rounds=200
  duration=10s
  ev_connections=16
  ev_repeat=2
  wrk_threads=2
  local cmd="scripts/bench events"
  [ $# -gt 0 ] && cmd="$cmd $*"
  while [ $# -gt 0 ]; do
    case "$1" in
      --rounds) ev_rounds=${2:?--rounds needs a value}; shift 2 ;;
      --duration) duration=${2:?--duration needs a value}; shift 2 ;;
      --connections) ev_connections=${2:?--connections needs a value}; shift 2 ;;
      --repeat) ev_repeat=${2:?--repeat needs a value}; shift 2 ;;
      -h | --help) usage; exit 0 ;;
      *) usage; exit 2 ;;
    esac
  done
  [[ "$ev_rounds" =~ ^[1-9][0-9]*$ ]] && [ "$ev_rounds" -le 5000 ] || die "--rounds must be 1 to 5000"
  [[ "$ev_repeat" =~ ^[1-9][0-9]*$ ]] || die "--repeat must be a positive number"
  [[ "$ev_connections" =~ ^[1-9][0-9]*$ ]] || die "--connections must be a number"
  [[ "$duration" =~ ^[0-9]+[smh]?$ ]] || die "--duration must look like 10s"

  "$root/scripts/setup"
  [ -n "${MARQUEE_BENCH_BIN:-}" ] || "$root/scripts/build" release
  [ -x "$marquee_bin" ] || die "no $marquee_bin after scripts/build release"
  command -v wrk >/dev/null || die "wrk is not installed (scripts/setup installs it)"
  command -v node >/dev/null || die "node is not installed (scripts/setup installs it)"

  local work child
  make_tmp work
  MARQUEE_BENCH_EV="$ev_rounds $duration $ev_connections $ev_repeat" setsid \
    "$root/scripts/with-postgres" "$self" __events_block "$work/events" &
  child=$!
  pgroups+=("$child")
  wait "$child" || die "the events measurements failed"
  render_events_section "$work/events" "$cmd" >"$work/section.md"
  write_section events "$work/section.md"
  cat "$work/section.md"
  log "wrote the events section of ${results_md#"$root"/}"
}
