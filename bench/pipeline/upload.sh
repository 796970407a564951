# shellcheck shell=bash
# scripts/bench upload: a 500 MB tus upload into Marquee with tus-js-client, against a bare
# HTTP PUT of the same file (curl -T into a minimal Node server that writes it to disk and
# fsyncs) and against @tus/server with @tus/file-store, in the same run. Sourced by
# bench/pipeline/pipeline.sh.

pl_write_bytes() { # pl_write_bytes PID: bytes the process has sent to storage (/proc/PID/io)
  awk '$1 == "write_bytes:" { print $2 }' "/proc/$1/io"
}

pipeline_upload() {
  local work rows file bytes round
  make_tmp work
  rows="$work/rows.tsv"
  : >"$rows"
  file="$work/upload.bin"
  bytes=$((upload_mb * 1000000))
  log "upload: writing $upload_mb MB of random bytes"
  head -c "$bytes" /dev/urandom >"$file"
  cat "$file" >/dev/null # in the page cache, like for every target
  pl_start_marquee

  # The references, each with its own directory on the same filesystem.
  mkdir -p "$work/put" "$work/tus"
  local pport tport ppid tpid
  pport=$(free_port)
  node "$pl_dir/put-server.mjs" "$pport" "$work/put" >"$work/put.log" 2>&1 &
  ppid=$!
  pids+=("$ppid")
  wait_http "http://127.0.0.1:$pport/ready" "$ppid" "$work/put.log"
  tport=$(free_port)
  node "$pl_dir/tus-server.mjs" "$tport" "$work/tus" >"$work/tus.log" 2>&1 &
  tpid=$!
  pids+=("$tpid")
  local i
  for ((i = 0; i < 100; i++)); do
    curl -fsS -o /dev/null --max-time 1 -X OPTIONS "http://127.0.0.1:$tport/files" 2>/dev/null && break
    kill -0 "$tpid" 2>/dev/null || { cat "$work/tus.log" >&2; die "@tus/server exited"; }
    sleep 0.1
  done
  [ "$i" -lt 100 ] || die "@tus/server did not answer"
  log "upload: bare PUT server (pid $ppid) on :$pport, @tus/server (pid $tpid) on :$tport, Marquee on $mq_base"

  local auth="Authorization: Bearer $mq_token"
  local meta=(--metadata filename=bench-upload.mp4 --metadata filetype=video/mp4 --metadata visibility=private)
  local target load seconds extra out spid io0 tail
  for ((round = 1; round <= repeat; round++)); do
    for target in bare-put marquee tus-server marquee-64k tus-server-64k marquee-curl; do
      sync -f "$work" # the previous target's writeback is not this one's to pay
      load=$(pl_load)
      log "upload round $round/$repeat: $target (load $load)"
      extra=""
      tail=""
      case "$target" in
        bare-put) spid=$ppid ;;
        tus-server*) spid=$tpid ;;
        *) spid=$mq_pid ;;
      esac
      io0=$(pl_write_bytes "$spid")
      case "$target" in
        bare-put)
          out=$(curl -sS --max-time 600 -T "$file" -H 'Expect:' -o /dev/null -w '%{http_code} %{time_total}' \
            "http://127.0.0.1:$pport/upload.bin") || die "the PUT failed"
          [ "${out%% *}" = 201 ] || die "the PUT answered $out"
          seconds=${out#* }
          [ "$(stat -c %s "$work"/put/put-*)" = "$bytes" ] || die "the PUT server stored the wrong size"
          io0=$(($(pl_write_bytes "$spid") - io0))
          rm -f "$work"/put/put-* ;;
        marquee | marquee-64k)
          local reads=$read_bytes
          [ "$target" = marquee-64k ] && reads=0 # tus-js-client's own file source
          pl_node "$work/u.json" "$work/u.err" tus-upload --endpoint "$mq_base/api/uploads" --file "$file" \
            --chunk-size "$chunk_size" --read-bytes "$reads" --header "$auth" "${meta[@]}" \
            --metadata "title=upload bench $round" ||
            pl_marquee_failed "the tus upload to Marquee failed" "$work/u.err"
          seconds=$(jq -r '.seconds' "$work/u.json")
          tail=$(jq -r '.tail_s // empty' "$work/u.json")
          extra="$(jq -r '.patches' "$work/u.json") PATCH"
          io0=$(($(pl_write_bytes "$spid") - io0))
          pl_delete_video "$(jq -r '.video_id' "$work/u.json")" ;;
        tus-server | tus-server-64k)
          local reads=$read_bytes
          [ "$target" = tus-server-64k ] && reads=0
          pl_node "$work/u.json" "$work/u.err" tus-upload --endpoint "http://127.0.0.1:$tport/files" --file "$file" \
            --chunk-size "$chunk_size" --read-bytes "$reads" "${meta[@]}" || { cat "$work/u.err" "$work/tus.log" >&2; die "the tus upload to @tus/server failed"; }
          seconds=$(jq -r '.seconds' "$work/u.json")
          tail=$(jq -r '.tail_s // empty' "$work/u.json")
          extra="$(jq -r '.patches' "$work/u.json") PATCH"
          io0=$(($(pl_write_bytes "$spid") - io0))
          find "$work/tus" -mindepth 1 -delete ;;
        marquee-curl)
          local created location video
          created=$(curl -sS --max-time 30 -D - -o /dev/null -X POST -H "$auth" -H 'Tus-Resumable: 1.0.0' \
            -H "Upload-Length: $bytes" \
            -H "Upload-Metadata: filename $(printf 'bench-upload.mp4' | base64),visibility $(printf private | base64)" \
            "$mq_base/api/uploads" | tr -d '\r') || die "tus creation failed"
          location=$(awk -F': ' 'tolower($1) == "location" { print $2 }' <<<"$created")
          video=$(awk -F': ' 'tolower($1) == "marquee-video-id" { print $2 }' <<<"$created")
          [ -n "$location" ] && [ -n "$video" ] || die "tus creation answered: $created"
          out=$(curl -sS --max-time 600 -T "$file" -X PATCH -H 'Expect:' -H "$auth" -H 'Tus-Resumable: 1.0.0' \
            -H 'Upload-Offset: 0' -H 'Content-Type: application/offset+octet-stream' -o /dev/null \
            -w '%{http_code} %{time_total}' "$mq_base$location") || die "the PATCH failed"
          [ "${out%% *}" = 204 ] || die "the PATCH answered $out"
          seconds=${out#* }
          extra="1 PATCH"
          io0=$(($(pl_write_bytes "$spid") - io0))
          pl_delete_video "$video" ;;
      esac
      log "  $seconds s, $(awk -v b="$bytes" -v s="$seconds" 'BEGIN { printf "%.1f", b / 1e6 / s }') MB/s"
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$target" "$round" "$load" "$seconds" "$extra" "$io0" "$tail" >>"$rows"
    done
  done
  stop_pid "$ppid"
  stop_pid "$tpid"
  pl_forget pids "$ppid"
  pl_forget pids "$tpid"
  pl_stop_marquee
  rm -rf "$file" "$work/put" "$work/tus" "$mq_data/uploads" "$mq_data/blobs"
  sync -f "$work"

  render_upload_section "$rows" "$bytes" >"$work/section.md"
  write_section upload "$work/section.md"
  cat "$work/section.md"
  log "wrote the upload section of ${results_md#"$root"/}"
}

render_upload_section() { # render_upload_section ROWS BYTES
  local rows=$1 bytes=$2 chunk="$chunk_size"
  [ "$chunk_size" = Infinity ] && chunk="Infinity (the whole file in one PATCH)"
  pl_header "upload: tus uploads vs a bare PUT and @tus/server"
  cat <<EOF
- File: $((bytes / 1000000)) MB of random bytes (read from the page cache by every client); MB = 10⁶ bytes.
  Everything on one filesystem ($(df -T "$root" | awk 'NR == 2 { print $2 }')), loopback HTTP.
- \`marquee\`: tus-js-client $(jq -r .version "$pl_dir/node_modules/tus-js-client/package.json") (Node $(node --version)), \`chunkSize\` $chunk, from
  \`new Upload\` to \`onSuccess\` (creation POST + PATCH), reading the file $((read_bytes / 1024)) KiB at a time
  through tus-js-client's \`fileReader\` option (bench/pipeline/client.mjs): its own Node file
  source reads 64 KiB at a time and cannot be told otherwise, which caps the client near
  500 MB/s, so that it measures the client more than the servers. \`marquee-64k\` and
  \`tus-server-64k\` are the same pair with tus-js-client's own source (what a user gets
  without the option), each compared with the other. Marquee writes whole blocks with
  O_DIRECT (docs/api.md) and answers the last PATCH once the bytes are fdatasync'd (also every 64 MiB along the way, \`uploads.checkpoint_bytes\`, with the
  offset recorded in the database) **and** the finished file has been handed over to the blob
  store as the video's source and its transcode queued ("server wrote" shows whether that
  hand-over writes the bytes a second time).
- \`marquee-curl\`: the same server, the same bytes in one \`curl -T\` tus PATCH (creation not
  timed): the server's cost without tus-js-client's.
- Reference \`bare-put\`: \`curl -T\` of the file to bench/pipeline/put-server.mjs, a minimal Node
  server that pipes the body into a new file, fsyncs it once and only then answers 201.
- Reference \`tus-server\`: @tus/server $(jq -r .version "$pl_dir/node_modules/@tus/server/package.json") with @tus/file-store $(jq -r .version "$pl_dir/node_modules/@tus/file-store/package.json") (bench/pipeline/tus-server.mjs),
  the same tus-js-client, chunkSize and file reader (\`tus-server-64k\`: with tus-js-client's own
  source, as \`marquee-64k\`). **It never fsyncs**: a PATCH is answered when the bytes
  are in the page cache, and the offset it reports after a crash is whatever the file size is.
- "server wrote": bytes the server process sent to storage during the upload (\`write_bytes\` of
  /proc/PID/io) ÷ the file's size. "last byte → answer": from tus-js-client handing the last
  byte to the socket to the final response (final sync, hand-over, database); not known for curl.
- Each measurement starts after \`sync\` (no writeback of the previous one is left to pay) and
  the files are deleted after it. Rounds are interleaved (bare-put, marquee, tus-server,
  marquee-64k, tus-server-64k, marquee-curl; then again); ratios are taken within a round,
  then the median. "ratio to tus-server" compares each tus target with @tus/server fed by the
  same client configuration (the -64k rows with tus-server-64k).
- Target: Marquee (tus-js-client) ≥ 0.9× the bare PUT's MB/s and ≥ 1.5× @tus/server's, with its
  offset durable when it answers.

| target | round | load | seconds | MB/s | requests | server wrote (× file) | last byte → answer (s) | ratio to bare-put | ratio to tus-server |
|---|---:|---:|---:|---:|---|---:|---:|---:|---:|
EOF
  # rows: 1 target, 2 round, 3 load, 4 seconds, 5 extra, 6 bytes written by the server, 7 tail
  awk -F'\t' -v bytes="$bytes" "$pl_awk_lib"'
    { t[NR] = $1; r[NR] = $2; l[NR] = $3; s[NR] = $4; x[NR] = $5; w[NR] = $6; tl[NR] = $7; at[$1, $2] = $4; if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 } }
    END {
      for (i = 1; i <= NR; i++) {
        mb = bytes / 1e6 / s[i]
        rb = at["bare-put", r[i]] ? at["bare-put", r[i]] / s[i] : 0
        # Each tus target against @tus/server fed by the same client configuration.
        ref = (t[i] ~ /-64k$/) ? "tus-server-64k" : "tus-server"
        rt = at[ref, r[i]] ? at[ref, r[i]] / s[i] : 0
        printf "| %s | %d | %.1f | %.2f | %.0f | %s | %.2f | %s | %.2f× | %.2f× |\n", t[i], r[i], l[i], s[i], mb, (x[i] == "") ? "1 PUT" : x[i],
          w[i] / bytes, (tl[i] == "") ? "–" : sprintf("%.2f", tl[i]), rb, rt
        if (tl[i] != "") tails[t[i]] = tails[t[i]] " " tl[i]
        wr[t[i]] = wr[t[i]] " " w[i] / bytes
        mbs[t[i]] = mbs[t[i]] " " mb; vb[t[i]] = vb[t[i]] " " rb; vt[t[i]] = vt[t[i]] " " rt
      }
      print ""
      print "Medians:"
      print ""
      print "| target | MB/s | range (MB/s) | server wrote (× file) | last byte → answer (s) | ratio to bare-put | ratio to tus-server |"
      print "|---|---:|---:|---:|---:|---:|---:|"
      for (i = 1; i <= n; i++) {
        k = order[i]
        printf "| %s | %.0f | %s | %.2f | %s | %.2f× | %.2f× |\n", k, median(mbs[k]), lo_hi(mbs[k], "%.0f"), median(wr[k]),
          (tails[k] == "") ? "–" : sprintf("%.2f", median(tails[k])), median(vb[k]), median(vt[k])
      }
      print ""
      printf "Target check (marquee, tus-js-client): %.2f× bare PUT against ≥ 0.9×: %s; %.2f× @tus/server against ≥ 1.5×: %s; offset durable when answered: yes (fdatasync before the offset is recorded and before the response).\n",
        median(vb["marquee"]), (median(vb["marquee"]) >= 0.9) ? "met" : "**missed**",
        median(vt["marquee"]), (median(vt["marquee"]) >= 1.5) ? "met" : "**missed**"
      printf "\nWith tus-js-client'"'"'s own 64 KiB file source on both tus servers: marquee-64k = %.2f× bare PUT, %.2f× @tus/server.\n",
        median(vb["marquee-64k"]), median(vt["marquee-64k"])
      printf "\nSame client on both sides (curl): marquee-curl ÷ bare-put = %.2f×; same client on both tus servers (tus-js-client): marquee ÷ tus-server = %.2f×.\n",
        median(vb["marquee-curl"]), median(vt["marquee"])
    }' "$rows"
}
