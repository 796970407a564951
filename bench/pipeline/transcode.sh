# shellcheck shell=bash
# scripts/bench transcode: upload complete → `ready` for a 30 s 1080p30 source, against the
# bare one-pass ffmpeg ladder command Marquee runs (its exact argv, read from /proc while
# Marquee runs it, with only the source path, the output directory and `-progress pipe:1`
# changed) and against one ffmpeg run per rung in sequence, same input, same run. Sourced by
# bench/pipeline/pipeline.sh.

pipeline_transcode() {
  local src work rows round i
  pl_source src main
  make_tmp work
  rows="$work/rows.tsv"
  : >"$rows"
  pl_start_marquee

  for ((round = 1; round <= repeat; round++)); do
    # 1. Marquee: tus upload, then poll GET /api/videos/{id} every 100 ms until ready.
    log "transcode round $round/$repeat: Marquee, upload complete → ready (load $(pl_load))"
    pl_node "$work/m$round.json" "$work/m$round.err" pipeline --base "$mq_base" --token "$mq_token" \
      --file "$src" --server-pid "$mq_pid" --until ready --delete --timeout-s 1500 --chunk-size "$chunk_size" \
      --title "transcode bench $round" --work "$work" --work-root "$mq_data/work" ||
      pl_marquee_failed "the Marquee transcode failed" "$work/m$round.err"
    jq -e '.ladder_argv != null' "$work/m$round.json" >/dev/null || die "Marquee's ladder ffmpeg was not seen in /proc"
    jq '.ladder_argv' "$work/m$round.json" >"$work/argv.json"
    log "  ready after $(jq '.ready_ms / 1000 | . * 100 | round / 100' "$work/m$round.json") s"

    pl_node "$work/cmds.json" "$work/cmds.err" ladder-commands --argv-json "$work/argv.json" --source "$src" \
      --out "$work/out" || { cat "$work/cmds.err" >&2; die "could not derive the reference commands"; }

    # 2. The bare one-pass command.
    local bare_load bare seq_load seq_wall=0 seq_cpu=0 one n cmd=()
    rm -rf "$work/out" && mkdir -p "$work/out"
    mapfile -t cmd < <(jq -r '.bare[]' "$work/cmds.json")
    bare_load=$(pl_load)
    log "transcode round $round/$repeat: bare one-pass ffmpeg (load $bare_load)"
    pl_time bare "$work/bare.err" "${cmd[@]}"
    log "  $(cut -f1 <<<"$bare") s wall, $(cut -f2 <<<"$bare") s CPU"

    # 3. One ffmpeg per rung, in sequence (the first also makes the audio rendition).
    rm -rf "$work/out" && mkdir -p "$work/out"
    n=$(jq '.sequential | length' "$work/cmds.json")
    seq_load=$(pl_load)
    log "transcode round $round/$repeat: $n sequential single-rendition ffmpeg runs (load $seq_load)"
    for ((i = 0; i < n; i++)); do
      mapfile -t cmd < <(jq -r ".sequential[$i][]" "$work/cmds.json")
      pl_time one "$work/seq.err" "${cmd[@]}"
      seq_wall=$(awk -v a="$seq_wall" -v b="$(cut -f1 <<<"$one")" 'BEGIN { printf "%.2f", a + b }')
      seq_cpu=$(awk -v a="$seq_cpu" -v b="$(cut -f2 <<<"$one")" 'BEGIN { printf "%.2f", a + b }')
    done
    log "  $seq_wall s wall, $seq_cpu s CPU"
    rm -rf "$work/out"

    # round, Marquee load, ready, playable, children CPU, server CPU, ladder start, ladder
    # end, images end (or ladder end), bare load, bare wall, bare CPU, seq load, seq wall,
    # seq CPU, rungs, the bench client's own CPU during the Marquee run
    jq -r --arg round "$round" --arg bare "$bare" --arg bl "$bare_load" --arg sl "$seq_load" \
      --arg sw "$seq_wall" --arg sc "$seq_cpu" --arg n "$n" '
      [ $round, .load_1m, .ready_ms / 1000, .playable_ms / 1000, .cpu.children_s, .cpu.self_s,
        .phases.ladder.first_seen_ms / 1000, .phases.ladder.last_seen_ms / 1000,
        ((.phases.images.last_seen_ms // .phases.ladder.last_seen_ms) / 1000),
        $bl, ($bare | split("\t")[0]), ($bare | split("\t")[1]), $sl, $sw, $sc, $n, .cpu.client_s ] | @tsv' \
      "$work/m$round.json" >>"$rows"
  done
  pl_stop_marquee

  local argv facts
  argv=$(jq -r '.ladder_argv | join(" ")' "$work/m1.json")
  argv=${argv//"$mq_data"/<data-dir>}
  facts=$(ffprobe -v error -show_entries format=bit_rate,size -of json "$src" |
    jq -r '.format | "\(.size | tonumber / 1e6 * 10 | round / 10) MB, \(.bit_rate | tonumber / 1e6 * 100 | round / 100) Mbit/s"')
  render_transcode_section "$rows" "$argv" "$facts" >"$work/section.md"
  write_section transcode "$work/section.md"
  cat "$work/section.md"
  log "wrote the transcode section of ${results_md#"$root"/}"
}

render_transcode_section() { # render_transcode_section ROWS ARGV SOURCE_FACTS
  local rows=$1 argv=$2 facts=$3
  pl_header "transcode: upload complete → ready vs the bare ffmpeg ladder"
  cat <<EOF
- Source: 30 s 1920×1080 30 fps, lavfi \`testsrc2\` + 440 Hz \`sine\`, H.264 High (libx264 veryfast,
  8 Mbit/s VBR, 2 s GOP) + AAC-LC 128 kbit/s stereo, mp4 ($facts).
  Marquee's ladder for it: 1080p, 720p, 480p, 360p, 240p (CRF 23 capped) + one shared AAC rendition, 4 s fMP4 segments.
- Marquee: the file is uploaded with tus-js-client (chunkSize $chunk_size); the clock starts when
  the final PATCH is answered (the source is then in the blob store and the job queued) and
  stops at the first \`GET /api/videos/{id}\` (polled every 100 ms) that says \`ready\` — so it
  covers queue pickup, ffprobe, the ladder (whose ffmpeg also makes the poster candidates,
  thumbnails and storyboard), picking the poster, publishing into the blob store and the
  database writes. CPU: user+sys of the ffmpeg/ffprobe children the server
  reaped in that window (\`cutime+cstime\` in /proc/PID/stat), and the server's own threads.
- Reference: the bare one-pass ffmpeg command, the exact argv Marquee ran (read from
  /proc/PID/cmdline during the run) with the source path and output directory swapped and
  \`-progress pipe:1\` dropped, on the same file, timed with \`/usr/bin/time\` (wall, user+sys);
  like Marquee's, it also writes the poster candidates, thumbnails and storyboard.
  Also: one ffmpeg per rung in sequence (same options per rung, the first also encodes the
  audio rendition), the way some platforms do it — each run decodes and scales the source again.
- Rounds are interleaved (Marquee, bare, sequential; then again); ratios are taken within a
  round, then the median over $repeat round(s) is reported. The 1-min load average is noted at
  the start of each measurement: **this machine is shared**, and the other sessions' load
  lands on whichever measurement it happens to overlap.
- Target: Marquee's upload-complete → ready ≤ 1.05× the bare one-pass command's wall time.

| round | load (M / bare / seq) | Marquee → ready (s) | of which ladder ffmpeg (s) | before ladder (s) | after ladder (s) | Marquee ffmpeg CPU (s) | server CPU (s) | bare wall (s) | bare CPU (s) | sequential wall (s) | sequential CPU (s) | Marquee ÷ bare (wall) | Marquee ÷ bare (CPU) |
|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
EOF
  # rows: 1 round, 2 mload, 3 ready, 4 playable, 5 ccpu, 6 scpu, 7 lstart, 8 lend, 9 iend,
  #       10 bload, 11 bwall, 12 bcpu, 13 sload, 14 swall, 15 scpu, 16 rungs, 17 client CPU
  awk -F'\t' "$pl_awk_lib"'
    {
      ladder = $8 - $7; before = $7; after = $3 - $8
      printf "| %d | %.1f / %.1f / %.1f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.3f× | %.3f× |\n",
        $1, $2, $10, $13, $3, ladder, before, after, $5, $6, $11, $12, $14, $15, $3 / $11, $5 / $12
      rw = rw " " $3 / $11; rc = rc " " $5 / $12; sw = sw " " $3 / $14; sc = sc " " $5 / $15
      bs = bs " " $14 / $11; bc = bc " " $15 / $12
      mw = mw " " $3; mc = mc " " $5; bw = bw " " $11; bcp = bcp " " $12; sww = sww " " $14; scp = scp " " $15
      lad = lad " " ladder; bef = bef " " before; aft = aft " " after; img = img " " ($9 - $8); pub = pub " " ($3 - $9)
      lw = lw " " ladder / $11; cl = cl " " $17
      rungs = $16; n++
    }
    END {
      print ""
      printf "Medians over %d round(s):\n\n", n
      print "| | Marquee (upload complete → ready) | bare one-pass ffmpeg | Marquee ÷ bare | " rungs " sequential single-rendition runs | Marquee ÷ sequential |"
      print "|---|---:|---:|---:|---:|---:|"
      printf "| wall (s) | %.2f | %.2f | **%.3f×** (range %s) | %.2f | %.3f× |\n", median(mw), median(bw), median(rw), lo_hi(rw, "%.3f"), median(sww), median(sw)
      printf "| CPU, user+sys (s) | %.2f | %.2f | %.3f× | %.2f | %.3f× |\n", median(mc), median(bcp), median(rc), median(scp), median(sc)
      print ""
      printf "Sequential ÷ bare one-pass: %.2f× wall, %.2f× CPU.\n\n", median(bs), median(bc)
      printf "Where Marquee'"'"'s time goes (medians, from its children seen in /proc every 100 ms): %.2f s before the ladder ffmpeg starts (job pickup, ffprobe); %.2f s of ladder ffmpeg (%.3f× the bare run of the same round); %.2f s after it (%.2f s in a separate image ffmpeg, if any; %.2f s picking the poster, publishing into the blob store, database writes and the 100 ms poll).\n\n",
        median(bef), median(lad), median(lw), median(aft), median(img), median(pub)
      printf "During Marquee'"'"'s run the bench client itself (100 ms API polls, /proc sampling) used %.2f s of CPU, a cost the bare run does not carry.\n\n", median(cl)
      printf "Target check: Marquee ÷ bare one-pass (wall) = %.3f× against ≤ 1.05×: %s\n", median(rw),
        (median(rw) <= 1.05) ? "met" : "**missed**"
    }' "$rows"
  cat <<EOF

<details><summary>The ladder command Marquee ran (round 1)</summary>

\`\`\`
$argv
\`\`\`
</details>
EOF
}
