# shellcheck shell=bash
# scripts/bench realtime: Marquee's realtime endpoints (Socket.IO v4 at /socket.io/ and the
# plain WebSocket at /api/ws) against the reference socket.io v4 server, in the same run:
# memory per idle connection, fan-out latency to 10,000 sockets in one room, and sustained
# chat to 1,000 subscribers in 100 rooms. Sourced by scripts/bench, whose helpers it uses
# (log, die, make_tmp, free_port, wait_http, stop_pid, write_section, pids).
#
#   scripts/bench realtime [--connections 10000] [--fanout-messages 20] [--fanout-interval-ms 500]
#       [--sustain-seconds 60] [--sustain-rate 1000] [--sustain-rooms 100]
#       [--sustain-subscribers 1000] [--sustain-senders 10] [--procs 2] [--fanout-sample-every 10]
#       [--targets "reference marquee-socketio marquee-ws"]
#
# Every target gets a fresh server for each of its two measurements (so the sustained run's
# RSS does not start from the 10,000-connection high-water mark). The load comes from
# bench/realtime/realtime.mjs and its forked receiver processes (bench/realtime/worker.mjs).

rt_dir="$root/bench/realtime"

rt_forget() { # rt_forget PID: drop a finished pid so cleanup never signals a reused one
  local keep=() p
  for p in "${pids[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done
  pids=("${keep[@]}")
}

rt_marquee_env=() # env -u for every MARQUEE_* of the caller: a developer's settings must not leak in
rt_init_env() {
  local name
  rt_marquee_env=(env)
  while read -r name; do rt_marquee_env+=(-u "$name"); done < <(env | sed -n 's/^\(MARQUEE_[A-Za-z0-9_]*\)=.*/\1/p')
  # Cheap argon2 (registering is quick), tokens that outlive the run, no access log, and a
  # chat rate limit (realtime.chat_messages_per_minute, default 20 per user) out of the way
  # of 100 messages/s per sender.
  rt_marquee_env+=(MARQUEE_AUTH_ARGON2_OPS=1 MARQUEE_AUTH_ARGON2_MEM_KIB=8 MARQUEE_LOG_LEVEL=warn
    MARQUEE_AUTH_ACCESS_TOKEN_TTL_S=86400 MARQUEE_REALTIME_CHAT_MESSAGES_PER_MINUTE=1000000
    MARQUEE_REALTIME_MAX_CONNECTIONS_PER_IP=100000)  # every load client comes from 127.0.0.1
}

# rt_start TARGET: a fresh server for TARGET; sets rt_pid, rt_base, rt_log.
rt_start() {
  local target=$1 port dir
  make_tmp dir
  port=$(free_port)
  rt_base="http://127.0.0.1:$port"
  rt_log="$dir/server.log"
  case "$target" in
    reference)
      node "$rt_dir/reference-server.mjs" "$port" >"$rt_log" 2>&1 &
      rt_pid=$!
      pids+=("$rt_pid")
      wait_http "$rt_base/ready" "$rt_pid" "$rt_log" ;;
    marquee-*)
      mkdir -p "$dir/data"
      "${rt_marquee_env[@]}" "$marquee_bin" serve --listen "127.0.0.1:$port" --data-dir "$dir/data" \
        >"$rt_log" 2>&1 &
      rt_pid=$!
      pids+=("$rt_pid")
      wait_http "$rt_base/api/ready" "$rt_pid" "$rt_log" ;;
  esac
}

rt_stop() {
  stop_pid "$rt_pid"
  rt_forget "$rt_pid"
}

# rt_run TARGET PHASE OUT: one measurement on a fresh server; its JSON result into OUT.
rt_run() {
  local target=$1 phase=$2 out=$3 kind=sio child rc=0
  local -a args=()
  case "$target" in
    marquee-socketio) args=(--marquee) ;;
    marquee-ws) kind=ws; args=(--marquee) ;;
  esac
  rt_start "$target"
  log "$target $phase: server pid $rt_pid on $rt_base (load $(cut -d' ' -f1 /proc/loadavg))"
  setsid node "$rt_dir/realtime.mjs" "$phase" --kind "$kind" --base "$rt_base" --server-pid "$rt_pid" "${args[@]}" \
    --connections "$rt_connections" --fanout-messages "$rt_fanout_messages" --fanout-interval-ms "$rt_fanout_interval" \
    --sustain-seconds "$rt_sustain_seconds" --sustain-rate "$rt_sustain_rate" --sustain-rooms "$rt_sustain_rooms" \
    --sustain-subscribers "$rt_sustain_subscribers" --sustain-senders "$rt_sustain_senders" --procs "$rt_procs" \
    --fanout-sample-every "$rt_sample_every" >"$out" &
  child=$!
  pgroups+=("$child")
  wait "$child" || rc=$?
  local keep=() p
  for p in "${pgroups[@]}"; do [ "$p" = "$child" ] || keep+=("$p"); done
  pgroups=("${keep[@]}")
  if [ "$rc" -ne 0 ] || ! jq -e . "$out" >/dev/null 2>&1; then
    echo "bench: $target $phase failed; the server's log ends with:" >&2
    tail -n 20 "$rt_log" >&2 2>/dev/null || true
    exit 1
  fi
  if ! kill -0 "$rt_pid" 2>/dev/null; then
    tail -n 20 "$rt_log" >&2 2>/dev/null || true
    die "$target exited during the $phase measurement"
  fi
  rt_stop
}

render_realtime_section() { # render_realtime_section WORK COMMAND
  local work=$1 cmd=$2 cpu
  cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
  cat <<EOF
## realtime: idle connections, fan-out and sustained chat vs socket.io

- Date: $(date -u '+%Y-%m-%d %H:%M UTC')
- Machine: $(nproc) CPUs ($cpu), $(uname -sr), $(awk '/^MemTotal/ { printf "%.1f GiB RAM", $2 / 1048576 }' /proc/meminfo)
- Load average (1 min) before and after each target: $(paste -sd';' "$work/load.txt" | sed 's/;/; /g')
- Marquee: $rt_build; reference: socket.io $(jq -r .version "$rt_dir/node_modules/socket.io/package.json") on Node $(node --version)
  (\`bench/realtime/reference-server.mjs\`, default settings); sender clients: ws $(jq -r .version "$rt_dir/node_modules/ws/package.json")
- Command: \`$cmd\`
- Targets: \`reference\` (socket.io v4, \`/socket.io/\`), \`marquee-socketio\` (Marquee's \`/socket.io/\`),
  \`marquee-ws\` (Marquee's \`/api/ws\`), each on a fresh server for each of the two runs below.
  Clients speak Engine.IO v4 over a websocket only (no polling) or /api/ws; receivers are bare
  RFC 6455 clients (\`bench/realtime/rawws.mjs\`) in $rt_procs forked Node processes.
  **Clients and server share the same $(nproc) cores.**
- **Idle connections**: $rt_connections anonymous sockets each join \`video:ID\`; server memory per
  connection = (VmRSS after joining, settled 3 s − VmRSS before, settled 3 s) / connected.
  Target: Marquee ≤ 0.25× the reference and < 8 KiB.
- **Fan-out**: with those connected, a separate sender socket (signed in, on Marquee; in the
  room) sends $rt_fanout_messages chat messages ${rt_fanout_interval} ms apart; each receiver records arrival − send time
  (process.hrtime, CLOCK_MONOTONIC, carried in the text). "last receiver" is, per message, the
  latency of the slowest of the $rt_connections. The receivers' own CPU time per delivery (the
  \`client µs\` column: Node reading one socket after another) is spent on the same cores and is
  part of these figures, so the burst is repeated **sampled**: all receivers but one in $rt_sample_every stop
  reading (the server still writes every copy, the kernel holds them, they are read and
  counted afterwards) and latency is taken on the ones still reading. Target: p99 < 50 ms and
  below the reference (checked on both bursts).
- **Sustained**: $rt_sustain_subscribers anonymous subscribers over $rt_sustain_rooms rooms, $rt_sustain_senders senders (signed in, on
  Marquee; each in its share of the rooms) sending $rt_sustain_rate chat messages/s in all, round-robin, for $rt_sustain_seconds s.
  Delivered/s counts subscriber deliveries (the senders' own copies are not counted); lost =
  expected − delivered after up to 10 s of drain; server RSS sampled every 5 s under load
  (\`start\`: just before the first message). Criterion: nothing lost, RSS flat (last ≤ 1.1× the
  first sample under load).

| target | connected | connect time (s) | RSS before (MiB) | RSS after (MiB) | per connection (KiB) | vs reference |
|---|---:|---:|---:|---:|---:|---:|
EOF
  local t f ref_kib="" ref_p99="" ref_sp99=""
  if [ -s "$work/reference.fanout.json" ]; then
    ref_kib=$(jq -r '.bytes_per_connection / 1024' "$work/reference.fanout.json")
    ref_p99=$(jq -r '.latency.p99_ms' "$work/reference.fanout.json")
    ref_sp99=$(jq -r '.sampled.latency.p99_ms // ""' "$work/reference.fanout.json")
  fi
  local jq_lib='
    def r(n): (n * 100 | round) / 100;
    def ratio(a; b): if $t == "reference" then "1 (reference)" elif b == "" or a == null then "n/a"
      elif (b | tonumber) > 0 then "\(r(a / (b | tonumber)))×" else "n/a" end;'
  for t in $rt_targets; do
    f="$work/$t.fanout.json"
    [ -s "$f" ] || continue
    jq -r --arg t "$t" --arg rk "$ref_kib" "$jq_lib"'
      (.bytes_per_connection / 1024) as $kib |
      "| \($t) | \(.connected)/\(.connections) | \(r(.connect_ms / 1000)) | \(r(.rss_before_kib / 1024)) | \(r(.rss_after_kib / 1024)) | \(r($kib)) | \(ratio($kib; $rk)) |"' "$f"
  done
  cat <<EOF

| target | burst | receivers timed | delivered | p50 (ms) | p99 (ms) | max (ms) | last receiver p50 / max (ms) | p99 vs reference | client µs / delivery | server µs / delivery |
|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
EOF
  for t in $rt_targets; do
    f="$work/$t.fanout.json"
    [ -s "$f" ] || continue
    jq -r --arg t "$t" --arg rp "$ref_p99" --arg rs "$ref_sp99" "$jq_lib"'
      "| \($t) | all reading, \(.messages) messages | \(.connected) | \(.delivered)/\(.expected) | \(.latency.p50_ms) | \(.latency.p99_ms) | \(.latency.max_ms) | \(.last_receiver.p50_ms) / \(.last_receiver.max_ms) | \(ratio(.latency.p99_ms; $rp)) | \(.client_cpu_us_per_delivery) | \(.server_cpu_us_per_delivery) |",
      (.sampled // empty | "| \($t) | sampled, \(.messages) messages | \(.reading) | \(.delivered)/\(.expected) | \(.latency.p50_ms) | \(.latency.p99_ms) | \(.latency.max_ms) | \(.last_receiver.p50_ms) / \(.last_receiver.max_ms) | \(ratio(.latency.p99_ms; $rs)) | – | \(.server_cpu_us_per_delivery) |")' "$f"
  done
  cat <<EOF

| target | seconds | sent/s | delivered/s | per 5 s (min–max) | lost | p50 (ms) | p99 (ms) | max (ms) | RSS start; first / last / max under load (MiB) | server CPU | ack errors |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
EOF
  for t in $rt_targets; do
    f="$work/$t.sustain.json"
    [ -s "$f" ] || continue
    jq -r --arg t "$t" '
      def r(n): (n * 10 | round) / 10;
      "| \($t) | \(.seconds) | \(.sent_per_s) | \(.delivered_per_s) | \(.delivered_per_s_min)–\(.delivered_per_s_max) | \(.lost) of \(.expected) | \(.latency.p50_ms) | \(.latency.p99_ms) | \(.latency.max_ms) | \(r(.rss_start_kib / 1024)); \(r(.rss_first_kib / 1024)) / \(r(.rss_last_kib / 1024)) / \(r(.rss_max_kib / 1024)) | \(.server_cpu_percent) % | \([.acks.errors | to_entries[] | "\(.key) \(.value)"] | if length == 0 then "0" else join(", ") end) |"' "$f"
  done
  echo
  echo "Target check:"
  echo
  local any=""
  for t in $rt_targets; do
    [ "$t" = reference ] && continue
    any=1
    f="$work/$t.fanout.json"
    if [ -s "$f" ] && [ -n "$ref_kib" ]; then
      jq -r --arg t "$t" --arg rk "$ref_kib" --arg rp "$ref_p99" --arg rs "$ref_sp99" '
        def r(n): (n * 100 | round) / 100;
        def verdict(p; ref): if p != null and p < 50 and (ref == "" or p < (ref | tonumber)) then "met" else "**missed**" end;
        (.bytes_per_connection / 1024) as $kib | ($kib / ($rk | tonumber)) as $ratio |
        "- \($t), idle connections: \(r($kib)) KiB per connection, \(r($ratio))× the reference: \(if $ratio <= 0.25 and $kib < 8 then "met" else "**missed**" end)",
        "- \($t), fan-out to \(.connected), all reading: p99 \(.latency.p99_ms) ms (reference \($rp) ms), \(.lost) lost: \(if .lost == 0 then verdict(.latency.p99_ms; $rp) else "**missed**" end)",
        (.sampled // empty | "- \($t), fan-out to \(.expected / .messages), sampled: p99 \(.latency.p99_ms) ms (reference \($rs) ms), \(.lost) lost: \(if .lost == 0 then verdict(.latency.p99_ms; $rs) else "**missed**" end)")' "$f"
    fi
    f="$work/$t.sustain.json"
    if [ -s "$f" ]; then
      jq -r --arg t "$t" '
        "- \($t), sustained \(.delivered_per_s) deliveries/s: \(.lost) lost, RSS last / first \(((.rss_last_kib / .rss_first_kib) * 100 | round) / 100): \(if .lost == 0 and .rss_last_kib <= 1.1 * .rss_first_kib then "met" else "**missed**" end)"' "$f"
    fi
  done
  [ -n "$any" ] || echo "- Marquee not measured in this run (--targets $rt_targets)"
  return 0
}

bench_realtime() {
  rt_connections=10000
  rt_fanout_messages=20
  rt_fanout_interval=500
  rt_sustain_seconds=60
  rt_sustain_rate=1000
  rt_sustain_rooms=100
  rt_sustain_subscribers=1000
  rt_sustain_senders=10
  rt_procs=2
  rt_sample_every=10
  rt_targets="reference marquee-socketio marquee-ws"
  local cmd="scripts/bench realtime"
  [ $# -gt 0 ] && cmd="$cmd $*"
  while [ $# -gt 0 ]; do
    case "$1" in
      --connections) rt_connections=${2:?--connections needs a value}; shift 2 ;;
      --fanout-messages) rt_fanout_messages=${2:?--fanout-messages needs a value}; shift 2 ;;
      --fanout-interval-ms) rt_fanout_interval=${2:?--fanout-interval-ms needs a value}; shift 2 ;;
      --sustain-seconds) rt_sustain_seconds=${2:?--sustain-seconds needs a value}; shift 2 ;;
      --sustain-rate) rt_sustain_rate=${2:?--sustain-rate needs a value}; shift 2 ;;
      --sustain-rooms) rt_sustain_rooms=${2:?--sustain-rooms needs a value}; shift 2 ;;
      --sustain-subscribers) rt_sustain_subscribers=${2:?--sustain-subscribers needs a value}; shift 2 ;;
      --sustain-senders) rt_sustain_senders=${2:?--sustain-senders needs a value}; shift 2 ;;
      --procs) rt_procs=${2:?--procs needs a value}; shift 2 ;;
      --fanout-sample-every) rt_sample_every=${2:?--fanout-sample-every needs a value}; shift 2 ;;
      --targets) rt_targets=${2:?--targets needs a value}; shift 2 ;;
      -h | --help) usage; exit 0 ;;
      *) usage; exit 2 ;;
    esac
  done
  local n t
  for n in "$rt_connections" "$rt_fanout_messages" "$rt_fanout_interval" "$rt_sustain_seconds" "$rt_sustain_rate" \
    "$rt_sustain_rooms" "$rt_sustain_subscribers" "$rt_sustain_senders" "$rt_procs" "$rt_sample_every"; do
    [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "every option but --targets takes a positive whole number"
  done
  [ "$rt_connections" -le 60000 ] && [ "$rt_fanout_messages" -le 1000 ] && [ "$rt_sustain_seconds" -le 3600 ] ||
    die "at most 60000 connections, 1000 fan-out messages and 3600 sustained seconds"
  [ "$rt_procs" -le 16 ] || die "--procs at most 16"
  [ "$rt_sustain_senders" -le "$rt_sustain_rooms" ] || die "--sustain-senders must not exceed --sustain-rooms"
  [ $(((rt_sustain_rooms + rt_sustain_senders - 1) / rt_sustain_senders)) -le 50 ] ||
    die "each sender joins rooms/senders rooms: at most 50 (realtime.max_rooms_per_connection)"
  # Every receiver process holds connections/procs sockets: keep under its open-files limit.
  [ $((rt_connections / rt_procs + 100)) -le "$(ulimit -n)" ] ||
    die "$((rt_connections / rt_procs)) sockets per client process exceed ulimit -n $(ulimit -n): raise --procs"
  [ $((rt_connections + 200)) -le "$(ulimit -n)" ] ||
    log "warning: ulimit -n $(ulimit -n) may be too low for the server's $rt_connections sockets"
  local marquee=""
  for t in $rt_targets; do
    case "$t" in
      reference) ;;
      marquee-socketio | marquee-ws) marquee=1 ;;
      *) die "--targets: reference, marquee-socketio, marquee-ws" ;;
    esac
  done

  "$root/scripts/setup"
  rt_build="not measured"
  if [ -n "$marquee" ]; then
    if [ -n "${MARQUEE_BENCH_BIN:-}" ]; then
      marquee_bin=$(realpath "$MARQUEE_BENCH_BIN")
      rt_build="$marquee_bin (MARQUEE_BENCH_BIN)"
    else
      "$root/scripts/build" release
      local commit
      commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
      if [ -n "$(git -C "$root" status --porcelain 2>/dev/null | head -n1)" ]; then commit="$commit (with uncommitted changes)"; fi
      rt_build="build/release at $commit"
    fi
    [ -x "$marquee_bin" ] || die "no $marquee_bin after scripts/build release"
  fi
  local tool
  for tool in node npm jq curl; do
    command -v "$tool" >/dev/null || die "$tool is not installed (scripts/setup installs it)"
  done
  (cd "$rt_dir" && { [ -d node_modules ] || npm ci --no-audit --no-fund --silent; }) || die "npm ci in bench/realtime failed"
  rt_init_env

  local work
  make_tmp work
  : >"$work/load.txt"
  for t in $rt_targets; do
    local load_start
    load_start=$(cut -d' ' -f1 /proc/loadavg)
    log "== $t: $rt_connections idle connections and fan-out =="
    rt_run "$t" fanout "$work/$t.fanout.json"
    log "== $t: sustained, $rt_sustain_rate messages/s for $rt_sustain_seconds s =="
    rt_run "$t" sustain "$work/$t.sustain.json"
    printf '%s: %s → %s\n' "$t" "$load_start" "$(cut -d' ' -f1 /proc/loadavg)" >>"$work/load.txt"
  done

  render_realtime_section "$work" "$cmd" >"$work/section.md"
  write_section realtime "$work/section.md"
  cat "$work/section.md"
  log "wrote the realtime section of ${results_md#"$root"/}"
}
