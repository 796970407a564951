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
  pl_start_marquee info # for the "ready" line with the server's phase times

  # Marquee runs first in odd rounds and after the bare runs in even ones: whichever ffmpeg
  # runs first after the previous round's sequential runs is ~3-5 % slower on this machine
  # (the bare command too, when it goes first), so an even --repeat counts both orders alike.
  # Round 1 is odd: the reference commands come from the argv of Marquee's first run.
  ((repeat % 2 == 0)) || log "transcode: --repeat $repeat is odd, so Marquee runs first in one round more than the bare command"
  for ((round = 1; round <= repeat; round++)); do
    local bare_load bare batch seq_load seq_wall=0 seq_cpu=0 one n cmd=()
    if ((round % 2 == 1)); then
      transcode_marquee_run "$round"
      transcode_bare_runs "$round"
    else
      transcode_bare_runs "$round"
      transcode_marquee_run "$round"
    fi

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

    # round, Marquee load, ready, playable, children CPU, server CPU, prepare, encode,
    # publish (the server's own phase times), bare load, bare wall, bare CPU, seq load,
    # seq wall, seq CPU, rungs, the bench client's own CPU during the Marquee run, batch
    # wall, batch CPU
    jq -r --arg round "$round" --arg bare "$bare" --arg batch "$batch" --arg bl "$bare_load" --arg sl "$seq_load" \
      --arg sw "$seq_wall" --arg sc "$seq_cpu" --arg n "$n" '
      [ $round, .load_1m, .ready_ms / 1000, .playable_ms / 1000, .cpu.children_s, .cpu.self_s,
        .server_phases.prepare_ms / 1000, .server_phases.encode_ms / 1000, .server_phases.publish_ms / 1000,
        $bl, ($bare | split("\t")[0]), ($bare | split("\t")[1]), $sl, $sw, $sc, $n, .cpu.client_s,
        ($batch | split("\t")[0]), ($batch | split("\t")[1]) ] | @tsv' \
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

# transcode_marquee_run ROUND: tus upload, then poll GET /api/videos/{id} every 100 ms until
# ready; writes $work/mROUND.json and (re)derives the reference commands in $work/cmds.json.
transcode_marquee_run() {
  local round=$1
  log "transcode round $round/$repeat: Marquee, upload complete → ready (load $(pl_load))"
  pl_node "$work/m$round.json" "$work/m$round.err" pipeline --base "$mq_base" --token "$mq_token" \
    --file "$src" --server-pid "$mq_pid" --until ready --delete --timeout-s 1500 --chunk-size "$chunk_size" \
    --title "transcode bench $round" --work "$work" --work-root "$mq_data/work" --server-log "$mq_dir/marquee.log" ||
    pl_marquee_failed "the Marquee transcode failed" "$work/m$round.err"
  jq -e '.ladder_argv != null' "$work/m$round.json" >/dev/null || die "Marquee's ladder ffmpeg was not seen in /proc"
  jq '.ladder_argv' "$work/m$round.json" >"$work/argv.json"
  log "  ready after $(jq '.ready_ms / 1000 | . * 100 | round / 100' "$work/m$round.json") s"
  pl_node "$work/cmds.json" "$work/cmds.err" ladder-commands --argv-json "$work/argv.json" --source "$src" \
    --out "$work/out" || { cat "$work/cmds.err" >&2; die "could not derive the reference commands"; }
}

# transcode_bare_runs ROUND: the bare one-pass command as a shell runs it, then under
# SCHED_BATCH as Marquee runs it (`chrt -b 0`), to tell the scheduling policy's share from
# Marquee's own. Sets bare_load, bare and batch ("wall<TAB>cpu").
transcode_bare_runs() {
  local round=$1 cmd=()
  rm -rf "$work/out" && mkdir -p "$work/out"
  mapfile -t cmd < <(jq -r '.bare[]' "$work/cmds.json")
  bare_load=$(pl_load)
  log "transcode round $round/$repeat: bare one-pass ffmpeg (load $bare_load)"
  pl_time bare "$work/bare.err" "${cmd[@]}"
  log "  $(cut -f1 <<<"$bare") s wall, $(cut -f2 <<<"$bare") s CPU"
  rm -rf "$work/out" && mkdir -p "$work/out"
  log "transcode round $round/$repeat: bare one-pass ffmpeg under SCHED_BATCH (load $(pl_load))"
  pl_time batch "$work/bare.err" chrt -b 0 "${cmd[@]}"
  log "  $(cut -f1 <<<"$batch") s wall, $(cut -f2 <<<"$batch") s CPU"
  rm -rf "$work/out"
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
  database writes. Marquee runs the ladder ffmpeg under SCHED_BATCH (docs/operations.md).
- Phases are the server's own times (its "ready" log line): *prepare* from the job's start to
  ffmpeg's (source lookup, ffprobe, planning), *encode* the ladder ffmpeg and reading its
  output, *publish* the poster choice, the blob store and the database writes; *queue + poll*
  is the rest (the job's pickup and the 100 ms poll). The bench reads /proc only until the
  ladder ffmpeg appears (for its argv), so the encode runs with only the API poll watching.
  CPU: user+sys of the ffmpeg/ffprobe children the server reaped in that window
  (\`cutime+cstime\` in /proc/PID/stat), and the server's own threads.
- Reference: the bare one-pass ffmpeg command, the exact argv Marquee ran (read from
  /proc/PID/cmdline during the run) with the source path and output directory swapped and
  \`-progress pipe:1\` dropped, on the same file, timed with \`/usr/bin/time\` (wall, user+sys);
  like Marquee's, it also writes the poster candidates, thumbnails and storyboard. It runs
  twice: as a shell runs it (the target's reference) and under \`chrt -b 0\` (SCHED_BATCH, as
  Marquee runs it), which tells the scheduling policy's gain from Marquee's own overhead.
  Also: one ffmpeg per rung in sequence (same options per rung, the first also encodes the
  audio rendition), the way some platforms do it — each run decodes and scales the source again.
- Rounds are interleaved: Marquee, bare, bare under SCHED_BATCH, sequential in odd rounds;
  bare, bare under SCHED_BATCH, Marquee, sequential in even ones: whichever runs first after
  the previous round's sequential runs is a few % slower here, Marquee or bare alike, so an
  even number of rounds weighs both orders equally; ratios are taken within a round, then the median over $repeat round(s) is reported. The
  1-min load average is noted at the start of each measurement: **this machine is shared**,
  and the other sessions' load lands on whichever measurement it happens to overlap.
- Target: Marquee's upload-complete → ready ≤ 1.05× the bare one-pass command's wall time.

| round | load (M / bare / seq) | Marquee → ready (s) | queue + poll (s) | prepare (s) | encode (s) | publish (s) | Marquee ffmpeg CPU (s) | server CPU (s) | bare wall (s) | bare CPU (s) | bare SCHED_BATCH wall (s) | sequential wall (s) | sequential CPU (s) | Marquee ÷ bare (wall) | Marquee ÷ bare SCHED_BATCH (wall) |
|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
EOF
  # rows: 1 round, 2 mload, 3 ready, 4 playable, 5 ccpu, 6 scpu, 7 prepare, 8 encode, 9 publish,
  #       10 bload, 11 bwall, 12 bcpu, 13 sload, 14 swall, 15 scpu, 16 rungs, 17 client CPU,
  #       18 batch wall, 19 batch CPU
  awk -F'\t' "$pl_awk_lib"'
    {
      queue = $3 - $7 - $8 - $9
      printf "| %d | %.1f / %.1f / %.1f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.3f× | %.3f× |\n",
        $1, $2, $10, $13, $3, queue, $7, $8, $9, $5, $6, $11, $12, $18, $14, $15, $3 / $11, $3 / $18
      rw = rw " " $3 / $11; rb = rb " " $3 / $18; rc = rc " " $5 / $12; sw = sw " " $3 / $14; sc = sc " " $5 / $15
      bs = bs " " $14 / $11; bc = bc " " $15 / $12; gain = gain " " $18 / $11
      mw = mw " " $3; mc = mc " " $5; bw = bw " " $11; bcp = bcp " " $12; btw = btw " " $18; btc = btc " " $19
      sww = sww " " $14; scp = scp " " $15
      qu = qu " " queue; pre = pre " " $7; enc = enc " " $8; pub = pub " " $9; ew = ew " " $8 / $11; eb = eb " " $8 / $18
      cl = cl " " $17
      rungs = $16; n++
    }
    END {
      print ""
      printf "Medians over %d round(s):\n\n", n
      print "| | Marquee (upload complete → ready) | bare one-pass ffmpeg | Marquee ÷ bare | bare under SCHED_BATCH | Marquee ÷ bare under SCHED_BATCH | " rungs " sequential single-rendition runs | Marquee ÷ sequential |"
      print "|---|---:|---:|---:|---:|---:|---:|---:|"
      printf "| wall (s) | %.2f | %.2f | **%.3f×** (range %s) | %.2f | %.3f× (range %s) | %.2f | %.3f× |\n", median(mw), median(bw), median(rw), lo_hi(rw, "%.3f"), median(btw), median(rb), lo_hi(rb, "%.3f"), median(sww), median(sw)
      printf "| CPU, user+sys (s) | %.2f | %.2f | %.3f× | %.2f | | %.2f | %.3f× |\n", median(mc), median(bcp), median(rc), median(btc), median(scp), median(sc)
      print ""
      printf "Sequential ÷ bare one-pass: %.2f× wall, %.2f× CPU. The bare command under SCHED_BATCH ÷ as a shell runs it: %.3f× wall.\n\n", median(bs), median(bc), median(gain)
      printf "Where Marquee'"'"'s time goes (medians, the server'"'"'s own phase times): %.2f s queue pickup and poll; %.2f s preparing (source lookup, ffprobe, planning); %.2f s encoding (%.3f× the bare run of the same round, %.3f× the bare run under SCHED_BATCH); %.2f s publishing (poster choice, blob store, database).\n\n",
        median(qu), median(pre), median(enc), median(ew), median(eb), median(pub)
      printf "During Marquee'"'"'s run the bench client itself (100 ms API polls; /proc until the ladder started) used %.2f s of CPU, a cost the bare run does not carry.\n\n", median(cl)
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
