# shellcheck shell=bash
# scripts/bench instructions: what one request costs in CPU instructions, counted by
# valgrind's callgrind on the running server, for the hottest read (GET /api/videos/{id}
# from memory) with rate limits off and on, and for GET /api/health. Instruction counts do
# not depend on the load or on wrk sharing the cores, so they show a cost of a few percent
# that requests/s (±10 % between rounds here) cannot. Sourced by scripts/bench.
#
#   scripts/bench instructions [--seconds 15] [--repeat 3]
#
# The anonymous read is measured --repeat times with limits off and on, alternating (the
# count moves by about ±150 instructions between runs with the server's background threads);
# the table shows each run and the median ratio.

bench_instructions() {
  local seconds=15 repeat=3
  while [ $# -gt 0 ]; do
    case "$1" in
      --seconds) seconds=${2:?--seconds needs a value}; shift 2 ;;
      --repeat) repeat=${2:?--repeat needs a value}; shift 2 ;;
      *) die "unknown instructions option $1" ;;
    esac
  done
  "$root/scripts/setup"
  [ -n "${MARQUEE_BENCH_BIN:-}" ] || "$root/scripts/build" release marquee >/dev/null
  [ -x "$marquee_bin" ] || die "no $marquee_bin after scripts/build release"
  local tool
  for tool in valgrind callgrind_control wrk curl jq; do
    command -v "$tool" >/dev/null || die "$tool is not installed (scripts/setup installs it)"
  done
  local work
  make_tmp work
  mkdir -p "$work/data"

  # One public video, made by a server that then stops: each measured server reads the same data.
  local port base pid
  port=$(free_port)
  base="http://127.0.0.1:$port"
  MARQUEE_AUTH_ARGON2_OPS=1 MARQUEE_AUTH_ARGON2_MEM_KIB=8 MARQUEE_LOG_LEVEL=warn \
    "$marquee_bin" serve --listen "127.0.0.1:$port" --data-dir "$work/data" >"$work/seed.log" 2>&1 &
  pid=$!
  pids+=("$pid")
  wait_http "$base/api/ready" "$pid" "$work/seed.log"
  local token id
  token=$(curl -fsS -H 'Content-Type: application/json' -X POST "$base/api/auth/register" \
    -d '{"email":"bench@example.com","username":"bench","password":"bench-password-1"}' | jq -r .access_token)
  id=$(curl -fsS -H 'Content-Type: application/json' -H "Authorization: Bearer $token" -X POST "$base/api/videos" \
    -d '{"title":"Sunrise over the harbour, timelapse (4K)","description":"Six hours of the harbour compressed into four minutes.","tags":["timelapse","harbour","sunrise"],"visibility":"public"}' |
    jq -r .id)
  [ -n "$id" ] && [ "$id" != null ] || die "creating the video failed"
  stop_pid "$pid"

  local rows="$work/rows.tsv"
  : >"$rows"
  local auth=()
  measure() { # measure NAME PATH ENV…: appends "name path requests instructions"; wrk sends ${auth[@]}
    local name=$1 path=$2
    shift 2
    port=$(free_port)
    base="http://127.0.0.1:$port"
    env "$@" MARQUEE_LOG_LEVEL=warn valgrind --tool=callgrind --callgrind-out-file="$work/cg.$name.%p" \
      "$marquee_bin" serve --role api --listen "127.0.0.1:$port" --data-dir "$work/data" >"$work/$name.log" 2>&1 &
    pid=$!
    pids+=("$pid")
    wait_http "$base/api/ready" "$pid" "$work/$name.log" 120
    log "$name: warming up, then counting for $seconds s"
    wrk -t1 -c4 -d5s "${auth[@]}" "$base$path" >/dev/null
    callgrind_control -z "$pid" >/dev/null
    wrk -t1 -c4 -d"${seconds}s" "${auth[@]}" "$base$path" >"$work/$name.wrk"
    callgrind_control -d "$pid" >/dev/null
    stop_pid "$pid"
    local requests instructions
    requests=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$work/$name.wrk")
    instructions=$(sed -n 's/^summary: \([0-9]*\)/\1/p' "$work/cg.$name.$pid.1")
    [ -n "$requests" ] && [ -n "$instructions" ] || die "$name: no count (see $work)"
    printf '%s\t%s\t%s\t%s\n' "$name" "$path" "$requests" "$instructions" >>"$rows"
    log "  $requests requests, $((instructions / requests)) instructions each"
  }
  local round
  for ((round = 1; round <= repeat; round++)); do
    measure video "/api/videos/$id" MARQUEE_LIMITS_ENABLED=false
    measure video-limited "/api/videos/$id" MARQUEE_LIMITS_ENABLED=true MARQUEE_LIMITS_READ=1000000000/1s
  done
  measure health "/api/health" MARQUEE_LIMITS_ENABLED=false
  # Signed in: the token is checked, and the session's standing read (from memory).
  auth=(-H "Authorization: Bearer $token")
  measure video-signed-in "/api/videos/$id" MARQUEE_LIMITS_ENABLED=false
  measure video-signed-in-limited "/api/videos/$id" MARQUEE_LIMITS_ENABLED=true MARQUEE_LIMITS_READ=1000000000/1s

  local commit section="$work/section.md"
  commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
  {
    echo "## instructions: CPU instructions per request (callgrind)"
    echo
    echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); Marquee: $marquee_bin at $commit; valgrind $(valgrind --version | sed 's/valgrind-//')"
    echo "- Command: \`scripts/bench instructions --seconds $seconds --repeat $repeat\`"
    echo "- The server runs under callgrind (\`serve --role api\`, SQLite); after a 5 s warm-up its counters are"
    echo "  zeroed, wrk (1 thread, 4 connections) sends the request for $seconds s, and every instruction the"
    echo "  process ran in that time (all threads, kernel excluded) is divided by the requests answered."
    echo "  \`video-limited\` has rate limits on (a read limit wrk never reaches, every request on one"
    echo "  address's key: the limiter's lookup, its atomic update and the three RateLimit fields)."
    echo "  The \`signed-in\` rows send the video's owner's bearer token (checked, with the session's standing)."
    echo "- Reference: \`video\` (and \`video-signed-in\`), the same read without limits, in the same run."
    echo "  Target: the limiter ≤ 3 % of the anonymous read."
    echo
    echo "| request | path | requests counted | instructions per request | ratio |"
    echo "|---|---|---:|---:|---:|"
    awk -F'\t' '
      function median(list,    n, a, i, j, t) {
        n = split(list, a, " ")
        for (i = 2; i <= n; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
        return (n % 2) ? a[(n + 1) / 2] + 0 : (a[n / 2] + a[n / 2 + 1]) / 2
      }
      {
        run[$1]++; k = $1; per = $4 / $3
        if (k == "video") { base[run[k]] = per }
        if (k == "video-limited") { ratios = ratios " " per / base[run[k]]; costs = costs " " per - base[run[k]] }
        if (k == "video-signed-in") signed_base = per
        ratio = ""
        if (k == "video") ratio = "1 (reference)"
        if (k == "video-limited") ratio = sprintf("%.3f× video", per / base[run[k]])
        if (k == "video-signed-in") ratio = "1 (reference)"
        if (k == "video-signed-in-limited") ratio = sprintf("%.3f× video-signed-in", per / signed_base)
        printf "| %s | %s | %d | %.0f | %s |\n", k, (k == "health" ? $2 : "/api/videos/{id}"), $3, per, ratio
      }
      END {
        r = median(ratios)
        printf "\nThe limiter costs %.0f instructions a request (median of %d runs), %.1f %% of the cached read: ", median(costs), run["video-limited"], 100 * (r - 1)
        printf "%s.\n", (r <= 1.03) ? "met" : "**missed**"
      }' "$rows"
  } >"$section"
  write_section instructions "$section"
  cat "$section"
}
