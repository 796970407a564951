# shellcheck shell=bash
# scripts/bench playable: upload complete → `playable` (every rendition's first segment
# servable) for the 30 s source and a long one (default 5 min), against the bare one-pass
# ffmpeg ladder's own first segments in the same run. Sourced by bench/pipeline/pipeline.sh.

pipeline_playable() {
  local short long work rows round kind file
  pl_source short main
  pl_source long long
  make_tmp work
  rows="$work/rows.tsv"
  : >"$rows"
  pl_start_marquee

  for ((round = 1; round <= repeat; round++)); do
    for kind in short long; do
      file=${!kind}
      local label="30 s"
      [ "$kind" = long ] && label="$((long_seconds / 60)) min"
      [ "$kind" = long ] && [ $((long_seconds % 60)) -ne 0 ] && label="$long_seconds s"
      # Marquee: until the API says playable, then the master playlist, every rendition's
      # playlist, init and first segment are fetched and ffprobe'd; the video is deleted
      # (which cancels its transcode) before anything else runs.
      log "playable round $round/$repeat, $label source: Marquee (load $(pl_load))"
      pl_node "$work/m.json" "$work/m.err" pipeline --base "$mq_base" --token "$mq_token" --file "$file" \
        --server-pid "$mq_pid" --until playable --verify --delete --timeout-s 600 --chunk-size "$chunk_size" \
        --work-root "$mq_data/work" \
        --title "playable bench $round" --work "$work" ||
        pl_marquee_failed "the Marquee run failed" "$work/m.err"
      jq -e '.ladder_argv != null' "$work/m.json" >/dev/null || die "Marquee's ladder ffmpeg was not seen in /proc"
      jq '.ladder_argv' "$work/m.json" >"$work/argv.json"
      log "  playable after $(jq '.playable_ms / 1000 | . * 100 | round / 100' "$work/m.json") s"

      # Reference: the same command, bare, until its own first segments are on disk.
      rm -rf "$work/out"
      local bare_load
      bare_load=$(pl_load)
      log "playable round $round/$repeat, $label source: bare ffmpeg first segments (load $bare_load)"
      pl_node "$work/b.json" "$work/b.err" first-segments --argv-json "$work/argv.json" --source "$file" \
        --out "$work/out" --interval-ms 100 --timeout-s 600 || { cat "$work/b.err" >&2; die "the bare ffmpeg run failed"; }
      rm -rf "$work/out"
      log "  first segments after $(jq '.first_segments_ms / 1000 | . * 100 | round / 100' "$work/b.json") s"

      # label, round, load, playable s, verified s, renditions verified, ffmpeg start s,
      # bare load, bare first segments s, source bytes, Marquee's ffmpeg first segments on disk s
      jq -r --arg name "$label" --arg round "$round" --arg bl "$bare_load" --slurpfile b "$work/b.json" '
        [ $name, $round, .load_1m, .playable_ms / 1000, .verified_ms / 1000,
          (.verify.renditions | map("\(.name) \(.codec)" + (if .width then " \(.width)x\(.height)" else "" end)) | join(", ")),
          .ladder_start_ms / 1000, $bl, $b[0].first_segments_ms / 1000, .upload_bytes,
          (.first_segments_on_disk_ms // 0) / 1000 ] | @tsv' \
        "$work/m.json" >>"$rows"
    done
  done
  pl_stop_marquee

  render_playable_section "$rows" >"$work/section.md"
  write_section playable "$work/section.md"
  cat "$work/section.md"
  log "wrote the playable section of ${results_md#"$root"/}"
}

render_playable_section() { # render_playable_section ROWS
  local rows=$1
  pl_header "playable: upload complete → first segments of every rendition servable"
  cat <<EOF
- Sources: the 30 s 1080p30 file of the \`transcode\` bench, and the same file concatenated
  $((long_seconds / 30))× ($long_seconds s, stream copy). Both get the same 5-rung ladder + audio.
- Marquee: upload with tus-js-client (chunkSize $chunk_size); the clock starts when the final
  PATCH is answered and stops at the first \`GET /api/videos/{id}\` (every 100 ms) that says
  \`playable\` (or \`ready\`). Then the check a player would make: the master playlist URL
  answers 200, and for every rendition its playlist, init segment and first segment load
  and ffprobe reads init + first segment ("verified at" is when that check finished). The
  video is then deleted, which cancels its transcode, before the next measurement.
- Reference: the bare one-pass command Marquee ran for that video (exact argv from
  /proc, \`-progress\` dropped), started by hand on the same file and watched every 100 ms
  until every rendition's playlist lists a first segment whose file (and init segment)
  exists — the earliest moment any server running this command could publish the video.
  The same check runs on Marquee's work directory during its run ("its ffmpeg's first
  segments on disk"), which splits Marquee's time into its ffmpeg's and its own.
- Target: < 5 s from upload complete to playable, and flat as the source gets longer
  (here: the long source's median within 1.2× the 30 s source's).

| source | round | load (M / bare) | Marquee → playable (s) | verified at (s) | its ffmpeg started at (s) | its ffmpeg's first segments on disk at (s) | bare ffmpeg first segments (s) | Marquee ÷ bare | renditions verified |
|---|---:|---|---:|---:|---:|---:|---:|---:|---|
EOF
  # rows: 1 label, 2 round, 3 load, 4 playable, 5 verified, 6 renditions, 7 ladder start,
  #       8 bare load, 9 bare first, 10 bytes, 11 on disk
  awk -F'\t' "$pl_awk_lib"'
    {
      printf "| %s | %d | %.1f / %.1f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f× | %s |\n", $1, $2, $3, $8, $4, $5, $7, $11, $9, $4 / $9, $6
      if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 }
      p[$1] = p[$1] " " $4; b[$1] = b[$1] " " $9; r[$1] = r[$1] " " $4 / $9; s[$1] = s[$1] " " $7
      d[$1] = d[$1] " " $11; after[$1] = after[$1] " " ($4 - $11); enc[$1] = enc[$1] " " ($11 - $7)
    }
    END {
      print ""
      print "Medians:"
      print ""
      print "| source | Marquee → playable (s) | range (s) | bare ffmpeg first segments (s) | Marquee ÷ bare | before its ffmpeg starts (s) | its ffmpeg to first segments (s) | first segments on disk → API says playable (s) |"
      print "|---|---:|---:|---:|---:|---:|---:|---:|"
      for (i = 1; i <= n; i++) {
        k = order[i]
        printf "| %s | **%.2f** | %s | %.2f | %.2f× | %.2f | %.2f | %.2f |\n", k, median(p[k]), lo_hi(p[k], "%.2f"), median(b[k]), median(r[k]),
          median(s[k]), median(enc[k]), median(after[k])
      }
      print ""
      short = order[1]; long = order[n]
      ok5 = 1
      for (i = 1; i <= n; i++) if (median(p[order[i]]) >= 5) ok5 = 0
      flat = median(p[long]) / median(p[short])
      printf "Target check: < 5 s for every source: %s (%s); flat: %s ÷ %s = %.2f× against ≤ 1.2×: %s.\n",
        ok5 ? "met" : "**missed**",
        (n > 1) ? sprintf("%.2f s and %.2f s", median(p[short]), median(p[long])) : sprintf("%.2f s", median(p[short])),
        long, short, flat, (flat <= 1.2) ? "met" : "**missed**"
      printf "\nThe bare command itself needs %.2f s (%s source) to write every first segment on this machine at this load; Marquee'"'"'s own share is the time before its ffmpeg starts (job pickup, ffprobe) plus first segments on disk → playable (its 100 ms playlist check, master playlist, database writes, the 100 ms poll).\n", median(b[short]), short
    }' "$rows"
}
