# shellcheck shell=bash
# The media pipeline benches: transcode, playable, segments, upload, classifier (see bench/README.md).
# Sourced by scripts/bench, whose helpers it uses (log, die, make_tmp, free_port, wait_http,
# to_ms, write_section, pids/pgroups and the cleanup on exit); each bench is a function in
# its own file beside this one, and writes its own section of bench/RESULTS.md.
#
#   scripts/bench transcode|playable|segments|upload|classifier [more of these…] [--repeat 3 (transcode: 4)]
#       [--duration 10s] [--connections "64 256"] [--threads 2] [--upload-mb 500]
#       [--chunk-size Infinity] [--read-bytes 4194304] [--long-seconds 300]
#
# Environment: MARQUEE_BENCH_MEDIA_CACHE=DIR keeps the generated sources between runs;
# MARQUEE_BENCH_BIN=PATH measures that binary instead of building build/release.

pl_dir="$root/bench/pipeline"
pl_password="bench-password-1"

# ---------------------------------------------------------------------------------------
# Small helpers.

pl_load() { cut -d' ' -f1 /proc/loadavg; }

pl_forget() { # pl_forget ARRAY PID: drop a finished pid so cleanup never signals a reused one
  local -n list=$1
  local keep=() p
  for p in "${list[@]}"; do [ "$p" = "$2" ] || keep+=("$p"); done
  list=("${keep[@]}")
}

# pl_group OUT ERR CMD…: runs CMD in its own process group (killed as a whole if the bench
# is interrupted), stdout to OUT and stderr to ERR, and returns its exit status.
pl_group() {
  local out=$1 err=$2 child rc=0
  shift 2
  setsid "$@" >"$out" 2>"$err" &
  child=$!
  pgroups+=("$child")
  wait "$child" || rc=$?
  pl_forget pgroups "$child"
  return "$rc"
}

pl_node() { # pl_node OUT ERR SUBCOMMAND ARGS…: bench/pipeline/client.mjs
  local out=$1 err=$2
  shift 2
  pl_group "$out" "$err" node "$pl_dir/client.mjs" "$@"
}

# pl_time OUT_VAR ERR CMD…: runs CMD (bounded by 30 min) under /usr/bin/time in its own
# process group; OUT_VAR gets "wall_s<TAB>cpu_s" (user+sys of CMD and its children).
pl_time() {
  local var=$1 err=$2 tf
  shift 2
  tf=$(mktemp "$pl_work/time.XXXXXX")
  pl_group /dev/null "$err" /usr/bin/time -f '%e %U %S' -o "$tf" timeout -s KILL 1800 "$@" || {
    tail -n 20 "$err" >&2
    die "failed: $*"
  }
  printf -v "$var" '%s' "$(awk '{ printf "%.2f\t%.2f", $1, $2 + $3 }' "$tf")"
  rm -f "$tf"
}

pl_marquee_env=() # env -u for every MARQUEE_* of the caller: a developer's settings must not leak in
pl_init_env() {
  local name
  pl_marquee_env=(env)
  while read -r name; do pl_marquee_env+=(-u "$name"); done < <(env | sed -n 's/^\(MARQUEE_[A-Za-z0-9_]*\)=.*/\1/p')
  pl_marquee_env+=(MARQUEE_AUTH_ARGON2_OPS=1 MARQUEE_AUTH_ARGON2_MEM_KIB=8 MARQUEE_LOG_LEVEL=warn)
}

# pl_start_marquee [LOG_LEVEL]: a fresh data dir with one creator, `marquee serve` on a free
# port, signed in. Sets mq_dir, mq_data, mq_base, mq_pid, mq_token. Default settings (x264
# preset veryfast, one transcode at a time on two cores), SQLite; the log at warn (no access
# log) unless LOG_LEVEL says otherwise ("info" keeps the per-video "ready" line with its
# phase times, in $mq_dir/marquee.log).
pl_start_marquee() {
  local log_level=${1:-warn}
  make_tmp mq_dir
  mq_data="$mq_dir/data"
  mkdir -p "$mq_data"
  "${pl_marquee_env[@]}" "$marquee_bin" user create --email bench@example.com --username bench \
    --password "$pl_password" --role creator --data-dir "$mq_data" >"$mq_dir/user.log" 2>&1 || {
    cat "$mq_dir/user.log" >&2
    die "marquee user create failed"
  }
  local port
  port=$(free_port)
  mq_base="http://127.0.0.1:$port"
  "${pl_marquee_env[@]}" MARQUEE_LOG_LEVEL="$log_level" "$marquee_bin" serve --listen "127.0.0.1:$port" --data-dir "$mq_data" \
    >"$mq_dir/marquee.log" 2>&1 &
  mq_pid=$!
  pids+=("$mq_pid")
  wait_http "$mq_base/api/ready" "$mq_pid" "$mq_dir/marquee.log"
  local login
  login=$(curl -fsS --max-time 10 -H 'Content-Type: application/json' -X POST "$mq_base/api/auth/login" \
    -d "{\"login\":\"bench\",\"password\":\"$pl_password\"}") || die "login failed"
  mq_token=$(jq -r '.access_token // empty' <<<"$login")
  [ -n "$mq_token" ] || die "no access_token in: $login"
  log "Marquee (pid $mq_pid) on $mq_base, data in $mq_data"
}

pl_stop_marquee() {
  stop_pid "$mq_pid"
  pl_forget pids "$mq_pid"
}

pl_marquee_failed() { # pl_marquee_failed MESSAGE ERRFILE
  echo "bench: $1" >&2
  tail -n 20 "$2" >&2 2>/dev/null || true
  echo "bench: Marquee's log ends with:" >&2
  tail -n 20 "$mq_dir/marquee.log" >&2 2>/dev/null || true
  exit 1
}

pl_delete_video() { # pl_delete_video ID
  curl -fsS --max-time 30 -o /dev/null -X DELETE -H "Authorization: Bearer $mq_token" "$mq_base/api/videos/$1" ||
    die "DELETE /api/videos/$1 failed"
}

# ---------------------------------------------------------------------------------------
# Sources, made with ffmpeg's lavfi generators once per invocation (or kept in
# $MARQUEE_BENCH_MEDIA_CACHE between invocations, when set).

pl_ffmpeg() { ffmpeg -nostdin -hide_banner -v error -y "$@"; }

# The realistic 1080p30 H.264 source: testsrc2 (moving, detailed) and a 440 Hz tone,
# encoded as a camera or editor export would be: High profile, 8 Mbit/s VBR, 2 s GOP,
# AAC-LC 128 kbit/s stereo 48 kHz, moov up front.
pl_encode_source() { # pl_encode_source OUT SECONDS VIDEO_FILTER
  pl_ffmpeg -f lavfi -i "$3" -f lavfi -i "sine=frequency=440:sample_rate=48000" -t "$2" \
    -c:v libx264 -preset veryfast -profile:v high -pix_fmt yuv420p -b:v 8M -maxrate 10M -bufsize 16M -g 60 \
    -c:a aac -b:a 128k -ac 2 -ar 48000 -movflags +faststart "$1.part.mp4"
  mv "$1.part.mp4" "$1"
}

pl_media_dir=""
pl_media_init() {
  if [ -n "${MARQUEE_BENCH_MEDIA_CACHE:-}" ]; then
    pl_media_dir=$MARQUEE_BENCH_MEDIA_CACHE
    mkdir -p "$pl_media_dir"
  else
    make_tmp pl_media_dir
  fi
}

pl_source() { # pl_source VAR main|long|segments: VAR gets the file's path; made when missing
  local f
  case "$2" in
    main)
      f="$pl_media_dir/testsrc2-1080p30-30s.mp4"
      if [ ! -s "$f" ]; then
        log "making the 30 s 1080p30 source (testsrc2 + sine, H.264 8 Mbit/s, AAC)"
        pl_encode_source "$f" 30 "testsrc2=size=1920x1080:rate=30"
      fi ;;
    long)
      local main copies i
      pl_source main main
      copies=$((long_seconds / 30))
      f="$pl_media_dir/testsrc2-1080p30-${long_seconds}s.mp4"
      if [ ! -s "$f" ]; then
        log "making the ${long_seconds} s source ($copies copies of the 30 s one, stream-copied)"
        : >"$f.list"
        for ((i = 0; i < copies; i++)); do printf "file '%s'\n" "$main" >>"$f.list"; done
        pl_ffmpeg -f concat -safe 0 -i "$f.list" -c copy -movflags +faststart "$f.part.mp4"
        mv "$f.part.mp4" "$f"
        rm -f "$f.list"
      fi ;;
    segments)
      # testsrc2 drawn at 960×540 and upscaled: at 1080p, CRF 23 gives ~3 Mbit/s, so the top
      # rung's 4 s segments are 1–2 MB (full-detail testsrc2 gives ~2.3 MB).
      f="$pl_media_dir/testsrc2-upscaled-1080p30-30s.mp4"
      if [ ! -s "$f" ]; then
        log "making the segments source (testsrc2 at 960x540 upscaled to 1080p30, 30 s)"
        pl_encode_source "$f" 30 "testsrc2=size=960x540:rate=30,scale=1920:1080"
      fi ;;
    *) die "unknown source $2" ;;
  esac
  printf -v "$1" '%s' "$f"
}

# ---------------------------------------------------------------------------------------
# Rendering.

# Median of whitespace-separated numbers, in awk (shared by the renderers).
pl_awk_lib='
function median(list,    n, a, i, j, t) {
  n = split(list, a, " ")
  if (n == 0) return ""
  for (i = 2; i <= n; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
  return (n % 2) ? a[(n + 1) / 2] + 0 : (a[n / 2] + a[n / 2 + 1]) / 2
}
function lo_hi(list, fmt,    n, a, i, lo, hi) {
  n = split(list, a, " "); lo = hi = a[1] + 0
  for (i = 2; i <= n; i++) { if (a[i] + 0 < lo) lo = a[i] + 0; if (a[i] + 0 > hi) hi = a[i] + 0 }
  return (n > 1) ? sprintf(fmt "–" fmt, lo, hi) : "–"
}
'

pl_header() { # pl_header TITLE: the common first lines of a section
  local cpu
  cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
  cat <<EOF
## $1

- Date: $(date -u '+%Y-%m-%d %H:%M UTC')
- Machine: $(nproc) CPUs ($cpu), $(uname -sr), $(awk '/^MemTotal/ { printf "%.1f GiB RAM", $2 / 1048576 }' /proc/meminfo)
- Marquee: $pl_build, default settings (SQLite, x264 preset veryfast, one transcode at a time); $(ffmpeg -version | head -n1 | awk '{ print $1, $3 }')
- Command: \`$pl_cmd\`
EOF
}

# ---------------------------------------------------------------------------------------
# Entry point: scripts/bench NAME [NAME…] [options]

bench_pipeline() {
  local repeat_given=""
  duration=10s
  connections="64 256"
  wrk_threads=2
  upload_mb=500
  chunk_size=Infinity
  read_bytes=$((4 << 20))
  long_seconds=300
  pl_cmd="scripts/bench $*"
  local names=() n
  while [ $# -gt 0 ]; do
    case "$1" in
      transcode | playable | segments | upload | classifier) names+=("$1"); shift ;;
      --repeat) repeat_given=${2:?--repeat needs a value}; shift 2 ;;
      --duration) duration=${2:?--duration needs a value}; shift 2 ;;
      --connections) connections=${2:?--connections needs a value}; shift 2 ;;
      --threads) wrk_threads=${2:?--threads needs a value}; shift 2 ;;
      --upload-mb) upload_mb=${2:?--upload-mb needs a value}; shift 2 ;;
      --chunk-size) chunk_size=${2:?--chunk-size needs a value}; shift 2 ;;
      --read-bytes) read_bytes=${2:?--read-bytes needs a value}; shift 2 ;;
      --long-seconds) long_seconds=${2:?--long-seconds needs a value}; shift 2 ;;
      -h | --help) usage; exit 0 ;;
      *) usage; exit 2 ;;
    esac
  done
  [ ${#names[@]} -gt 0 ] || { usage; exit 2; }
  [ -z "$repeat_given" ] || [[ "$repeat_given" =~ ^[1-9][0-9]*$ ]] || die "--repeat must be a positive number"
  [[ "$duration" =~ ^[0-9]+[smh]?$ ]] || die "--duration must look like 10s"
  [[ "$upload_mb" =~ ^[1-9][0-9]*$ ]] || die "--upload-mb must be a positive number"
  [[ "$chunk_size" =~ ^(Infinity|[1-9][0-9]*)$ ]] || die "--chunk-size must be Infinity or a number of bytes"
  [[ "$long_seconds" =~ ^[1-9][0-9]*$ ]] && [ $((long_seconds % 30)) -eq 0 ] || die "--long-seconds must be a multiple of 30"
  for n in $connections; do [[ "$n" =~ ^[0-9]+$ ]] || die "--connections must be numbers, e.g. \"64 256\""; done

  "$root/scripts/setup"
  if [ -n "${MARQUEE_BENCH_BIN:-}" ]; then
    # Another build of Marquee (e.g. of another commit); the section says which.
    marquee_bin=$(realpath "$MARQUEE_BENCH_BIN")
    pl_build="$marquee_bin (MARQUEE_BENCH_BIN)"
  else
    "$root/scripts/build" release
    local commit
    commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
    if [ -n "$(git -C "$root" status --porcelain 2>/dev/null | head -n1)" ]; then commit="$commit (with uncommitted changes)"; fi
    pl_build="build/release at $commit"
  fi
  [ -x "$marquee_bin" ] || die "no $marquee_bin after scripts/build release"
  local tool
  for tool in ffmpeg ffprobe node npm jq curl wrk /usr/bin/time; do
    command -v "$tool" >/dev/null || die "$tool is not installed (scripts/setup installs it)"
  done
  (cd "$pl_dir" && { [ -d node_modules ] || npm ci --no-audit --no-fund --silent; }) || die "npm ci in bench/pipeline failed"
  pl_init_env
  make_tmp pl_work
  pl_media_init

  local started=$SECONDS
  for n in "${names[@]}"; do
    # shellcheck source=/dev/null
    source "$pl_dir/$n.sh"
    # Rounds: 3 by default; 4 for transcode, whose rounds alternate which side runs first.
    repeat=${repeat_given:-3}
    [ -n "$repeat_given" ] || [ "$n" != transcode ] || repeat=4
    log "== $n =="
    "pipeline_$n"
    log "== $n done after $((SECONDS - started)) s in all =="
  done
}
