# shellcheck shell=bash
# scripts/bench scaleout: the scale-out topology against one node on local disk, in the same
# run (see bench/scaleout/README.md). Two parts, each writing its own section:
#
#   pipeline  upload complete → playable and → ready of the 30 s 1080p30 source with the API
#             node and the worker in different processes on PostgreSQL + S3 (+ Redis), next
#             to one `marquee serve` on SQLite and local disk (and one node on PostgreSQL + S3)
#   upload    a tus upload (tus-js-client) through nginx round robin over two API nodes to the
#             S3 store, next to the same upload to one node on local disk
#
#   scripts/bench scaleout [pipeline] [upload] [--repeat 3] [--upload-mb 500] [--chunk-mb 64]
#                          [--redis on|off]
#
# Sourced by scripts/bench; uses bench/pipeline/pipeline.sh's helpers (sources, client.mjs,
# the Marquee environment) and scripts/bench's (log, die, make_tmp, free_port, wait_http,
# stop_pid, write_section, pids/pgroups). The services come from scripts/with-postgres,
# with-redis and with-s3, all on loopback; everything started is killed by pid on exit.

# shellcheck source=/dev/null
source "$root/bench/pipeline/pipeline.sh"

sc_jwt="bench-scaleout-jwt-secret-0123456789abcdef"
sc_playback="bench-scaleout-playback-secret-0123456789"

# ---------------------------------------------------------------------------------------
# Processes.

# sc_serve NAME LOG_LEVEL ARGS…: `marquee serve` with a data dir of its own ($sc_work/NAME),
# on a free port, waited for. Sets sc_pid[NAME], sc_base[NAME], sc_data[NAME], sc_log[NAME].
declare -A sc_pid sc_base sc_data sc_log
sc_serve() {
  local name=$1 level=$2 port
  shift 2
  sc_data[$name]="$sc_work/$name"
  sc_log[$name]="$sc_work/$name.log"
  mkdir -p "${sc_data[$name]}"
  port=$(free_port)
  sc_base[$name]="http://127.0.0.1:$port"
  "${pl_marquee_env[@]}" MARQUEE_LOG_LEVEL="$level" "$marquee_bin" serve --listen "127.0.0.1:$port" \
    --data-dir "${sc_data[$name]}" "$@" >"${sc_log[$name]}" 2>&1 &
  sc_pid[$name]=$!
  pids+=("${sc_pid[$name]}")
  wait_http "${sc_base[$name]}/api/ready" "${sc_pid[$name]}" "${sc_log[$name]}"
  log "$name: marquee serve (pid ${sc_pid[$name]}) on ${sc_base[$name]} $(sc_describe "$@")"
}

# sc_worker NAME ARGS…: `marquee worker` (log level info: its "ready" line has the phases).
sc_worker() {
  local name=$1 i
  shift
  sc_data[$name]="$sc_work/$name"
  sc_log[$name]="$sc_work/$name.log"
  mkdir -p "${sc_data[$name]}"
  "${pl_marquee_env[@]}" MARQUEE_LOG_LEVEL=info "$marquee_bin" worker --data-dir "${sc_data[$name]}" "$@" \
    >"${sc_log[$name]}" 2>&1 &
  sc_pid[$name]=$!
  pids+=("${sc_pid[$name]}")
  for ((i = 0; i < 20; i++)); do # no HTTP to wait for: alive after 2 s, having logged its start
    kill -0 "${sc_pid[$name]}" 2>/dev/null || { cat "${sc_log[$name]}" >&2; die "$name: marquee worker exited"; }
    sleep 0.1
  done
  log "$name: marquee worker (pid ${sc_pid[$name]}) $(sc_describe "$@")"
}

sc_describe() { # the arguments, without secrets and with the service URLs shortened
  local out="$*"
  out=${out//"$sc_jwt"/…}
  out=${out//"$sc_playback"/…}
  out=${out//"${MARQUEE_TEST_S3_URL%%\?*}"/s3://marquee-test}
  echo "$out" | sed -E 's#postgres(ql)?://[^/ ]*/([a-z_0-9]+)[^ ]*#postgres://…/\2#g; s#\?endpoint=[^ ]*#?endpoint=s3rver#g'
}

sc_user() { # sc_user DATA_DIR [--database URL]: the creator every target signs in as
  local dir=$1
  shift
  "${pl_marquee_env[@]}" "$marquee_bin" user create --email bench@example.com --username bench \
    --password "$pl_password" --role creator --data-dir "$dir" "$@" >"$dir.user.log" 2>&1 || {
    cat "$dir.user.log" >&2
    die "marquee user create failed"
  }
}

sc_login() { # sc_login BASE: prints an access token
  local login token
  login=$(curl -fsS --max-time 10 -H 'Content-Type: application/json' -X POST "$1/api/auth/login" \
    -d "{\"login\":\"bench\",\"password\":\"$pl_password\"}") || die "login at $1 failed"
  token=$(jq -r '.access_token // empty' <<<"$login")
  [ -n "$token" ] || die "no access_token in: $login"
  echo "$token"
}

sc_database() { # sc_database NAME: a fresh database on the with-postgres server; prints its URL
  psql "$MARQUEE_TEST_POSTGRES_URL" -v ON_ERROR_STOP=1 -qc "CREATE DATABASE $1" >/dev/null || die "CREATE DATABASE $1 failed"
  sed -E "s#^(postgres(ql)?://[^/]*/)[^?]*#\1$1#" <<<"$MARQUEE_TEST_POSTGRES_URL"
}

sc_s3_pid() { # the pid listening on the S3 endpoint's port (s3rver)
  local port=${MARQUEE_TEST_S3_ENDPOINT##*:}
  ss -ltnpH "sport = :$port" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -n1
}
sc_written() { awk '$1 == "write_bytes:" { print $2 }' "/proc/$1/io"; }

# nginx in front of the API nodes, as docs/scaling.md and the cluster test configure it for
# uploads: round robin, request bodies streamed through (no buffering), keep-alive upstream
# connections, an access log naming the node that answered each request.
sc_nginx() { # sc_nginx NODE_NAME…: sets sc_pid[nginx], sc_base[nginx], sc_nginx_log
  local dir="$sc_work/nginx" port servers="" name
  mkdir -p "$dir/tmp"
  chmod 777 "$dir" "$dir/tmp"
  for name in "$@"; do servers+="    server ${sc_base[$name]#http://};"$'\n'; done
  port=$(free_port)
  sc_nginx_log="$dir/access.log"
  cat >"$dir/nginx.conf" <<EOF
daemon off;
master_process on;
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 1024; }
http {
  log_format upstream '\$request_method \$status \$upstream_addr \$request_length';
  access_log $sc_nginx_log upstream;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  upstream marquee {
$servers    keepalive 16;
  }
  server {
    listen 127.0.0.1:$port;
    client_max_body_size 0;
    location / {
      proxy_pass http://marquee;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_request_buffering off;
      proxy_buffering off;
      proxy_read_timeout 300s;
      proxy_send_timeout 300s;
    }
  }
}
EOF
  "$nginx_bin" -p "$dir" -e "$dir/error.log" -c "$dir/nginx.conf" >"$dir/stdout.log" 2>&1 &
  sc_pid[nginx]=$!
  pids+=("${sc_pid[nginx]}")
  sc_base[nginx]="http://127.0.0.1:$port"
  wait_http "${sc_base[nginx]}/api/ready" "${sc_pid[nginx]}" "$dir/error.log"
  log "nginx (pid ${sc_pid[nginx]}) on ${sc_base[nginx]}, round robin over $*"
}

# ---------------------------------------------------------------------------------------
# The measurements, under scripts/with-postgres, with-redis (optional) and with-s3.

sc_block() {
  local part=$1 rows=$2
  [ -n "${MARQUEE_TEST_POSTGRES_URL:-}" ] || die "MARQUEE_TEST_POSTGRES_URL is not set (run under scripts/with-postgres)"
  [ -n "${MARQUEE_TEST_S3_URL:-}" ] || die "MARQUEE_TEST_S3_URL is not set (run under scripts/with-s3)"
  pl_init_env
  make_tmp sc_work
  chmod 755 "$sc_work"
  local redis=()
  if [ "$sc_redis" = on ]; then
    [ -n "${MARQUEE_TEST_REDIS_URL:-}" ] || die "MARQUEE_TEST_REDIS_URL is not set (run under scripts/with-redis)"
    redis=(--redis "$MARQUEE_TEST_REDIS_URL")
  fi
  # What every process of the scaled-out site shares: database, Redis, store, keys. Each
  # target has its own database and its own prefix in the bucket.
  sc_site() { # sc_site NAME: prints the shared arguments of a site, one per line
    local db
    db=$(sc_database "bench_$1")
    printf '%s\n' --database "$db" "${redis[@]}" --blobs "${MARQUEE_TEST_S3_URL/\?//$1?}" \
      --auth-jwt-secret "$sc_jwt" --playback-secret "$sc_playback"
  }
  case "$part" in
    pipeline) sc_pipeline_block "$rows" ;;
    upload) sc_upload_block "$rows" ;;
    *) die "unknown part $part" ;;
  esac
}

# pipeline: rows  target round load playable_s ready_s verified_s ladder_start_s on_disk_s
#                 prepare_s encode_s publish_s ffmpeg_cpu_s process_cpu_s other_work_cores
sc_pipeline_block() {
  local rows=$1 src="$MARQUEE_BENCH_SC_SOURCE" round target i
  local -a site targets=(local cluster single-s3)
  local -A token worker_of
  : >"$rows"

  # local (the reference): one `marquee serve`, SQLite and local disk, as bench/pipeline runs it.
  sc_user "$sc_work/local"
  sc_serve local info
  token[local]=$(sc_login "${sc_base[local]}")
  worker_of[local]=local
  # cluster: an API node and a worker in separate processes, PostgreSQL + S3 (+ Redis).
  mapfile -t site < <(sc_site cluster)
  sc_user "$sc_work/cluster-api" "${site[@]:0:2}"
  sc_serve cluster-api warn --role api "${site[@]}"
  sc_worker cluster-worker "${site[@]}"
  token[cluster]=$(sc_login "${sc_base[cluster-api]}")
  sc_base[cluster]=${sc_base[cluster-api]}
  worker_of[cluster]=cluster-worker
  # single-s3: one `marquee serve` (API and workers) on PostgreSQL + S3 (+ Redis): the
  # store's share, without the split into processes.
  mapfile -t site < <(sc_site single)
  sc_user "$sc_work/single-s3" "${site[@]:0:2}"
  sc_serve single-s3 info "${site[@]}"
  token[single-s3]=$(sc_login "${sc_base[single-s3]}")
  worker_of[single-s3]=single-s3

  for ((round = 1; round <= repeat; round++)); do
    for ((i = 0; i < ${#targets[@]}; i++)); do
      # Rotate the order each round, so no target always follows the same one.
      target=${targets[$(((i + round - 1) % ${#targets[@]}))]}
      local w=${worker_of[$target]} base=${sc_base[$target]}
      log "scaleout pipeline round $round/$repeat: $target, upload complete → ready (load $(pl_load))"
      local mark other
      cpu_mark mark
      pl_node "$sc_work/m.json" "$sc_work/m.err" pipeline --base "$base" --token "${token[$target]}" --file "$src" \
        --server-pid "${sc_pid[$w]}" --until ready --verify --delete --timeout-s 900 --chunk-size Infinity \
        --read-bytes $((4 << 20)) --title "scaleout bench $round" --work "$sc_work" --work-root "${sc_data[$w]}/work" \
        --server-log "${sc_log[$w]}" || {
        echo "bench: the $target run failed:" >&2
        tail -n 20 "$sc_work/m.err" >&2
        for p in "${!sc_log[@]}"; do echo "--- $p" >&2; tail -n 5 "${sc_log[$p]}" >&2; done
        exit 1
      }
      cpu_others mark other cores
      jq -r --arg t "$target" --arg r "$round" --arg o "$other" '
        [ $t, $r, .load_1m, .playable_ms / 1000, .ready_ms / 1000, .verified_ms / 1000, (.ladder_start_ms // 0) / 1000,
          (.first_segments_on_disk_ms // 0) / 1000, .server_phases.prepare_ms / 1000, .server_phases.encode_ms / 1000,
          .server_phases.publish_ms / 1000, .cpu.children_s, .cpu.self_s, $o ] | @tsv' "$sc_work/m.json" >>"$rows"
      log "  playable after $(jq '.playable_ms / 1000 | . * 100 | round / 100' "$sc_work/m.json") s, ready after $(jq '.ready_ms / 1000 | . * 100 | round / 100' "$sc_work/m.json") s"
    done
  done
}

# upload: rows  target round load seconds patches nodes tail_s api_written s3_written other_work_cores
sc_upload_block() {
  local rows=$1 file="$sc_work/upload.bin" bytes=$((sc_upload_mb * 1000000)) round i target spid
  local -a site targets=(local local-chunked s3-direct s3-nginx s3-nginx-chunked s3-sdk)
  : >"$rows"
  log "upload: writing $sc_upload_mb MB of random bytes"
  head -c "$bytes" /dev/urandom >"$file"
  cat "$file" >/dev/null
  spid=$(sc_s3_pid)
  [ -n "$spid" ] || die "cannot find s3rver's pid"

  sc_user "$sc_work/local"
  sc_serve local warn
  local local_token s3_token
  local_token=$(sc_login "${sc_base[local]}")
  mapfile -t site < <(sc_site upload)
  sc_user "$sc_work/api-a" "${site[@]:0:2}"
  sc_serve api-a warn --role api "${site[@]}"
  sc_serve api-b warn --role api "${site[@]}"
  sc_nginx api-a api-b
  s3_token=$(sc_login "${sc_base[nginx]}")

  local chunk=$((sc_chunk_mb << 20)) endpoint token chunk_size load out io_api io_s3 nodes
  for ((round = 1; round <= repeat; round++)); do
    for ((i = 0; i < ${#targets[@]}; i++)); do
      target=${targets[$(((i + round - 1) % ${#targets[@]}))]}
      case "$target" in
        s3-sdk) # the store alone: lib-storage's Upload of the same number of bytes from a file
          sc_sdk_upload "$bytes" "$round" "$spid" >>"$rows"
          continue ;;
        local | local-chunked) endpoint="${sc_base[local]}/api/uploads" token=$local_token ;;
        s3-direct) endpoint="${sc_base[api-a]}/api/uploads" token=$s3_token ;;
        s3-nginx*) endpoint="${sc_base[nginx]}/api/uploads" token=$s3_token ;;
      esac
      chunk_size=Infinity
      [[ "$target" == *-chunked ]] && chunk_size=$chunk
      sync -f "$sc_work" # the previous measurement's writeback is not this one's to pay
      : >"$sc_nginx_log"
      load=$(pl_load)
      log "scaleout upload round $round/$repeat: $target, chunkSize $chunk_size (load $load)"
      local w0a w0b w0l w0s mark other
      cpu_mark mark
      w0l=$(sc_written "${sc_pid[local]}") w0a=$(sc_written "${sc_pid[api-a]}") w0b=$(sc_written "${sc_pid[api-b]}")
      w0s=$(sc_written "$spid")
      pl_node "$sc_work/u.json" "$sc_work/u.err" tus-upload --endpoint "$endpoint" --file "$file" \
        --chunk-size "$chunk_size" --read-bytes $((4 << 20)) --header "Authorization: Bearer $token" \
        --metadata filename=bench-upload.mp4 --metadata filetype=video/mp4 --metadata visibility=private \
        --metadata "title=scaleout upload $round" || {
        tail -n 20 "$sc_work/u.err" >&2
        for p in local api-a api-b; do echo "--- $p" >&2; tail -n 5 "${sc_log[$p]}" >&2; done
        die "the $target upload failed"
      }
      cpu_others mark other cores
      if [[ "$target" == local* ]]; then
        io_api=$(($(sc_written "${sc_pid[local]}") - w0l))
        nodes="local"
      else
        io_api=$(($(sc_written "${sc_pid[api-a]}") - w0a + $(sc_written "${sc_pid[api-b]}") - w0b))
        if [ "$target" = s3-direct ]; then
          nodes="a"
        else # which node answered each PATCH, from nginx's log
          nodes=$(awk -v a="${sc_base[api-a]#http://}" '$1 == "PATCH" { printf "%s", ($3 == a) ? "a" : "b" }' "$sc_nginx_log")
        fi
      fi
      io_s3=$(($(sc_written "$spid") - w0s))
      [[ "$target" == local* ]] && io_s3=0
      jq -r --arg t "$target" --arg r "$round" --arg l "$load" --arg n "$nodes" --arg ia "$io_api" --arg is "$io_s3" \
        --arg o "$other" '[ $t, $r, $l, .seconds, .patches, $n, (.tail_s // ""), $ia, $is, $o ] | @tsv' "$sc_work/u.json" >>"$rows"
      log "  $(jq -r '.seconds * 100 | round / 100' "$sc_work/u.json") s, $(jq -r '.mb_per_s | round' "$sc_work/u.json") MB/s, PATCHes on: $nodes"
      local video base=${sc_base[local]}
      [[ "$target" == local* ]] || base=${sc_base[nginx]}
      video=$(jq -r '.video_id' "$sc_work/u.json")
      curl -fsS --max-time 60 -o /dev/null -X DELETE -H "Authorization: Bearer $token" "$base/api/videos/$video" ||
        die "DELETE /api/videos/$video failed"
    done
  done
  rm -f "$file"
}

# sc_sdk_upload BYTES ROUND S3RVER_PID: one row for the store alone, @aws-sdk/lib-storage's
# Upload of a file of BYTES (bench/s3/sdk.mjs put-file, 8 MiB parts, 4 in flight: what
# Marquee's StoredParts sends) to the same s3rver: the most any client gets from it here.
sc_sdk_upload() {
  local bytes=$1 round=$2 spid=$3 load w0 json mark other
  sync -f "$sc_work"
  load=$(pl_load)
  log "scaleout upload round $round/$repeat: s3-sdk, lib-storage Upload of $bytes bytes (load $load)"
  w0=$(sc_written "$spid")
  cpu_mark mark
  json=$(NODE_NO_WARNINGS=1 timeout -s KILL 900 node "$root/bench/s3/sdk.mjs" --endpoint "$MARQUEE_TEST_S3_ENDPOINT" \
    --bucket marquee-test --op put-file --put multipart --part-size-mib 8 --queue-size 4 --size "$bytes" --count 1 \
    --parallel 1 --prefix scaleout-sdk --scratch-dir "$sc_work" 2>"$sc_work/sdk.err") || {
    cat "$sc_work/sdk.err" >&2
    die "the s3-sdk upload failed"
  }
  cpu_others mark other cores
  jq -r --arg r "$round" --arg l "$load" --arg is "$(($(sc_written "$spid") - w0))" --arg o "$other" \
    '[ "s3-sdk", $r, $l, .seconds, 0, "–", "", 0, $is, $o ] | @tsv' <<<"$json"
  log "  $(jq -r '.seconds * 100 | round / 100' <<<"$json") s, $(jq -r '.mb_per_s | round' <<<"$json") MB/s"
}

# ---------------------------------------------------------------------------------------
# Rendering.

sc_header() { # sc_header TITLE LOAD_BEFORE LOAD_AFTER OTHER_WORK
  local cpu
  cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
  cat <<EOF
## $1

- Date: $(date -u '+%Y-%m-%d %H:%M UTC')
- Machine: $(nproc) CPUs ($cpu), $(uname -sr), $(awk '/^MemTotal/ { printf "%.1f GiB RAM", $2 / 1048576 }' /proc/meminfo)
- Load average (1 min): $2 before, $3 after; per measurement in the first table (ffmpeg's and the bench's own
  threads count in it), with the work other than the bench's during that measurement, in cores. Work other than the bench's during the run: $4 (\`cpu_others\` in scripts/bench:
  the machine's busy time minus the bench's own; PostgreSQL, a daemon, counts as other work).
- Marquee: $pl_build; $(ffmpeg -version | head -n1 | awk '{ print $1, $3 }'); nginx $("$nginx_bin" -v 2>&1 | sed 's/^nginx version: nginx\///'); s3rver $(jq -r .version "$root/tests/interop/node_modules/s3rver/package.json"); PostgreSQL $("${MARQUEE_PG_BIN:-/usr/lib/postgresql/15/bin}/postgres" --version | awk '{ print $3 }')$([ "$sc_redis" = on ] && echo "; Redis $(redis-server --version | sed -n 's/.*v=\([0-9.]*\).*/\1/p')")
- Command: \`$sc_cmd\`
- **Everything shares the same $(nproc) cores**: ffmpeg, every Marquee process, PostgreSQL, s3rver$([ "$sc_redis" = on ] && echo ", Redis"), nginx and
  the client. In a real deployment the worker, the API nodes and the store are separate machines; here the
  store's and the other processes' CPU comes out of ffmpeg's, so the scale-out figures are pessimistic.
EOF
}

render_scaleout_pipeline() { # ROWS LOAD_BEFORE LOAD_AFTER OTHER_WORK
  local rows=$1
  sc_header "scaleout-pipeline: upload complete → playable and ready, API node and worker apart, on S3" "$2" "$3" "$4"
  cat <<EOF
- Source: the 30 s 1920×1080 30 fps file of bench/pipeline (\`testsrc2\` + tone, H.264 8 Mbit/s, AAC),
  uploaded with tus-js-client (chunkSize Infinity, 4 MiB reads); the clock starts when the final PATCH is
  answered and stops at the first \`GET /api/videos/{id}\` (every 100 ms, through the API node) that says
  \`playable\` (or \`ready\`), then \`ready\`. Then, through the same API node, the master playlist and every
  rendition's playlist, init segment and first segment must load and ffprobe must read them ("verified").
  Each video is deleted before the next measurement (bench/pipeline/client.mjs \`pipeline --until ready
  --verify --delete\`).
- \`local\` (the reference): one \`marquee serve\` (API and workers), SQLite and the local blob store, as
  \`scripts/bench transcode\` runs it.
- \`cluster\`: \`marquee serve --role api\` and \`marquee worker\` in separate processes, each with its own
  data dir, sharing PostgreSQL$([ "$sc_redis" = on ] && echo ", Redis") and the S3 store (s3rver, \`--blobs s3://marquee-test/cluster?endpoint=…\`,
  default part size 8 MiB and 4 parts in flight): the worker fetches the source from the store,
  transcodes locally, uploads the ladder as it is produced and publishes it; the API node serves the
  playlists and segments from the store (\`playback.delivery = origin\`).
- \`single-s3\`: one \`marquee serve\` (API and workers) on the same PostgreSQL$([ "$sc_redis" = on ] && echo ", Redis") and S3 store: the store's and
  the database's share without the split into processes.
- Phases are the transcoding process's own (its "ready" log line): *prepare* (source fetch, ffprobe,
  planning), *encode* (the ladder ffmpeg, with the ladder going to the store as it is produced on S3),
  *publish* (poster, the store, the database); "ffmpeg CPU" is \`cutime+cstime\` of the transcoding
  process (its reaped ffmpeg/ffprobe children) over the window; "process CPU" its own threads.
- Rounds: $repeat; the three targets run one after the other, the order rotating each round; ratios are taken
  within a round, then the median.
- Targets (issue 11): playable < 5 s; ready ≤ 1.15× the single-node (\`local\`) figure.

| target | round | load | other work (cores) | → playable (s) | → ready (s) | verified at (s) | its ffmpeg started at (s) | first segments in its work dir at (s) | prepare (s) | encode (s) | publish (s) | ffmpeg CPU (s) | process CPU (s) | ready ÷ local |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
EOF
  # rows: 1 target 2 round 3 load 4 playable 5 ready 6 verified 7 ladder start 8 on disk 9 prepare
  #       10 encode 11 publish 12 ffmpeg cpu 13 process cpu 14 other work (cores)
  awk -F'\t' "$pl_awk_lib"'
    { n++; for (f = 1; f <= 14; f++) v[n, f] = $f; ready[$1, $2] = $5; play[$1, $2] = $4
      if (!($1 in seen)) { seen[$1] = 1; order[++nt] = $1 } }
    END {
      for (i = 1; i <= n; i++) {
        t = v[i, 1]; r = v[i, 2]
        rr = (t != "local" && ready["local", r] > 0) ? sprintf("%.3f×", v[i, 5] / ready["local", r]) : "–"
        if (t != "local" && ready["local", r] > 0) { rready[t] = rready[t] " " v[i, 5] / ready["local", r]; rplay[t] = rplay[t] " " v[i, 4] / play["local", r] }
        printf "| %s | %d | %.1f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.1f | %.2f | %s |\n", t, r, v[i, 3], v[i, 14], v[i, 4], v[i, 5],
          v[i, 6], v[i, 7], v[i, 8], v[i, 9], v[i, 10], v[i, 11], v[i, 12], v[i, 13], rr
        P[t] = P[t] " " v[i, 4]; RD[t] = RD[t] " " v[i, 5]; PR[t] = PR[t] " " v[i, 9]; EN[t] = EN[t] " " v[i, 10]
        PU[t] = PU[t] " " v[i, 11]; FC[t] = FC[t] " " v[i, 12]; SC[t] = SC[t] " " v[i, 13]; LS[t] = LS[t] " " v[i, 7]
        AD[t] = AD[t] " " (v[i, 4] - v[i, 8])
      }
      print ""
      print "Medians:"
      print ""
      print "| target | → playable (s) | range (s) | playable ÷ local | → ready (s) | range (s) | ready ÷ local | its ffmpeg started at (s) | first segments on disk → playable (s) | prepare (s) | encode (s) | publish (s) | ffmpeg CPU (s) | process CPU (s) |"
      print "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
      for (k = 1; k <= nt; k++) {
        t = order[k]
        printf "| %s | **%.2f** | %s | %s | **%.2f** | %s | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.1f | %.2f |\n", t, median(P[t]), lo_hi(P[t], "%.2f"),
          (t == "local") ? "1 (reference)" : sprintf("%.3f×", median(rplay[t])), median(RD[t]), lo_hi(RD[t], "%.2f"),
          (t == "local") ? "1 (reference)" : sprintf("**%.3f×** (range %s)", median(rready[t]), lo_hi(rready[t], "%.3f")),
          median(LS[t]), median(AD[t]), median(PR[t]), median(EN[t]), median(PU[t]), median(FC[t]), median(SC[t])
      }
      print ""
      print "Target check:"
      print ""
      for (k = 1; k <= nt; k++) {
        t = order[k]
        if (t == "local") { printf "- local: playable %.2f s (< 5 s: %s)\n", median(P[t]), (median(P[t]) < 5) ? "met" : "**missed**"; continue }
        printf "- %s: playable %.2f s against < 5 s: %s; ready %.3f× local against ≤ 1.15×: %s\n", t, median(P[t]),
          (median(P[t]) < 5) ? "met" : "**missed**", median(rready[t]), (median(rready[t]) <= 1.15) ? "met" : "**missed**"
      }
    }' "$rows"
}

render_scaleout_upload() { # ROWS LOAD_BEFORE LOAD_AFTER OTHER_WORK
  local rows=$1 bytes=$((sc_upload_mb * 1000000))
  sc_header "scaleout-upload: a tus upload through nginx to two API nodes on S3 vs one node on local disk" "$2" "$3" "$4"
  cat <<EOF
- File: $sc_upload_mb MB of random bytes (read from the page cache); MB = 10⁶ bytes. tus-js-client
  $(jq -r .version "$pl_dir/node_modules/tus-js-client/package.json") (bench/pipeline/client.mjs \`tus-upload\`, 4 MiB file reads), from \`new Upload\` to \`onSuccess\`
  (creation POST + PATCHes); the video is deleted after each upload, and each measurement starts after \`sync\`.
- \`local\` (the reference): one \`marquee serve\` on SQLite and local disk, chunkSize Infinity (one PATCH), as
  \`scripts/bench upload\` measures it: O_DIRECT writes into the upload spool, fdatasync, the file handed
  to the local blob store as the source.
- \`s3-nginx\`: the same upload through nginx (round robin over two \`marquee serve --role api\` nodes on
  PostgreSQL$([ "$sc_redis" = on ] && echo ", Redis") and the S3 store; request bodies streamed, \`proxy_request_buffering off\`, keep-alive upstream
  connections; bench/scaleout/scaleout.sh has the config). With chunkSize Infinity the one PATCH lands on
  one node: the receiving node writes it into its spool and sends every whole 8 MiB part to the store as
  it arrives (StoredParts: the multipart upload of the video's source key), makes the tail below a part
  durable in the store when a request ends, and completes the multipart upload on the last byte.
- \`s3-direct\`: the same, straight to one API node, without nginx: nginx's share.
- \`s3-sdk\`: no Marquee: @aws-sdk/lib-storage's \`Upload\` of a file of the same size to the same s3rver,
  8 MiB parts, 4 in flight (bench/s3/sdk.mjs \`put-file --put multipart\`; clocked from the first part to
  the completed upload): what s3rver itself takes here, the ceiling of every S3 target; "ratio to s3-sdk"
  compares each S3 target with it.
- \`local-chunked\` / \`s3-nginx-chunked\`: chunkSize $sc_chunk_mb MiB, so the PATCHes alternate between the two
  nodes behind nginx (the "PATCHes on" column, from nginx's access log): each node carries on the other's
  multipart upload; compared with the same chunk size to the local node.
- "server wrote": bytes the Marquee node(s) sent to storage (\`write_bytes\`, /proc/PID/io) ÷ the file; "s3rver
  wrote": the same for s3rver (it stores each part, then writes the object again on completion).
  "last byte → answer": from tus-js-client handing the last byte to the socket to the final response.
- Rounds: $repeat; the six targets one after the other, the order rotating each round; ratios within a round, then the median.
- Target (issue 11): none given as a number; the figure is the ratio to one node on local disk.

| target | round | load | other work (cores) | seconds | MB/s | PATCHes on | last byte → answer (s) | server wrote (× file) | s3rver wrote (× file) | ratio to reference | ratio to s3-sdk |
|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|
EOF
  # rows: 1 target 2 round 3 load 4 seconds 5 patches 6 nodes 7 tail 8 api written 9 s3 written 10 other work
  awk -F'\t' -v bytes="$bytes" "$pl_awk_lib"'
    function ref_of(t) { return (t == "local" || t == "local-chunked") ? "" : ((t ~ /-chunked$/) ? "local-chunked" : "local") }
    { n++; for (f = 1; f <= 10; f++) v[n, f] = $f; secs[$1, $2] = $4
      if (!($1 in seen)) { seen[$1] = 1; order[++nt] = $1 } }
    END {
      for (i = 1; i <= n; i++) {
        t = v[i, 1]; r = v[i, 2]; ref = ref_of(t); mb = bytes / 1e6 / v[i, 4]
        ratio = "–"
        if (ref != "" && secs[ref, r] > 0) { x = secs[ref, r] / v[i, 4]; ratio = sprintf("%.2f× %s", x, ref); R[t] = R[t] " " x }
        rs = "–"
        if (t ~ /^s3-/ && t != "s3-sdk" && secs["s3-sdk", r] > 0) { y = secs["s3-sdk", r] / v[i, 4]; rs = sprintf("%.2f×", y); RSDK[t] = RSDK[t] " " y }
        nodes = v[i, 6]; if (length(nodes) > 12) nodes = substr(nodes, 1, 12) "…"
        printf "| %s | %d | %.1f | %.2f | %.2f | %.0f | %s | %s | %.2f | %.2f | %s | %s |\n", t, r, v[i, 3], v[i, 10], v[i, 4], mb,
          (t == "s3-sdk") ? "–" : sprintf("%s (%d)", nodes, v[i, 5]),
          (v[i, 7] == "") ? "–" : sprintf("%.2f", v[i, 7]), v[i, 8] / bytes, v[i, 9] / bytes, ratio, rs
        M[t] = M[t] " " mb; TL[t] = TL[t] " " v[i, 7]; WA[t] = WA[t] " " v[i, 8] / bytes; WS[t] = WS[t] " " v[i, 9] / bytes
      }
      print ""
      print "Medians:"
      print ""
      print "| target | MB/s | range (MB/s) | last byte → answer (s) | server wrote (× file) | s3rver wrote (× file) | ratio to reference | ratio to s3-sdk |"
      print "|---|---:|---:|---:|---:|---:|---:|---:|"
      for (k = 1; k <= nt; k++) {
        t = order[k]; ref = ref_of(t)
        printf "| %s | %.0f | %s | %s | %.2f | %.2f | %s | %s |\n", t, median(M[t]), lo_hi(M[t], "%.0f"),
          (t == "s3-sdk") ? "–" : sprintf("%.2f", median(TL[t])), median(WA[t]), median(WS[t]),
          (ref == "") ? "1 (reference)" : sprintf("**%.2f×** %s (range %s)", median(R[t]), ref, lo_hi(R[t], "%.2f")),
          (RSDK[t] == "") ? "–" : sprintf("%.2f×", median(RSDK[t]))
      }
    }' "$rows"
}

# ---------------------------------------------------------------------------------------

bench_scaleout() {
  repeat=3
  sc_upload_mb=500
  sc_chunk_mb=64
  sc_redis=on
  sc_cmd="scripts/bench scaleout $*"
  sc_cmd=${sc_cmd% }
  local parts=()
  while [ $# -gt 0 ]; do
    case "$1" in
      pipeline | upload) parts+=("$1"); shift ;;
      --repeat) repeat=${2:?--repeat needs a value}; shift 2 ;;
      --upload-mb) sc_upload_mb=${2:?--upload-mb needs a value}; shift 2 ;;
      --chunk-mb) sc_chunk_mb=${2:?--chunk-mb needs a value}; shift 2 ;;
      --redis) sc_redis=${2:?--redis needs a value}; shift 2 ;;
      -h | --help) usage; exit 0 ;;
      *) usage; exit 2 ;;
    esac
  done
  [ ${#parts[@]} -gt 0 ] || parts=(pipeline upload)
  local n
  for n in "$repeat" "$sc_upload_mb" "$sc_chunk_mb"; do [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "numbers must be positive"; done
  [ "$sc_chunk_mb" -ge 5 ] || die "--chunk-mb must be at least 5"
  [[ "$sc_redis" =~ ^(on|off)$ ]] || die "--redis must be on or off"

  "$root/scripts/setup"
  if [ -n "${MARQUEE_BENCH_BIN:-}" ]; then
    marquee_bin=$(realpath "$MARQUEE_BENCH_BIN")
    pl_build="$marquee_bin (MARQUEE_BENCH_BIN)"
  else
    "$root/scripts/build" release
    local commit
    commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
    if [ -n "$(git -C "$root" status --porcelain 2>/dev/null | head -n1)" ]; then commit="$commit (with uncommitted changes)"; fi
    pl_build="build/release at $commit"
  fi
  [ -x "$marquee_bin" ] || die "no $marquee_bin after scripts/build release"
  local tool
  for tool in ffmpeg ffprobe node npm jq curl psql ss redis-server; do
    command -v "$tool" >/dev/null || die "$tool is not installed (scripts/setup installs it)"
  done
  [ -x "$nginx_bin" ] || die "no nginx at $nginx_bin (scripts/setup installs nginx-light)"
  (cd "$pl_dir" && { [ -d node_modules ] || npm ci --no-audit --no-fund --silent; }) || die "npm ci in bench/pipeline failed"
  (cd "$root/bench/s3" && { [ -d node_modules ] || npm ci --no-audit --no-fund --silent; }) || die "npm ci in bench/s3 failed"

  local work part child load0 load1 src mark others
  make_tmp work
  pl_media_init
  for part in "${parts[@]}"; do
    src=""
    [ "$part" = pipeline ] && pl_source src main
    local -a wrap=("$root/scripts/with-postgres")
    [ "$sc_redis" = on ] && wrap+=("$root/scripts/with-redis")
    wrap+=("$root/scripts/with-s3")
    load0=$(pl_load)
    cpu_mark mark
    log "== scaleout $part =="
    MARQUEE_BENCH_SC="$repeat $sc_upload_mb $sc_chunk_mb $sc_redis" MARQUEE_BENCH_SC_SOURCE=$src \
      MARQUEE_BENCH_BIN_RESOLVED=$marquee_bin setsid "${wrap[@]}" "$self" __scaleout_block "$part" "$work/$part.tsv" &
    child=$!
    pgroups+=("$child")
    wait "$child" || die "the scaleout $part measurements failed"
    pl_forget pgroups "$child"
    load1=$(pl_load)
    cpu_others mark others
    "render_scaleout_$part" "$work/$part.tsv" "$load0" "$load1" "$others" >"$work/$part.md"
    write_section "scaleout-$part" "$work/$part.md"
    cat "$work/$part.md"
    log "wrote the scaleout-$part section of ${results_md#"$root"/}"
  done
}
