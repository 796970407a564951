# shellcheck shell=bash
# scripts/bench studio: the creator studio's two pieces of work, against ffmpeg run by hand in
# the same run. Generation: one Ken Burns clip (a 3 s zoom at 1280x720 30 fps), from the POST
# of the photo to the clip being ready, against the same zoompan filter run by hand. Compile:
# a 10-clip project (3 s clips, 0.5 s fade transitions, looped music at 60 %, a 2 s fade
# out), from the POST to the final video being ready, against one hand-written ffmpeg command
# doing the same to the same clip files. Rounds alternate the two sides. Sourced by scripts/bench.
#
#   scripts/bench studio [--clips 10] [--repeat 3]

bench_studio() {
  local clips=10 repeat=3
  while [ $# -gt 0 ]; do
    case "$1" in
      --clips) clips=${2:?--clips needs a value}; shift 2 ;;
      --repeat) repeat=${2:?--repeat needs a value}; shift 2 ;;
      *) die "unknown studio option $1" ;;
    esac
  done
  "$root/scripts/setup"
  [ -n "${MARQUEE_BENCH_BIN:-}" ] || "$root/scripts/build" release marquee >/dev/null
  [ -x "$marquee_bin" ] || die "no $marquee_bin after scripts/build release"
  local work port base pid
  make_tmp work
  mkdir -p "$work/data" "$work/ref"
  MARQUEE_AUTH_ARGON2_OPS=1 MARQUEE_AUTH_ARGON2_MEM_KIB=8 "$marquee_bin" user create --email boss@example.com \
    --username boss --password bench-password-1 --role admin --data-dir "$work/data" >/dev/null
  port=$(free_port)
  base="http://127.0.0.1:$port"
  MARQUEE_AUTH_ARGON2_OPS=1 MARQUEE_AUTH_ARGON2_MEM_KIB=8 MARQUEE_LOG_LEVEL=warn MARQUEE_LIMITS_ENABLED=false \
    MARQUEE_BILLING_SIGNUP_CREDITS=100000 \
    "$marquee_bin" serve --listen "127.0.0.1:$port" --data-dir "$work/data" >"$work/marquee.log" 2>&1 &
  pid=$!
  pids+=("$pid")
  wait_http "$base/api/ready" "$pid" "$work/marquee.log"
  local token
  token=$(curl -fsS -H 'Content-Type: application/json' -X POST "$base/api/auth/login" \
    -d '{"login":"boss","password":"bench-password-1"}' | jq -r .access_token)
  api() { curl -fsS -H "Authorization: Bearer $token" "$@"; }
  now_ms() { date +%s%3N; }
  # Marquee's own times: from the record's created_at (the request) to its updated_at (ready), in
  # ms. The bench polls every 250 ms, cheaply, so that polling takes no CPU from the work measured.
  record_ms() { # record_ms JSON
    local created updated
    created=$(jq -r .created_at <<<"$1")
    updated=$(jq -r .updated_at <<<"$1")
    echo $(($(date -d "$updated" +%s%3N) - $(date -d "$created" +%s%3N)))
  }
  settle() { # settle URL -> the record's JSON once it is no longer generating/queued/compiling
    local json i
    for ((i = 0; i < 4800; i++)); do
      json=$(api "$1")
      case "$json" in *'"status":"generating"'* | *'"status":"queued"'* | *'"status":"compiling"'*) sleep 0.25 ;; *) break ;; esac
    done
    echo "$json"
  }

  ffmpeg -v error -y -f lavfi -i testsrc2=s=1600x1200 -frames:v 1 "$work/photo.jpg"
  ffmpeg -v error -y -f lavfi -i 'sine=frequency=440:sample_rate=48000' -t 12 -ac 2 -c:a libmp3lame "$work/music.mp3"
  local track project
  track=$(api -H 'Content-Type: audio/mpeg' --data-binary @"$work/music.mp3" "$base/api/admin/music?title=bench" | jq -r .id)
  project=$(api -H 'Content-Type: application/json' -X POST "$base/api/studio/projects" \
    -d '{"title":"bench","width":1280,"height":720,"frame_rate":30}' | jq -r .id)
  [ -n "$track" ] && [ "$track" != null ] && [ -n "$project" ] && [ "$project" != null ] || die "studio set-up failed"

  add_clip() { # add_clip -> "id<TAB>ms", once the clip is ready
    local id json
    id=$(api -H 'Content-Type: image/jpeg' --data-binary @"$work/photo.jpg" \
      "$base/api/studio/projects/$project/clips?motion=zoom_in&duration_ms=3000" | jq -r .id)
    [ -n "$id" ] && [ "$id" != null ] || die "adding a clip failed"
    json=$(settle "$base/api/studio/projects/$project/clips/$id")
    [ "$(jq -r .status <<<"$json")" = ready ] || die "clip $id ended: $json"
    printf '%s\t%s\n' "$id" "$(record_ms "$json")"
  }
  # The Ken Burns filter as one would write it by hand for this clip (90 frames).
  local kb="scale=5120:2880:force_original_aspect_ratio=increase,crop=5120:2880,setsar=1,"
  kb+="zoompan=z='1+0.25*min(on/89,1)*min(on/89,1)*(3-2*min(on/89,1))':x='(iw-iw/zoom)/2':y='(ih-ih/zoom)/2':d=90:s=1280x720:fps=30,format=yuv420p"
  reference_clip() {
    local started
    started=$(now_ms)
    ffmpeg -nostdin -v error -y -i "$work/photo.jpg" -vf "$kb" -frames:v 90 -c:v libx264 -preset veryfast -crf 20 \
      -pix_fmt yuv420p -r 30 -movflags +faststart "$work/ref/clip.mp4"
    echo $(($(now_ms) - started))
  }

  local rows="$work/rows.tsv" round line
  : >"$rows"
  local ids=()
  for ((round = 1; round <= repeat; round++)); do
    log "generation round $round/$repeat"
    line=$(add_clip)
    ids+=("${line%%$'\t'*}")
    printf 'generate\t%s\t%s\t%s\n' "$round" "${line##*$'\t'}" "$(reference_clip)" >>"$rows"
  done
  while [ "${#ids[@]}" -lt "$clips" ]; do
    line=$(add_clip)
    ids+=("${line%%$'\t'*}")
  done

  # The same compile by hand: the clips as Marquee keeps them, one xfade chain, the music.
  local k clip_args=() graph="" last="[0:v]" offset=0
  for ((k = 0; k < clips; k++)); do
    curl -fsS -o "$work/ref/c$k.mp4" "$base$(api "$base/api/studio/projects/$project/clips/${ids[$k]}" | jq -r .video_url)"
    clip_args+=(-i "$work/ref/c$k.mp4")
  done
  for ((k = 1; k < clips; k++)); do
    offset=$(awk -v o="$offset" 'BEGIN { printf "%.3f", o + 3.0 - 0.5 }')
    local out="[x$k]"
    [ "$k" -eq $((clips - 1)) ] && out="[v]"
    graph+="$last[$k:v]xfade=transition=fade:duration=0.5:offset=$offset$out;"
    last=$out
  done
  local total
  total=$(awk -v n="$clips" 'BEGIN { printf "%.3f", n * 3.0 - (n - 1) * 0.5 }')
  graph+="[$clips:a]atrim=duration=$total,volume=0.60,afade=t=out:st=$(awk -v t="$total" 'BEGIN { printf "%.3f", t - 2 }'):d=2[a]"
  reference_compile() {
    local started
    started=$(now_ms)
    ffmpeg -nostdin -v error -y "${clip_args[@]}" -stream_loop -1 -i "$work/music.mp3" -filter_complex "$graph" \
      -map '[v]' -map '[a]' -c:v libx264 -preset veryfast -crf 20 -pix_fmt yuv420p -r 30 -c:a aac -b:a 160k \
      -ar 48000 -t "$total" -movflags +faststart "$work/ref/final.mp4"
    echo $(($(now_ms) - started))
  }
  local body
  body=$(jq -cn --argjson ids "$(printf '%s\n' "${ids[@]:0:$clips}" | jq -R . | jq -s .)" --arg track "$track" \
    '{clip_ids: $ids, transition: "fade", transition_ms: 500, music_track_id: $track, music_volume: 60, fade_out_ms: 2000}')
  marquee_compile() {
    local id json
    id=$(api -H 'Content-Type: application/json' -X POST "$base/api/studio/projects/$project/compile" -d "$body" | jq -r .id)
    json=$(settle "$base/api/studio/final-videos/$id")
    [ "$(jq -r .status <<<"$json")" = ready ] || die "compile $id ended: $json"
    record_ms "$json"
  }
  for ((round = 1; round <= repeat; round++)); do
    log "compile round $round/$repeat"
    printf 'compile\t%s\t%s\t%s\n' "$round" "$(marquee_compile)" "$(reference_compile)" >>"$rows"
  done
  stop_pid "$pid"

  local commit section="$work/section.md"
  commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
  {
    echo "## studio: clip generation and compiles against ffmpeg by hand"
    echo
    echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); Marquee: $marquee_bin at $commit; $(ffmpeg -version | head -1 | cut -d' ' -f1-3)"
    echo "- Command: \`scripts/bench studio --clips $clips --repeat $repeat\`"
    echo "- Generation: a 1600x1200 JPEG made into a 3 s zoom_in clip at 1280x720 30 fps, from the photo's POST to"
    echo "  the clip being ready, by Marquee's own clock (the clip's created_at to its updated_at; the bench polls every"
    echo "  250 ms and takes no CPU meanwhile): photo intake (probe, EXIF, re-encode), the ledger, the durable job, the"
    echo "  Ken Burns ffmpeg run, the store. Reference: the same zoompan filter in one ffmpeg command run by hand."
    echo "- Compile: $clips clips of 3 s, 0.5 s fade transitions, a 12 s MP3 looped at 60 % with a 2 s fade out, from"
    echo "  the POST to \`ready\` (the final video's created_at to its updated_at): the job, fetching the clips and the"
    echo "  music from the store, the ffmpeg run, storing the MP4. Reference: one hand-written ffmpeg command doing the"
    echo "  same to the same clip files."
    echo "  Target: ≤ 1.1×."
    echo
    echo "| work | round | Marquee ms | ffmpeg by hand ms | ratio |"
    echo "|---|---:|---:|---:|---:|"
    awk -F'\t' '{ printf "| %s | %d | %d | %d | %.2f× |\n", $1, $2, $3, $4, $3 / $4 }' "$rows"
    echo
    awk -F'\t' '
      { sum[$1] += $3; ref[$1] += $4; n[$1]++ }
      END {
        g = sum["generate"] / ref["generate"]; c = sum["compile"] / ref["compile"]
        printf "Generation: %.1f s a clip, %.2f× ffmpeg by hand. Compile: %.1f s for the project, %.2f× ffmpeg by hand: %s.\n",
          sum["generate"] / n["generate"] / 1000, g, sum["compile"] / n["compile"] / 1000, c, (c <= 1.1 ? "met" : "**missed**")
      }' "$rows"
  } >"$section"
  write_section studio "$section"
  cat "$section"
}
