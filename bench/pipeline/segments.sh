# shellcheck shell=bash
# scripts/bench segments: Marquee serving its own 1–2 MB HLS segments (GET
# /media/videos/{id}/hls/1080p/seg_N.m4s of a public, ready video) against nginx with
# sendfile serving the very same files (its root is Marquee's blob directory), with wrk
# rotating over the segment URLs. Sourced by bench/pipeline/pipeline.sh.

segments_nginx_conf() { # segments_nginx_conf DIR PORT BLOB_ROOT
  local dir=$1 port=$2 blobs=$3 user=""
  # Marquee's data dir is private to this user; as root, nginx's workers keep root's identity.
  [ "$(id -u)" -eq 0 ] && user="user root;"
  cat <<EOF
$user
worker_processes auto;
daemon off;
master_process on;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  client_body_temp_path $dir/tmp/client_body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  keepalive_requests 10000000;
  keepalive_timeout 60s;
  server_tokens off;
  types { video/iso.segment m4s; }
  default_type application/octet-stream;
  server {
    listen 127.0.0.1:$port;
    root $blobs;
    add_header Cache-Control "public, max-age=31536000, immutable" always;
    add_header X-Content-Type-Options nosniff always;
    add_header Referrer-Policy no-referrer always;
    add_header X-Frame-Options DENY always;
    add_header Content-Security-Policy "default-src 'none'; frame-ancestors 'none'" always;
    location /videos/ { }
  }
}
EOF
}

# pl_wrk URL CONNECTIONS DURATION PATHS PREFIX -> "rps<TAB>p50_ms<TAB>p99_ms<TAB>errors<TAB>MB/s"
pl_wrk() {
  local url=$1 conns=$2 dur=$3 paths=$4 prefix=$5 out rps p50 p99 non2xx sockerr transfer
  out=$(timeout -s KILL 600 wrk -t"$wrk_threads" -c"$conns" -d"$dur" --timeout 10s --latency \
    -s "$pl_dir/segments.lua" "$url" -- "$paths" "$prefix" 2>&1) || {
    echo "$out" >&2
    die "wrk failed against $url"
  }
  rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
  p50=$(awk '$1 == "50%" { print $2 }' <<<"$out")
  p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
  transfer=$(awk '/^Transfer\/sec:/ { v = $2 + 0; u = $2; sub(/^[0-9.]+/, "", u)
    if (u == "KB") v /= 1024; else if (u == "GB") v *= 1024; else if (u == "B") v /= 1048576
    printf "%.1f", v * 1.048576 }' <<<"$out") # wrk reports MiB; shown as MB (10^6)
  non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' <<<"$out")
  sockerr=$(awk '/Socket errors:/ { gsub(/,/, ""); print $4 + $6 + $8 + $10 }' <<<"$out")
  [ -n "$rps" ] && [ -n "$p50" ] && [ -n "$p99" ] || {
    echo "$out" >&2
    die "could not parse wrk output for $url"
  }
  local errors=$((${non2xx:-0} + ${sockerr:-0}))
  if [ "$errors" -gt 0 ]; then
    log "warning: $url at $conns connections: $errors errors (non-2xx ${non2xx:-0}, socket ${sockerr:-0})"
    echo "$out" >&2
  fi
  printf '%s\t%s\t%s\t%s\t%s\n' "$rps" "$(to_ms "$p50")" "$(to_ms "$p99")" "$errors" "$transfer"
}

pipeline_segments() {
  local src work rows id segdir rendition
  pl_source src segments
  make_tmp work
  rows="$work/rows.tsv"
  : >"$rows"
  pl_start_marquee

  log "segments: uploading and transcoding the source (until ready)"
  pl_node "$work/m.json" "$work/m.err" pipeline --base "$mq_base" --token "$mq_token" --file "$src" \
    --server-pid "$mq_pid" --until ready --timeout-s 1500 --chunk-size "$chunk_size" --title "segments bench" \
    --work "$work" || pl_marquee_failed "the Marquee transcode failed" "$work/m.err"
  id=$(jq -r '.video_id' "$work/m.json")
  rendition=$(curl -fsS --max-time 10 -H "Authorization: Bearer $mq_token" "$mq_base/api/videos/$id/playback" |
    jq -r '.renditions[0].name // empty') || die "GET /api/videos/$id/playback failed"
  [ -n "$rendition" ] || die "the video has no renditions"
  segdir="$mq_data/blobs/videos/$id/hls/$rendition"
  [ -d "$segdir" ] || die "no $segdir: is the blob store not under the data dir?"

  # The top rung's full-length segments that are 1–2 MB (all of them when none is).
  local f size all=() picked=()
  for f in "$segdir"/seg_*.m4s; do
    size=$(stat -c %s "$f")
    all+=("$(basename "$f") $size")
    if [ "$size" -ge 1000000 ] && [ "$size" -le 2000000 ]; then picked+=("$(basename "$f") $size"); fi
  done
  [ ${#all[@]} -gt 0 ] || die "no segments in $segdir"
  [ ${#picked[@]} -gt 0 ] || { log "warning: no $rendition segment is 1–2 MB; serving all of them"; picked=("${all[@]}"); }
  printf '%s\n' "${picked[@]}" | cut -d' ' -f1 >"$work/paths.txt"
  local sizes
  sizes=$(printf '%s\n' "${picked[@]}" | awk '{ s = s sprintf("%s%.2f", NR > 1 ? ", " : "", $2 / 1e6); t += $2 }
    END { printf "%d segments of %s MB (mean %.2f MB)", NR, s, t / NR / 1e6 }')
  log "segments: $sizes"

  # Marquee and nginx answer the same bytes for the same file.
  local first mprefix nprefix
  first=$(head -n1 "$work/paths.txt")
  mprefix="/media/videos/$id/hls/$rendition/"
  nprefix="/videos/$id/hls/$rendition/"
  mkdir -p "$work/nginx/tmp"
  local nport nbase npid
  nport=$(free_port)
  nbase="http://127.0.0.1:$nport"
  segments_nginx_conf "$work/nginx" "$nport" "$mq_data/blobs" >"$work/nginx/nginx.conf"
  "$nginx_bin" -p "$work/nginx" -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" >"$work/nginx/stdout.log" 2>&1 &
  npid=$!
  pids+=("$npid")
  wait_http "$nbase$nprefix$first" "$npid" "$work/nginx/error.log"
  cmp -s <(curl -fsS --max-time 10 "$mq_base$mprefix$first") <(curl -fsS --max-time 10 "$nbase$nprefix$first") ||
    die "Marquee and nginx serve different bytes for $first"
  curl -fsS --max-time 10 -D "$work/marquee.headers" -o /dev/null "$mq_base$mprefix$first"
  curl -fsS --max-time 10 -D "$work/nginx.headers" -o /dev/null "$nbase$nprefix$first"
  log "segments: nginx (pid $npid) on $nbase, root $mq_data/blobs"

  local conns entry name base prefix ref row load
  local -a targets=("nginx|$nbase|$nprefix|" "marquee|$mq_base|$mprefix|nginx")
  for ((round = 1; round <= repeat; round++)); do
    for conns in $connections; do
      for entry in "${targets[@]}"; do
        IFS='|' read -r name base prefix ref <<<"$entry"
        pl_wrk "$base$prefix$first" "$conns" 2s "$work/paths.txt" "$prefix" >/dev/null # warm-up
        load=$(pl_load)
        log "segments round $round/$repeat: $name, $conns connections, $duration (load $load)"
        row=$(pl_wrk "$base$prefix$first" "$conns" "$duration" "$work/paths.txt" "$prefix")
        printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$conns" "$row" "$ref" "$round" "$load" >>"$rows"
        log "  $(awk -F'\t' '{ printf "%s req/s, %s MB/s, p50 %s ms, p99 %s ms", $1, $5, $2, $3 }' <<<"$row")"
      done
    done
  done
  stop_pid "$npid"
  pl_forget pids "$npid"
  pl_delete_video "$id"
  pl_stop_marquee

  render_segments_section "$rows" "$sizes" "$rendition" "$work/marquee.headers" "$work/nginx.headers" >"$work/section.md"
  write_section segments "$work/section.md"
  cat "$work/section.md"
  log "wrote the segments section of ${results_md#"$root"/}"
}

render_segments_section() { # render_segments_section ROWS SIZES RENDITION MARQUEE_HEADERS NGINX_HEADERS
  local rows=$1 sizes=$2 rendition=$3
  local mh nh
  mh=$(tr -d '\r' <"$4" | sed -n '2,$p' | grep -v '^$' | cut -d: -f1 | paste -sd, | sed 's/,/, /g')
  nh=$(tr -d '\r' <"$5" | sed -n '2,$p' | grep -v '^$' | cut -d: -f1 | paste -sd, | sed 's/,/, /g')
  local runs="one run per row"
  [ "$repeat" -gt 1 ] && runs="$repeat interleaved rounds per row; requests/s, MB/s, p50, p99 and the ratio are medians over the rounds (the ratio is taken within each round), the range is the lowest and highest requests/s"
  pl_header "segments: serving HLS segments vs nginx sendfile"
  cat <<EOF
- nginx $("$nginx_bin" -v 2>&1 | sed 's/^nginx version: nginx\///'); $(wrk -v 2>&1 | head -n1 | awk '{ print $1, $2 }')
- Files: Marquee's own $rendition segments of a 30 s video it transcoded in this run (source:
  testsrc2 drawn at 960×540, upscaled to 1080p30, H.264 8 Mbit/s): $sizes.
- Marquee: \`GET /media/videos/{id}/hls/$rendition/seg_N.m4s\` of the public, \`ready\` video (per
  request: route, video lookup and access check, stat, then sendfile). Headers: $mh.
- Reference: nginx, \`sendfile on\`, \`tcp_nopush on\`, access log off, \`worker_processes auto\`,
  unlimited keep-alive requests, its root pointed at Marquee's blob directory, so it serves the
  very same files (checked byte for byte); same Cache-Control and security headers. Headers: $nh.
- wrk \`-t$wrk_threads -c{connections} -d$duration --latency -s bench/pipeline/segments.lua\`: every
  connection rotates over the segment URLs; each run after a 2 s warm-up; $runs.
- **wrk and the server share the same $(nproc) cores**, and the files come from the page cache:
  this measures the per-request cost of serving, not disk or network.
- Target: Marquee ≥ 0.9× nginx's requests/s, at 64 and at 256 connections.

| target | connections | load | requests/s | range (req/s) | MB/s | p50 (ms) | p99 (ms) | ratio to nginx | errors |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
EOF
  # rows: 1 name, 2 conns, 3 rps, 4 p50, 5 p99, 6 errors, 7 MB/s, 8 ref, 9 round, 10 load
  awk -F'\t' "$pl_awk_lib"'
    {
      g = $1 "|" $2
      if (!(g in seen)) { seen[g] = 1; order[++n] = g; name[g] = $1; conns[g] = $2; ref[g] = $8 }
      rps[g] = rps[g] " " $3; p50[g] = p50[g] " " $4; p99[g] = p99[g] " " $5; err[g] += $6; mbs[g] = mbs[g] " " $7
      load[g] = load[g] " " $10; at[g, $9] = $3; rounds[g] = rounds[g] " " $9
    }
    END {
      for (i = 1; i <= n; i++) {
        g = order[i]; ratio = "1 (reference)"
        if (ref[g] != "") {
          r = ref[g] "|" conns[g]; list = ""
          k = split(rounds[g], rs, " ")
          for (j = 1; j <= k; j++) if (at[r, rs[j]] > 0) list = list " " at[g, rs[j]] / at[r, rs[j]]
          ratio = (list != "") ? sprintf("%.2f× nginx", median(list)) : "n/a"
          if (list != "") check[++nc] = sprintf("- %s connections: %.2f× nginx: %s", conns[g], median(list), (median(list) >= 0.9) ? "met" : "**missed**")
        }
        printf "| %s | %s | %.1f | %.0f | %s | %.0f | %.2f | %.2f | %s | %d |\n", name[g], conns[g], median(load[g]),
          median(rps[g]), lo_hi(rps[g], "%.0f"), median(mbs[g]), median(p50[g]), median(p99[g]), ratio, err[g]
      }
      print ""
      print "Target check (Marquee ≥ 0.9× nginx requests/s):"
      print ""
      for (i = 1; i <= nc; i++) print check[i]
    }' "$rows"
}
