# shellcheck shell=bash
# scripts/bench s3: Marquee's S3BlobStore against @aws-sdk/client-s3 (and lib-storage's
# Upload) on the same s3rver, in the same run: put from memory, put from a file, get into
# memory and get into a file, of 1 MiB and 64 MiB objects, 8 at a time. Sourced by
# scripts/bench, whose helpers it uses (log, die, make_tmp, write_section, pids/pgroups and
# the cleanup on exit). See bench/s3/README.md.
#
#   scripts/bench s3 [--repeat 3] [--count-1m 256] [--count-64m 16] [--parallel 8]
#
# Environment: MARQUEE_BENCH_BIN=PATH measures that marquee; MARQUEE_BENCH_S3_DRIVER=CMD is
# the Marquee side's command (default: `marquee dev blob-bench`).

s3_dir="$root/bench/s3"

s3_load() { cut -d' ' -f1 /proc/loadavg; }

s3_pick_driver() {
  if [ -n "${MARQUEE_BENCH_S3_DRIVER:-}" ]; then
    s3_driver=$MARQUEE_BENCH_S3_DRIVER
    s3_driver_desc="\`$MARQUEE_BENCH_S3_DRIVER\` (MARQUEE_BENCH_S3_DRIVER)"
  else
    s3_driver="$marquee_bin dev blob-bench"
    s3_driver_desc="\`marquee dev blob-bench\` (src/dev/BlobBench.h)"
  fi
}

# ---------------------------------------------------------------------------------------
# The measurements, under scripts/with-s3 (MARQUEE_TEST_S3_URL, MARQUEE_TEST_S3_ENDPOINT,
# AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY). Rows (TSV) to $1:
#   round size_label op target load seconds mb_per_s client_cpu_s server_cpu_s server_written_bytes
#   other_work_cores

s3_server_pid() { # the pid listening on the endpoint's port: s3rver, for its CPU and I/O
  local port=${MARQUEE_TEST_S3_ENDPOINT##*:}
  ss -ltnpH "sport = :$port" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -n1
}
s3_server_cpu() { awk '{ printf "%.2f", ($14 + $15) / 100 }' "/proc/$1/stat"; }
s3_server_written() { awk '$1 == "write_bytes:" { print $2 }' "/proc/$1/io"; }

s3_block() {
  local out=$1 work spid
  [ -n "${MARQUEE_TEST_S3_URL:-}" ] || die "MARQUEE_TEST_S3_URL is not set (run under scripts/with-s3)"
  make_tmp work
  spid=$(s3_server_pid)
  [ -n "$spid" ] && [ -r "/proc/$spid/stat" ] || die "cannot find the S3 server's pid at $MARQUEE_TEST_S3_ENDPOINT"
  log "s3: s3rver (pid $spid) at $MARQUEE_TEST_S3_ENDPOINT; Marquee side: $s3_driver"
  tr '\0' ' ' <"/proc/$spid/cmdline" >"$out.server"
  : >"$out"

  # s3_run ROUND LABEL SIZE COUNT OP TARGET: one measurement, one row.
  s3_run() {
    local round=$1 label=$2 size=$3 count=$4 op=$5 target=$6 prefix json load cpu0 io0 cpu1 io1 mark other
    local -a cmd
    case "$target" in
      marquee | marquee-single) prefix="marquee-$label" ;;
      *) prefix="sdk-$label" ;;
    esac
    case "$target" in
      marquee) read -r -a cmd <<<"$s3_driver"; cmd+=(--blobs "$MARQUEE_TEST_S3_URL") ;;
      marquee-single) read -r -a cmd <<<"$s3_driver"; cmd+=(--blobs "$MARQUEE_TEST_S3_URL" --blob-part-size-mib 64) ;;
      sdk | sdk-putobject) cmd=(node "$s3_dir/sdk.mjs" --endpoint "$MARQUEE_TEST_S3_ENDPOINT" --bucket marquee-test --put single) ;;
      sdk-upload) cmd=(node "$s3_dir/sdk.mjs" --endpoint "$MARQUEE_TEST_S3_ENDPOINT" --bucket marquee-test --put multipart
        --part-size-mib 8 --queue-size 4) ;;
    esac
    cmd+=(--op "$op" --size "$size" --count "$count" --parallel "$s3_parallel" --prefix "$prefix" --scratch-dir "$work")
    load=$(s3_load)
    cpu0=$(s3_server_cpu "$spid")
    io0=$(s3_server_written "$spid")
    cpu_mark mark
    json=$(NODE_NO_WARNINGS=1 timeout -s KILL 900 "${cmd[@]}" 2>"$work/err") || {
      cat "$work/err" >&2
      die "$target $op $label failed"
    }
    cpu_others mark other cores
    cpu1=$(s3_server_cpu "$spid")
    io1=$(s3_server_written "$spid")
    jq -r --arg r "$round" --arg l "$label" --arg op "$op" --arg t "$target" --arg load "$load" \
      --arg sc "$(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN { printf "%.2f", b - a }')" --arg sw "$((io1 - io0))" --arg o "$other" \
      '[$r, $l, $op, $t, $load, .seconds, .mb_per_s, (.cpu_s // ""), $sc, $sw, $o] | @tsv' <<<"$json" >>"$out" ||
      die "$target $op $label printed no JSON: $json"
    log "  round $round, $label $op, $target: $(jq -r '.mb_per_s * 10 | round / 10' <<<"$json") MB/s (load $load)"
  }

  local round label size count op target
  local -a sides
  for ((round = 1; round <= s3_repeat; round++)); do
    for label in 1m 64m; do
      if [ "$label" = 1m ]; then size=$((1 << 20)) count=$s3_count_1m; else size=$((64 << 20)) count=$s3_count_64m; fi
      for op in put put-file get get-file; do
        # Each Marquee target next to its reference; which side goes first alternates by round.
        if [ "$label" = 64m ] && [[ "$op" == put* ]]; then
          sides=("marquee sdk-upload" "marquee-single sdk-putobject")
        else
          sides=("marquee sdk")
        fi
        local pair first second
        for pair in "${sides[@]}"; do
          read -r first second <<<"$pair"
          ((round % 2 == 0)) && read -r second first <<<"$pair"
          s3_run "$round" "$label" "$size" "$count" "$op" "$first"
          s3_run "$round" "$label" "$size" "$count" "$op" "$second"
        done
      done
    done
  done
}

# ---------------------------------------------------------------------------------------

render_s3_section() { # render_s3_section ROWS SERVER_CMDLINE LOAD_BEFORE LOAD_AFTER OTHER_WORK
  local rows=$1 server=$2 load0=$3 load1=$4 others=$5 cpu commit sdk_version storage_version
  cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
  commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
  if [ -n "$(git -C "$root" status --porcelain 2>/dev/null | head -n1)" ]; then commit="$commit (with uncommitted changes)"; fi
  sdk_version=$(jq -r .version "$s3_dir/node_modules/@aws-sdk/client-s3/package.json")
  storage_version=$(jq -r .version "$s3_dir/node_modules/@aws-sdk/lib-storage/package.json")
  cat <<EOF
## s3: S3BlobStore vs @aws-sdk/client-s3 on the same s3rver

- Date: $(date -u '+%Y-%m-%d %H:%M UTC')
- Machine: $(nproc) CPUs ($cpu), $(uname -sr), $(awk '/^MemTotal/ { printf "%.1f GiB RAM", $2 / 1048576 }' /proc/meminfo)
- Load average (1 min): $load0 before, $load1 after; per measurement in the first table (the bench's own
  threads count in it: 8 client threads and s3rver's I/O threads), with the work other than the bench's
  during that measurement, in cores. Work other than the bench's during the
  run: $others (\`cpu_others\` in scripts/bench: the machine's busy time minus the bench's own).
- Marquee: ${marquee_bin#"$root"/} at $commit; the Marquee side is $s3_driver_desc.
- Command: \`$s3_cmd\`
- Server: s3rver $(jq -r .version "$root/tests/interop/node_modules/s3rver/package.json") from scripts/with-s3 (Node $(node --version), one process, storing into a temp
  dir on the same disk), the only S3 server here; both clients talk to it over loopback, one after the other.
- Work: $s3_count_1m objects of 1 MiB, $s3_count_64m objects of 64 MiB, $s3_parallel operations at a time, keys \`<prefix>/<i>\`.
  \`put\`: from memory (Marquee \`put_bytes\`; SDK a Buffer body); \`put-file\`: from a local file in
  the page cache (Marquee \`put_file\`; SDK \`fs.createReadStream\` with its ContentLength);
  \`get\`: the whole object into memory (Marquee \`read\`, one ranged GET; SDK \`GetObject\` +
  \`transformToByteArray\`), every byte checked in the timed loop; \`get-file\`: into a local file
  (Marquee \`get_to_file\`; SDK \`GetObject\` piped into a temp file, renamed), checked after the clock.
  Inputs are made before the clock starts; MB/s = bytes ÷ wall time of the whole batch (MB = 10⁶ bytes).
- Marquee (\`marquee\`): S3BlobStore with the defaults \`marquee serve\` uses: objects up to 8 MiB in one
  PUT, larger ones by multipart upload in 8 MiB parts, 4 parts in flight per object (so up to 32
  requests at once here); Content-MD5 on every PUT and part, ETag checked; UNSIGNED-PAYLOAD.
  \`marquee-single\`: the same store with \`--blob-part-size-mib 64\`, so a 64 MiB object is one PUT.
- Reference: @aws-sdk/client-s3 $sdk_version (bench/s3/sdk.mjs, Node $(node --version)), path-style, with
  \`requestChecksumCalculation: WHEN_REQUIRED\`: with the SDK's default a streamed PutObject is sent
  aws-chunked with a trailing CRC32, which s3rver stores as is (the object read back differs), so a
  user of a store other than AWS sets this; the SDK then computes no checksum on PUT, while Marquee
  computes an MD5 of every byte. \`sdk\`: \`PutObject\` / \`GetObject\`. For 64 MiB uploads the
  reference is \`sdk-upload\`: @aws-sdk/lib-storage $storage_version's \`Upload\` — what the SDK's documentation
  gives for large objects — with Marquee's part size and parts in flight (\`partSize\` 8 MiB,
  \`queueSize\` 4); \`sdk-putobject\` is one \`PutObject\` of 64 MiB, next to \`marquee-single\`.
- Columns: "client CPU" is the client process's user+sys over the timed loop (getrusage /
  \`process.cpuUsage\`), per GB moved; "s3rver CPU" is the server's user+sys (/proc/PID/stat) during the
  run ÷ the run's wall time (1.0 = one core busy the whole time); "s3rver wrote" is its \`write_bytes\`
  (/proc/PID/io) ÷ the bytes put (a multipart upload is written as parts, then again as the object).
- Rounds: $s3_repeat; in each, every Marquee target runs right next to its reference, Marquee first in odd
  rounds and the SDK first in even ones; ratios are taken within a round, then the median.
- **The server, both clients and the other session's work share $(nproc) cores**: read the ratios.
- Target (issue 11): Marquee ≥ 1.0× the SDK's MB/s, for put and get, 1 MiB and 64 MiB, 8 in parallel.

| round | size | op | target | load | other work (cores) | seconds | MB/s | client CPU (s/GB) | s3rver CPU (cores) | s3rver wrote (× bytes) | ratio |
|---:|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|
EOF
  # rows: 1 round, 2 size, 3 op, 4 target, 5 load, 6 seconds, 7 mb/s, 8 client cpu, 9 server cpu, 10 server written,
  #       11 other work (cores)
  awk -F'\t' -v c1m="$s3_count_1m" -v c64m="$s3_count_64m" '
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
    function ref_of(size, op, target) {
      if (target == "marquee") return (size == "64m" && op ~ /^put/) ? "sdk-upload" : "sdk"
      if (target == "marquee-single") return "sdk-putobject"
      return ""
    }
    {
      n++; R[n] = $1; S[n] = $2; O[n] = $3; T[n] = $4; L[n] = $5; W[n] = $6; M[n] = $7; C[n] = $8; SC[n] = $9; SW[n] = $10; OW[n] = $11
      mb[$1, $2, $3, $4] = $7
      g = $2 SUBSEP $3 SUBSEP $4
      if (!(g in seen)) { seen[g] = 1; order[++ng] = g }
    }
    END {
      for (i = 1; i <= n; i++) {
        gb = ((S[i] == "1m") ? c1m * 1048576 : c64m * 67108864) / 1e9
        ref = ref_of(S[i], O[i], T[i]); ratio = "–"
        if (ref != "" && mb[R[i], S[i], O[i], ref] > 0) {
          r = M[i] / mb[R[i], S[i], O[i], ref]; ratio = sprintf("%.2f× %s", r, ref)
          ratios[S[i], O[i], T[i]] = ratios[S[i], O[i], T[i]] " " r
        }
        g = S[i] SUBSEP O[i] SUBSEP T[i]
        mbs[g] = mbs[g] " " M[i]
        if (C[i] != "") cpus[g] = cpus[g] " " C[i] / gb
        scs[g] = scs[g] " " SC[i] / W[i]; sws[g] = sws[g] " " SW[i] / (gb * 1e9)
        printf "| %d | %s | %s | %s | %.1f | %.2f | %.2f | %.0f | %s | %.2f | %.2f | %s |\n", R[i], (S[i] == "1m") ? "1 MiB" : "64 MiB",
          O[i], T[i], L[i], OW[i], W[i], M[i], (C[i] == "") ? "–" : sprintf("%.2f", C[i] / gb), SC[i] / W[i], SW[i] / (gb * 1e9), ratio
      }
      print ""
      print "Medians:"
      print ""
      print "| size | op | target | MB/s | range (MB/s) | client CPU (s/GB) | s3rver CPU (cores) | s3rver wrote (× bytes) | ratio to reference |"
      print "|---|---|---|---:|---:|---:|---:|---:|---:|"
      for (k = 1; k <= ng; k++) {
        split(order[k], p, SUBSEP)
        ref = ref_of(p[1], p[2], p[3])
        rr = (ref != "" && ratios[p[1], p[2], p[3]] != "") ? sprintf("**%.2f×** %s (range %s)", median(ratios[p[1], p[2], p[3]]), ref, lo_hi(ratios[p[1], p[2], p[3]], "%.2f")) : "reference"
        printf "| %s | %s | %s | %.0f | %s | %s | %.2f | %.2f | %s |\n", (p[1] == "1m") ? "1 MiB" : "64 MiB", p[2], p[3],
          median(mbs[order[k]]), lo_hi(mbs[order[k]], "%.0f"), (cpus[order[k]] == "") ? "–" : sprintf("%.2f", median(cpus[order[k]])),
          median(scs[order[k]]), median(sws[order[k]]), rr
        if (p[3] == "marquee" && ratios[p[1], p[2], p[3]] != "") {
          m = median(ratios[p[1], p[2], p[3]])
          check[++nc] = sprintf("- %s %s: %.2f× %s: %s", (p[1] == "1m") ? "1 MiB" : "64 MiB", p[2], m, ref, (m >= 1.0) ? "met" : "**missed**")
        }
      }
      print ""
      print "Target check (Marquee ≥ 1.0× the SDK, MB/s, median over rounds):"
      print ""
      for (i = 1; i <= nc; i++) print check[i]
    }' "$rows"
  cat <<EOF

<details><summary>The S3 server</summary>

\`\`\`
$(sed "s|$root/||g; s|${TMPDIR:-/tmp}/marquee-s3\.[A-Za-z0-9]*|<tmp>|g" <<<"$server")
\`\`\`
</details>
EOF
}

bench_s3() {
  s3_repeat=3
  s3_count_1m=256
  s3_count_64m=16
  s3_parallel=8
  s3_cmd="scripts/bench s3"
  [ $# -gt 0 ] && s3_cmd="$s3_cmd $*"
  while [ $# -gt 0 ]; do
    case "$1" in
      --repeat) s3_repeat=${2:?--repeat needs a value}; shift 2 ;;
      --count-1m) s3_count_1m=${2:?--count-1m needs a value}; shift 2 ;;
      --count-64m) s3_count_64m=${2:?--count-64m needs a value}; shift 2 ;;
      --parallel) s3_parallel=${2:?--parallel needs a value}; shift 2 ;;
      -h | --help) usage; exit 0 ;;
      *) usage; exit 2 ;;
    esac
  done
  local n
  for n in "$s3_repeat" "$s3_count_1m" "$s3_count_64m" "$s3_parallel"; do
    [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "counts must be positive numbers"
  done

  "$root/scripts/setup"
  [ -n "${MARQUEE_BENCH_BIN:-}" ] || "$root/scripts/build" release
  [ -x "$marquee_bin" ] || die "no $marquee_bin after scripts/build release"
  local tool
  for tool in node npm jq ss timeout; do command -v "$tool" >/dev/null || die "$tool is not installed"; done
  (cd "$s3_dir" && { [ -d node_modules ] || npm ci --no-audit --no-fund --silent; }) || die "npm ci in bench/s3 failed"
  s3_pick_driver

  local work child load0 load1 mark others
  make_tmp work
  load0=$(s3_load)
  cpu_mark mark
  MARQUEE_BENCH_S3="$s3_repeat $s3_count_1m $s3_count_64m $s3_parallel" MARQUEE_BENCH_S3_DRIVER_CMD=$s3_driver \
    setsid "$root/scripts/with-s3" "$self" __s3_block "$work/rows.tsv" &
  child=$!
  pgroups+=("$child")
  wait "$child" || die "the s3 measurements failed"
  load1=$(s3_load)
  cpu_others mark others

  render_s3_section "$work/rows.tsv" "$(cat "$work/rows.tsv.server")" "$load0" "$load1" "$others" >"$work/section.md"
  write_section s3 "$work/section.md"
  cat "$work/section.md"
  log "wrote the s3 section of ${results_md#"$root"/}"
}
