# shellcheck shell=bash
# scripts/bench web: the site Marquee serves (web/), measured in Debian's Chromium against a
# release build: the watch page's JavaScript (gzipped, hls.js apart), Lighthouse on the home
# and watch pages, and the time from navigation to the first video frame on the watch page
# next to hls.js alone on a bare page playing the same stream. Sourced by scripts/bench.
#
#   scripts/bench web [--rounds 9] [--no-lighthouse]

bench_web() {
  local rounds=9 extra=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --rounds) rounds=${2:?--rounds needs a value}; shift 2 ;;
      --no-lighthouse) extra+=(--no-lighthouse); shift ;;
      *) die "unknown web option $1" ;;
    esac
  done
  "$root/scripts/setup"
  [ -n "${MARQUEE_BENCH_BIN:-}" ] || "$root/scripts/build" release marquee >/dev/null
  [ -x "$marquee_bin" ] || die "no $marquee_bin after scripts/build release"
  local web_dir
  web_dir="$(dirname "$marquee_bin")/web"
  [ -f "$web_dir/manifest.json" ] || die "no web app at $web_dir (scripts/build release bundles it)"
  (cd "$root/bench/web" && { cmp -s package-lock.json node_modules/.installed-from-lock.json || \
    { npm ci --no-audit --no-fund --silent && cp package-lock.json node_modules/.installed-from-lock.json; }; })

  local work port base pid token video
  make_tmp work
  mkdir -p "$work/data"
  MARQUEE_AUTH_ARGON2_OPS=1 MARQUEE_AUTH_ARGON2_MEM_KIB=8 "$marquee_bin" user create --email maker@example.com \
    --username maker --password bench-password-1 --role creator --data-dir "$work/data" >/dev/null
  port=$(free_port)
  base="http://127.0.0.1:$port"
  MARQUEE_AUTH_ARGON2_OPS=1 MARQUEE_AUTH_ARGON2_MEM_KIB=8 MARQUEE_LOG_LEVEL=warn MARQUEE_LIMITS_ENABLED=false \
    "$marquee_bin" serve --listen "127.0.0.1:$port" --data-dir "$work/data" >"$work/marquee.log" 2>&1 &
  pid=$!
  pids+=("$pid")
  wait_http "$base/api/ready" "$pid" "$work/marquee.log"
  token=$(curl -fsS -H 'Content-Type: application/json' -X POST "$base/api/auth/login" \
    -d '{"login":"maker","password":"bench-password-1"}' | jq -r .access_token)
  # A 20 s 720p clip, the shape of a real upload's first seconds: two renditions and audio.
  ffmpeg -v error -y -f lavfi -i testsrc2=size=1280x720:rate=30 -f lavfi -i sine=frequency=440 -t 20 \
    -c:v libx264 -preset veryfast -pix_fmt yuv420p -c:a aac "$work/clip.mp4"
  video=$(curl -fsS -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -X POST "$base/api/videos" \
    -d '{"title":"Bench clip","description":"A clip to time the watch page with.","tags":["bench"],"visibility":"public"}' | jq -r .id)
  curl -fsS -H "Authorization: Bearer $token" -H 'Content-Type: video/mp4' --data-binary @"$work/clip.mp4" \
    "$base/api/videos/$video/source" >/dev/null
  local i status
  for ((i = 0; i < 240; i++)); do
    status=$(curl -fsS "$base/api/videos/$video" | jq -r .status)
    [ "$status" = ready ] && break
    [ "$status" = failed ] && die "the bench clip failed to process"
    sleep 0.5
  done
  [ "$status" = ready ] || die "the bench clip was not ready after 120 s"

  local commit section="$work/section.md" body="$work/body.md"
  commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
  log "measuring the site ($rounds first-frame rounds)"
  (cd "$root/bench/web" && node web.mjs --base "$base" --video "$video" --manifest "$web_dir/manifest.json" \
    --rounds "$rounds" "${extra[@]}") >"$body"
  stop_pid "$pid"
  {
    echo "## web: the site's weight, Lighthouse and time to first frame vs hls.js alone"
    echo
    echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); Marquee: $marquee_bin at $commit (its bundle: $web_dir); $(/usr/bin/chromium --version 2>/dev/null | head -1)"
    echo "- Command: \`scripts/bench web --rounds $rounds${extra[*]:+ ${extra[*]}}\`"
    echo "- Machine: $(nproc) CPUs; the browser, the bare page's server and Marquee share them. Video: a 20 s 1280x720 clip, processed (\`ready\`)."
    cat "$body"
  } >"$section"
  write_section web "$section"
  cat "$section"
}
