#pragma once
// Every setting Marquee reads, with its default. The embedded default needs none of them.
// Precedence, lowest to highest: defaults < marquee.toml < MARQUEE_* environment < flags.
// The list of settings (key, help, how to read it) lives in ConfigSchema.h, so the flag
// parser, the environment reader, the TOML reader and `serve --help` share one table.
#include <cstdint>
#include <string>
#include <vector>

namespace marquee {

struct Config {
  // Server
  std::string role = "all";  // all | api | worker
  std::string listen = "0.0.0.0:8080";
  std::string data_dir = "var";
  std::string database;  // empty: sqlite:<data_dir>/marquee.db
  std::string public_url;  // how clients reach us; empty: derived from the request's Host
  std::string log_format = "text";
  std::string log_level = "info";

  // HTTP
  int http_threads = 0;           // 0: one per core
  int blocking_threads = 16;      // pool that runs handlers (database calls) off the I/O threads
  std::int64_t max_body_bytes = 1 << 20;  // JSON and form bodies
  int header_timeout_ms = 10'000;  // a client must send its headers within this
  int read_timeout_ms = 30'000;    // and every body chunk within this
  int idle_timeout_ms = 60'000;    // keep-alive connections close after this much silence
  int shutdown_grace_ms = 10'000;  // in-flight requests get this long on SIGTERM
  std::vector<std::string> cors_origins = {"*"};
  // GET /metrics: served to loopback clients that came through no proxy, and to any client
  // presenting this bearer token when it is set.
  std::string metrics_token;
  // Proxies whose X-Forwarded-For is believed (addresses and CIDR blocks); from anyone else the
  // header is ignored and the socket's peer is the client (http/ClientAddress.h).
  std::vector<std::string> trusted_proxies;

  // Web app (src/web): the bundled site's directory (empty: `web` beside the executable) and
  // the origins media may come from besides this one (a CDN, an S3 endpoint), for its CSP.
  std::string web_dir;
  std::vector<std::string> web_media_origins;

  // Rate limits by route class (limits/RouteClasses.h), per account or per address: "N/period"
  // ("25/5m") or "off". docs/security.md gives the reasons for each default.
  bool limits_enabled = true;
  std::string limits_sign_in = "25/5m";
  std::string limits_registration = "10/1h";
  std::string limits_upload = "30/1h";
  std::string limits_search = "120/1m";
  std::string limits_media = "off";
  std::string limits_read = "300/5m";
  std::string limits_write = "300/5m";
  bool limits_exempt_staff = true;  // moderators and admins are not limited

  // Malware scanning of uploads through clamd (docs/security.md#upload-scanning):
  // unix:/path or tcp://host:port; empty: no scanning.
  std::string scanning_clamd;
  std::string scanning_malware = "reject";         // reject | hold
  std::string scanning_when_unscanned = "hold";    // hold (fail closed) | publish (fail open)
  int scanning_timeout_ms = 300'000;
  // Image classification of uploads (docs/security.md#the-classifier-hook): the classifier's
  // URL (tools/classifier), empty: none; rules "label>=score:adult|hold|reject".
  std::string scanning_classifier_url;
  std::vector<std::string> scanning_classifier_rules = {"porn>=0.8:adult", "hentai>=0.8:adult"};
  int scanning_classifier_frames = 5;
  int scanning_classifier_timeout_ms = 30'000;

  // Domain events between processes: auto (Redis pub/sub when redis_url is set, else
  // PostgreSQL LISTEN/NOTIFY when the database is PostgreSQL, else in-process), in_process,
  // postgres, or redis.
  std::string events_bus = "auto";

  // Redis (scale-out, optional; docs/scaling.md): redis://[user:password@]host:port[/db] or
  // unix:///path. Set, it carries the events (events.bus = auto) and the rate limits shared by
  // every node. Empty: no Redis.
  std::string redis_url;

  // Realtime: /api/ws and Socket.IO at /socket.io/ (docs/realtime.md). The four Engine.IO
  // settings are the reference server's defaults.
  int realtime_ping_interval_ms = 25'000;
  int realtime_ping_timeout_ms = 20'000;
  std::int64_t realtime_max_payload_bytes = 1'000'000;
  int realtime_connect_timeout_ms = 45'000;
  int realtime_max_connections_per_ip = 1'000;
  int realtime_max_rooms_per_connection = 50;
  std::int64_t realtime_send_queue_bytes = 1 << 20;  // a consumer further behind is dropped
  int realtime_auth_grace_ms = 30'000;
  int realtime_chat_messages_per_minute = 20;
  int realtime_chat_history = 200;
  // Browser origins allowed to open a socket; empty: any (a cookie still needs a trusted origin).
  std::vector<std::string> realtime_origins;

  // The creator studio (docs/studio.md) and its credits (docs/billing.md).
  int studio_clip_cost = 1;                                    // credits per clip generation
  std::int64_t studio_max_photo_bytes = std::int64_t{25} << 20;
  std::int64_t studio_max_photo_pixels = 50'000'000;
  int studio_url_ttl_s = 3'600;                                // signed file URLs
  std::string studio_generator = "ken_burns";  // ken_burns | http
  std::string studio_generator_url;           // http: the hosted generator (docs/studio.md)
  std::string studio_generator_key;
  int studio_generator_timeout_s = 600;
  int studio_generator_poll_ms = 2'000;
  std::string studio_music_previews = "signed";  // signed | public: how music track previews are served
  std::string studio_system_prompt;   // sent with every clip to a hosted generator that takes a prompt
  std::string studio_generator_model;  // the hosted generator's model ("" : its default)
  int billing_signup_credits = 1;
  int billing_referral_credits = 1;  // to each side, at the referred account's first clip
  std::string billing_stripe_secret_key;                            // empty: no checkout
  std::string billing_stripe_api_base = "https://api.stripe.com";
  std::vector<std::string> billing_stripe_webhook_secrets;          // whsec_…; two while rotating
  std::string billing_success_url;  // empty: <public_url>/studio/credits?checkout=success
  std::string billing_cancel_url;   // empty: <public_url>/studio/credits?checkout=cancelled

  // Hot video metadata is answered from memory for this long (0: always read the database).
  int video_cache_ttl_ms = 1000;

  // Blobs: "local" (<data_dir>/blobs) or s3://bucket/prefix?endpoint=…&region=… (docs/scaling.md).
  std::string blobs = "local";
  std::string blob_s3_access_key_id;      // empty: AWS_ACCESS_KEY_ID
  std::string blob_s3_secret_access_key;  // empty: AWS_SECRET_ACCESS_KEY
  int blob_part_size_mib = 8;
  int blob_parallel_parts = 4;

  // Database
  int db_pool_size = 8;
  int db_busy_timeout_ms = 5'000;

  // Accounts
  std::string jwt_secret;  // empty: generated on first run and kept in <data_dir>/secrets
  int access_token_ttl_s = 15 * 60;
  int refresh_token_ttl_s = 30 * 24 * 3600;
  std::int64_t argon2_ops = 2;                 // libsodium OPSLIMIT_INTERACTIVE
  std::int64_t argon2_mem_kib = 64 * 1024;     // libsodium MEMLIMIT_INTERACTIVE
  bool cookie_secure = false;  // set the Secure flag on auth cookies (true behind HTTPS)
  // How long a node trusts what it read of a session (account exists, role, not signed out)
  // when it missed the event of a change made on another node; changes made on this node, and
  // those whose events arrive, apply at once.
  int session_check_ms = 30'000;

  // Uploads
  std::int64_t upload_max_file_bytes = 10ll << 30;    // 10 GiB
  std::int64_t upload_user_quota_bytes = 100ll << 30; // 0: unlimited
  int upload_expiry_s = 24 * 3600;                    // unfinished uploads idle this long are removed
  std::int64_t upload_checkpoint_bytes = 64ll << 20;  // durable offset at least this often per request
  bool upload_any_user = false;                       // false: creators and above may upload

  // Media processing
  int transcode_concurrency = 0;   // transcodes at once per worker process; 0: one per two cores
  int media_max_duration_s = 4 * 3600;
  std::string media_preset = "veryfast";  // libx264 preset
  int job_max_attempts = 4;
  int worker_lease_ms = 60'000;  // a dead worker's job is claimed again this long after its last heartbeat

  // Playback
  std::string playback_secret;         // empty: generated into <data_dir>/secrets
  // origin: Marquee streams media from the blob store; redirect: segments and images answer
  // 302 to the store (a presigned URL) or to playback_redirect_base_url (a CDN in front of it).
  std::string playback_delivery = "origin";
  std::string playback_redirect_base_url;
  int playback_token_ttl_s = 6 * 3600;

  // Views and retention
  int views_window_s = 24 * 3600;       // a viewer's view counts once per window
  int views_min_watch_ms = 5'000;       // watch time before a view counts (30 % of shorter videos)
  int views_flush_interval_ms = 1'000;  // buffered beacons are written this often
  int retention_default_days = 0;       // videos are deleted this long after creation; 0: kept forever
  int retention_sweep_interval_s = 60;  // how often expired videos are looked for

  // Feeds and ranking (docs/ranking.md)
  int feeds_refresh_interval_s = 60;        // trending and reel snapshots are recomputed this often
  int feeds_snapshot_keep_s = 600;          // superseded snapshots stay this long for paging clients
  int feeds_trending_size = 1000;           // videos ranked per trending window
  int feeds_reels_max_duration_s = 90;      // reels: vertical videos at most this long
  int feeds_reels_candidates = 1000;        // reels ranked per session, by base heat
  int feeds_reels_exploration = 150;        // weight of the seeded random term of reel heat
  int feeds_page_cache_ms = 1'000;          // pages alike for every caller are answered from memory this long

  // Search (docs/search.md)
  std::vector<std::string> search_categories = {
      "Film & Animation", "Autos & Vehicles", "Music", "Pets & Animals", "Sports", "Travel & Events", "Gaming",
      "People & Blogs", "Comedy", "Entertainment", "News & Politics", "Howto & Style", "Education",
      "Science & Technology", "Nonprofits & Activism"};
  int search_refresh_interval_s = 300;   // the vocabulary, popular titles and queries are reloaded this often
  int search_log_retention_days = 30;    // the query log keeps this many days
  int search_log_flush_interval_s = 10;  // counted searches are written this often

  // Recommendations (docs/ranking.md, Recommendations)
  int recs_refresh_interval_s = 300;   // co-watch is recomputed this often (and the content index rebuilt when due)
  int recs_cowatch_window_days = 90;   // co-watch reads the watches of this many days
  int recs_fresh_days = 3;             // for-you gives every fourth place to uploads of this many days
  int recs_exploration_percent = 5;    // weight of the seeded random term of for-you scores (0-1)

  // Moderation and the law (docs/moderation.md). An admin changes these at run time too
  // (PATCH /api/admin/settings); these are the defaults.
  std::string moderation_review_new_uploads = "off";  // off | new_accounts | untrusted: held for review first
  int moderation_new_account_days = 7;       // an account this young is "new" (review_new_uploads = new_accounts)
  bool moderation_anonymous_reports = false;  // signed-out visitors may report (rate-limited per address)
  int moderation_reports_per_hour = 20;       // reports one account or address may file per hour
  bool moderation_adult_content = true;       // false: adult videos are shown to nobody
  int moderation_minimum_age = 0;             // > 0: a stated birth date must show this age for adult videos
  int moderation_removed_retention_days = 90;  // a removed video's files are kept this long for appeal
  std::string dmca_agent_name;                // the designated agent, shown on GET /dmca
  std::string dmca_agent_address;
  std::string dmca_agent_email;
  std::string dmca_agent_phone;
  int dmca_restore_business_days = 10;        // a countered video returns after this many business days (10-14)
  int dmca_strikes_to_terminate = 3;          // active strikes that terminate an account (repeat infringers)
  int dmca_strike_days = 365;                 // a strike expires after this many days
  bool dmca_redact_complainant_contact = true;  // the uploader's copy of a notice omits the complainant's contact

  // Resolved: database URL with the default applied.
  std::string database_url() const;
};

}  // namespace marquee
