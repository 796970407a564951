# shellcheck shell=bash
# scripts/bench classifier: what the content classifier (scanning.classifier_url with
# tools/classifier) adds to upload complete → playable, on the 30 s 1080p30 source: Marquee
# without it vs with it, alternating round by round in the same run. Sourced by
# bench/pipeline/pipeline.sh.

pipeline_classifier() {
  local short work rows round side
  pl_source short main
  make_tmp work
  rows="$work/rows.tsv"
  : >"$rows"
  "$root/tools/classifier/run" --install-only || die "installing tools/classifier failed"
  local port
  port=$(free_port)
  setsid node "$root/tools/classifier/server.mjs" --port "$port" >"$work/classifier.log" 2>&1 &
  local classifier_pid=$!
  pgroups+=("$classifier_pid")
  wait_http "http://127.0.0.1:$port/health" "$classifier_pid" "$work/classifier.log"
  local plain_env=("${pl_marquee_env[@]}")

  for ((round = 1; round <= repeat; round++)); do
    for side in without with; do
      pl_marquee_env=("${plain_env[@]}")
      [ "$side" = with ] && pl_marquee_env+=(MARQUEE_SCANNING_CLASSIFIER_URL="http://127.0.0.1:$port/classify")
      pl_start_marquee info
      log "classifier round $round/$repeat, $side it (load $(pl_load))"
      pl_node "$work/m.json" "$work/m.err" pipeline --base "$mq_base" --token "$mq_token" --file "$short" \
        --server-pid "$mq_pid" --until playable --delete --timeout-s 600 --chunk-size "$chunk_size" \
        --work-root "$mq_data/work" --title "classifier bench $round" --work "$work" ||
        pl_marquee_failed "the Marquee run failed" "$work/m.err"
      log "  playable after $(jq '.playable_ms / 1000 | . * 100 | round / 100' "$work/m.json") s"
      if [ "$side" = with ] && ! grep -q "marquee_uploads_classified_total 1" <(curl -fsS "$mq_base/metrics"); then
        pl_marquee_failed "the classifier did not answer for the upload" "$mq_dir/marquee.log"
      fi
      # side, round, load, playable s, its ffmpeg started at s
      jq -r --arg side "$side" --arg round "$round" \
        '[ $side, $round, .load_1m, .playable_ms / 1000, .ladder_start_ms / 1000 ] | @tsv' "$work/m.json" >>"$rows"
      pl_stop_marquee
    done
  done
  pl_marquee_env=("${plain_env[@]}")
  stop_pid "$classifier_pid"
  pl_forget pgroups "$classifier_pid"

  render_classifier_section "$rows" >"$work/section.md"
  write_section classifier "$work/section.md"
  cat "$work/section.md"
  log "wrote the classifier section of ${results_md#"$root"/}"
}

render_classifier_section() { # render_classifier_section ROWS
  local rows=$1
  pl_header "classifier: what image classification adds before a video plays"
  cat <<EOF
- Source: the 30 s 1080p30 file of the \`transcode\` bench (a test pattern; no rule applies).
- Marquee with \`scanning.classifier_url\` pointing at tools/classifier (nsfwjs MobileNetV2 on
  TensorFlow.js's WebAssembly backend, the same machine) and its default 5 frames and rules,
  vs without it; a fresh server per measurement, the two alternating round by round. The
  clock starts when the upload's final PATCH is answered and stops when the API says
  \`playable\`. The classifier runs beside the encode, and the video turns playable once
  both its first segments and the classifier's answer are in.
- Reference: Marquee without the classifier, in the same run.

| round | without: load | without: playable (s) | without: ffmpeg started at (s) | with: load | with: playable (s) | with: ffmpeg started at (s) |
|---:|---:|---:|---:|---:|---:|---:|
EOF
  awk -F'\t' "$pl_awk_lib"'
    { load[$1, $2] = $3; playable[$1, $2] = $4; start[$1, $2] = $5; if ($2 > rounds) rounds = $2 }
    END {
      for (r = 1; r <= rounds; r++) {
        printf "| %d | %.1f | %.2f | %.2f | %.1f | %.2f | %.2f |\n", r, load["without", r], playable["without", r],
               start["without", r], load["with", r], playable["with", r], start["with", r]
        pw = pw " " playable["without", r]; pc = pc " " playable["with", r]
        sw = sw " " start["without", r]; sc = sc " " start["with", r]
      }
      print ""
      printf "Medians: playable after %.2f s without the classifier, %.2f s with it: **%.2f×**; its ffmpeg starts %.2f s later (%.2f s vs %.2f s).\n",
             median(pw), median(pc), median(pc) / median(pw), median(sc) - median(sw), median(sc), median(sw)
    }' "$rows"
}
