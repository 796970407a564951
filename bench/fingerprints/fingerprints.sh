# scripts/bench fingerprints: the blocklist lookup at 10,000 to 1,000,000 blocked frame hashes
# (marquee dev fingerprint-bench: the index vs a brute-force scan in the same run), and the
# transcode with the fingerprint branch vs without it (the same ffmpeg command, minus the
# branch) on the 30 s 1080p30 source of the pipeline benches. Sourced by scripts/bench.

bench_fingerprints() {
  local sizes="10000 100000 1000000" queries=20 transcode_repeat=3
  local cmd="scripts/bench fingerprints"
  [ $# -gt 0 ] && cmd="$cmd $*"
  while [ $# -gt 0 ]; do
    case "$1" in
      --sizes) sizes=${2:?--sizes needs a value}; shift 2 ;;
      --queries) queries=${2:?--queries needs a value}; shift 2 ;;
      --repeat) transcode_repeat=${2:?--repeat needs a value}; shift 2 ;;
      -h | --help) usage; exit 0 ;;
      *) usage; exit 2 ;;
    esac
  done
  "$root/scripts/setup"
  [ -n "${MARQUEE_BENCH_BIN:-}" ] || "$root/scripts/build" release
  [ -x "$marquee_bin" ] || die "no $marquee_bin after scripts/build release"

  local work
  make_tmp work
  local rows="$work/lookup.tsv"
  : >"$rows"
  local n json
  for n in $sizes; do
    log "fingerprint lookup with $n blocked hashes"
    json=$("$marquee_bin" dev fingerprint-bench --stored "$n" --queries "$queries") || die "fingerprint-bench failed"
    printf '%s\t%s\n' "$n" "$json" >>"$rows"
  done

  # The transcode: the ladder's own ffmpeg command (printed by the server's code path is not
  # reachable from here), reproduced with and without the fingerprint branch.
  local source="$work/source.mp4"
  ffmpeg -v error -y -f lavfi -i testsrc2=size=1920x1080:rate=30 -f lavfi -i sine=frequency=440 -t 30 \
    -c:v libx264 -preset ultrafast -crf 18 -c:a aac -pix_fmt yuv420p "$source" || die "making the source failed"
  local ladder='[0:v]fps=30,split=BRANCHES[s0][s1][s2]FP_OUT;[s0]scale=1920:1080:flags=bicubic,setsar=1,format=yuv420p[v0];[s1]scale=1280:720:flags=bicubic,setsar=1,format=yuv420p[v1];[s2]scale=640:360:flags=bicubic,setsar=1,format=yuv420p[v2]'
  transcode_once() { # transcode_once with|without OUT_DIR: prints seconds
    local mode=$1 out=$2 graph extra=()
    rm -rf "$out"; mkdir -p "$out"
    if [ "$mode" = with ]; then
      graph=${ladder/BRANCHES/4}; graph=${graph/FP_OUT/[s3]}
      graph="$graph;[s3]fps=1,scale=128:128:flags=area,format=gray[fp_luma]"
      extra=(-map '[fp_luma]' -f rawvideo -pix_fmt gray "$out/fingerprint.gray")
    else
      graph=${ladder/BRANCHES/3}; graph=${graph/FP_OUT/}
    fi
    local start end
    start=$(date +%s.%N)
    ffmpeg -v error -y -i "$source" -filter_complex "$graph" "${extra[@]}" \
      -map '[v0]' -map '[v1]' -map '[v2]' -map 0:a -c:v libx264 -preset veryfast -c:a aac \
      -f hls -hls_time 4 -hls_playlist_type vod -hls_segment_type fmp4 \
      -var_stream_map 'v:0,agroup:a v:1,agroup:a v:2,agroup:a a:0,agroup:a' \
      -hls_segment_filename "$out/%v/seg_%05d.m4s" "$out/%v/index.m3u8" || die "ffmpeg ($mode) failed"
    end=$(date +%s.%N)
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }'
  }
  local round t_without t_with times="$work/transcode.tsv"
  : >"$times"
  for ((round = 1; round <= transcode_repeat; round++)); do
    t_without=$(transcode_once without "$work/without")
    t_with=$(transcode_once with "$work/with")
    log "transcode round $round/$transcode_repeat: without ${t_without} s, with ${t_with} s"
    printf '%s\t%s\n' "$t_without" "$t_with" >>"$times"
  done

  local commit cpu
  commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
  cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
  {
    cat <<EOF2
## fingerprints: blocklist lookups and the fingerprint's share of the transcode

- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) CPUs ($cpu); Marquee at $commit
- Command: \`$cmd\`
- Lookup: \`marquee dev fingerprint-bench\`: the blocklist index (16 chunks × 17 buckets,
  src/fingerprints/BlocklistIndex.h) against comparing every query hash with every stored one,
  in the same process. Stored hashes are uniform random 256-bit values in lists of 600 frames;
  an upload is 60 frames (a minute), either unrelated to everything stored or a copy of a stored
  list's frames with 0–20 bits of each hash flipped. Times are per upload (all its frames, each
  also mirrored). The brute force stops at a frame's first match, so a copy is its best case
  and an unrelated upload (every stored hash compared) its worst. Target: < 50 ms per upload
  at 1,000,000 stored hashes.

| stored hashes | index build (ms) | unrelated upload p50 / p99 (ms) | copy p50 / p99 (ms) | copies held | brute force p50, unrelated / copy (ms) | ratio to brute force (unrelated p50) |
|---:|---:|---:|---:|---:|---:|---:|
EOF2
    while IFS=$'\t' read -r n json; do
      node -e '
        const r = JSON.parse(process.argv[1]);
        const f = (x) => x.toFixed(2);
        console.log(`| ${r.stored_hashes} | ${f(r.build_ms)} | ${f(r.unrelated.index_p50_ms)} / ${f(r.unrelated.index_p99_ms)} | ${f(r.copy.index_p50_ms)} / ${f(r.copy.index_p99_ms)} | ${r.copy.held}/${r.copy.queries} (brute force ${r.copy.reference_held}/${r.copy.reference_queries}) | ${f(r.unrelated.reference_p50_ms)} / ${f(r.copy.reference_p50_ms)} | ${(r.unrelated.index_p50_ms / r.unrelated.reference_p50_ms).toFixed(4)}× |`);
      ' "$json"
    done <"$rows"
    cat <<EOF2

- Transcode: the 30 s 1080p30 source (testsrc2 + a tone) through a three-rung ladder (1080p,
  720p, 360p; x264 veryfast; fMP4 HLS), the way the server's command is built, with the
  fingerprint branch (\`fps=1,scale=128:128:flags=area,format=gray\` to a raw file: one more
  output of the same decode) and without it; $transcode_repeat interleaved rounds, wall time.
  Target: ≤ 1.05×.

| round | without (s) | with (s) | ratio |
|---:|---:|---:|---:|
EOF2
    awk -F'\t' '{ printf "| %d | %.2f | %.2f | %.3f× |\n", NR, $1, $2, $2 / $1; s1 += $1; s2 += $2 } END { printf "| all | %.2f | %.2f | %.3f× |\n", s1, s2, s2 / s1 }' "$times"
  } >"$work/section.md"
  write_section fingerprints "$work/section.md"
  log "wrote the fingerprints section of ${results_md#"$root"/}"
}
