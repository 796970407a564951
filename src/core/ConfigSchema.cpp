#include "core/ConfigSchema.h"

#include <toml++/toml.h>

#include <cctype>
#include <charconv>
#include <set>

#include "core/Error.h"
#include "core/RateSpec.h"

extern char** environ;

namespace marquee {
namespace {

std::int64_t parse_int(const std::string& key, const std::string& value) {
  std::int64_t out = 0;
  auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), out);
  if (ec != std::errc() || ptr != value.data() + value.size()) {
    throw Error(ErrorCode::validation_failed, key + " must be an integer, got '" + value + "'");
  }
  return out;
}

bool parse_bool(const std::string& key, const std::string& value) {
  if (value == "true" || value == "1" || value == "yes" || value == "on") return true;
  if (value == "false" || value == "0" || value == "no" || value == "off") return false;
  throw Error(ErrorCode::validation_failed, key + " must be true or false, got '" + value + "'");
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

std::vector<std::string> split(const std::string& value) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= value.size()) {
    auto end = value.find(',', start);
    if (end == std::string::npos) end = value.size();
    auto item = value.substr(start, end - start);
    while (!item.empty() && std::isspace(static_cast<unsigned char>(item.front()))) item.erase(0, 1);
    while (!item.empty() && std::isspace(static_cast<unsigned char>(item.back()))) item.pop_back();
    if (!item.empty()) out.push_back(item);
    start = end + 1;
  }
  return out;
}

Setting text(std::string key, std::string help, std::string Config::*field) {
  return {key, std::move(help), [field](const Config& c) { return c.*field; },
          [field](Config& c, const std::string& v) { c.*field = v; }};
}

Setting choice(std::string key, std::string help, std::string Config::*field, std::set<std::string> allowed) {
  return {key, std::move(help), [field](const Config& c) { return c.*field; },
          [key, field, allowed](Config& c, const std::string& v) {
            if (!allowed.count(v)) {
              std::vector<std::string> names(allowed.begin(), allowed.end());
              throw Error(ErrorCode::validation_failed, key + " must be one of " + join(names) + ", got '" + v + "'");
            }
            c.*field = v;
          }};
}

template <typename Int>
Setting number(std::string key, std::string help, Int Config::*field, std::int64_t min, std::int64_t max) {
  return {key, std::move(help), [field](const Config& c) { return std::to_string(c.*field); },
          [key, field, min, max](Config& c, const std::string& v) {
            auto n = parse_int(key, v);
            if (n < min || n > max) {
              throw Error(ErrorCode::validation_failed,
                          key + " must be between " + std::to_string(min) + " and " + std::to_string(max));
            }
            c.*field = static_cast<Int>(n);
          }};
}

Setting flag(std::string key, std::string help, bool Config::*field) {
  return {key, std::move(help), [field](const Config& c) { return std::string(c.*field ? "true" : "false"); },
          [key, field](Config& c, const std::string& v) { c.*field = parse_bool(key, v); }};
}

Setting list(std::string key, std::string help, std::vector<std::string> Config::*field) {
  return {key, std::move(help), [field](const Config& c) { return join(c.*field); },
          [field](Config& c, const std::string& v) { c.*field = split(v); }};
}

Setting rate(std::string key, std::string help, std::string Config::*field) {
  return {key, std::move(help), [field](const Config& c) { return c.*field; },
          [key, field](Config& c, const std::string& v) {
            if (!parse_rate_spec(v)) {
              throw Error(ErrorCode::validation_failed,
                          key + " must be a rate such as 25/5m, 10/h or 2/s, or off; got '" + v + "'");
            }
            c.*field = v;
          }};
}

Setting aliased(Setting setting, std::string alias) {
  setting.flag_alias = std::move(alias);
  return setting;
}

std::string toml_value_to_string(const std::string& key, const toml::node& node) {
  if (auto s = node.as_string()) return s->get();
  if (auto i = node.as_integer()) return std::to_string(i->get());
  if (auto b = node.as_boolean()) return b->get() ? "true" : "false";
  if (auto a = node.as_array()) {
    std::vector<std::string> items;
    for (const auto& item : *a) items.push_back(toml_value_to_string(key, item));
    return join(items);
  }
  throw Error(ErrorCode::validation_failed, "marquee.toml: " + key + " has an unsupported type");
}

void collect_toml(const toml::table& table, const std::string& prefix, std::map<std::string, std::string>& out) {
  for (const auto& [k, node] : table) {
    std::string key = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    if (auto sub = node.as_table()) {
      collect_toml(*sub, key, out);
    } else {
      out[key] = toml_value_to_string(key, node);
    }
  }
}

}  // namespace

std::string Setting::env_name() const {
  std::string out = "MARQUEE_";
  for (char c : key) out += (c == '.') ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string Setting::flag_name() const {
  std::string out;
  for (char c : key) out += (c == '.' || c == '_') ? '-' : c;
  return out;
}

const std::vector<Setting>& config_settings() {
  static const std::vector<Setting> all = {
      choice("role", "which parts run: all (API and workers), api, or worker", &Config::role, {"all", "api", "worker"}),
      text("listen", "HOST:PORT to serve HTTP on", &Config::listen),
      text("data_dir", "directory for the SQLite database, blobs and generated secrets", &Config::data_dir),
      text("blobs", "where media lives: local (<data_dir>/blobs) or s3://bucket/prefix?endpoint=…&region=…",
           &Config::blobs),
      text("blob.s3_access_key_id", "S3 access key id (default: AWS_ACCESS_KEY_ID)", &Config::blob_s3_access_key_id),
      text("blob.s3_secret_access_key", "S3 secret access key (default: AWS_SECRET_ACCESS_KEY)",
           &Config::blob_s3_secret_access_key),
      number("blob.part_size_mib", "S3 multipart part size in MiB (5 to 512)", &Config::blob_part_size_mib, 5, 512),
      number("blob.parallel_parts", "S3 multipart parts uploaded at once", &Config::blob_parallel_parts, 1, 32),
      text("database", "sqlite:PATH or postgres://… (default sqlite:<data_dir>/marquee.db)", &Config::database),
      text("public_url", "base URL clients use to reach this server (default: from the Host header)", &Config::public_url),
      choice("log_format", "text or json", &Config::log_format, {"text", "json"}),
      choice("log_level", "trace, debug, info, warn, error", &Config::log_level,
             {"trace", "debug", "info", "warn", "error", "critical", "off"}),
      number("http.threads", "I/O threads (0: one per core)", &Config::http_threads, 0, 256),
      number("http.blocking_threads", "threads that run request handlers and database calls", &Config::blocking_threads, 1, 1024),
      number("http.max_body_bytes", "largest JSON or form body accepted (413 beyond)", &Config::max_body_bytes, 1024,
             std::int64_t{1} << 40),
      number("http.header_timeout_ms", "time a client has to send its request headers", &Config::header_timeout_ms, 100, 3'600'000),
      number("http.read_timeout_ms", "time allowed between body reads before the connection is closed", &Config::read_timeout_ms,
             100, 3'600'000),
      number("http.idle_timeout_ms", "keep-alive connections close after this much silence", &Config::idle_timeout_ms, 100,
             3'600'000),
      number("http.shutdown_grace_ms", "how long in-flight requests may finish after SIGTERM", &Config::shutdown_grace_ms, 0,
             600'000),
      list("http.cors_origins",
           "origins allowed by CORS, comma-separated; * lets any origin read without cookies, listed origins may "
           "send cookies",
           &Config::cors_origins),
      text("web.dir", "the bundled web app (index.html, assets/; default: web beside the executable)",
           &Config::web_dir),
      list("web.media_origins",
           "origins the web app may load media from besides this one (a CDN, the S3 endpoint with "
           "playback.delivery = redirect), comma-separated; playback.redirect_base_url's origin is added",
           &Config::web_media_origins),
      choice("events.bus",
             "domain events between processes: auto (Redis pub/sub when redis.url is set, else PostgreSQL "
             "LISTEN/NOTIFY on PostgreSQL, else in_process), in_process (one process only), postgres, redis",
             &Config::events_bus, {"auto", "in_process", "postgres", "redis"}),
      aliased(text("redis.url",
                   "Redis for the scale-out event bus and rate limits shared by every node: "
                   "redis://[user:password@]host:port[/db] or unix:///path/to/redis.sock (default: no Redis)",
                   &Config::redis_url),
              "redis"),
      number("realtime.ping_interval_ms", "how often the server pings each socket", &Config::realtime_ping_interval_ms,
             1'000, 3'600'000),
      number("realtime.ping_timeout_ms", "how long a socket may take to answer a ping before it is closed",
             &Config::realtime_ping_timeout_ms, 1'000, 3'600'000),
      number("realtime.max_payload_bytes", "largest message (and polling request body) a socket may send",
             &Config::realtime_max_payload_bytes, 1'024, std::int64_t{64} << 20),
      number("realtime.connect_timeout_ms", "time a Socket.IO client has to join the namespace after the handshake",
             &Config::realtime_connect_timeout_ms, 1'000, 3'600'000),
      number("realtime.max_connections_per_ip", "open sockets allowed from one client address",
             &Config::realtime_max_connections_per_ip, 1, 1'000'000),
      number("realtime.max_rooms_per_connection", "rooms one socket may be in at once",
             &Config::realtime_max_rooms_per_connection, 2, 10'000),
      number("realtime.send_queue_bytes", "bytes waiting to be sent to one socket before it is dropped as too slow",
             &Config::realtime_send_queue_bytes, 4'096, std::int64_t{1} << 30),
      number("realtime.auth_grace_ms", "time a socket whose token expired has to send a new one",
             &Config::realtime_auth_grace_ms, 0, 3'600'000),
      number("realtime.chat_messages_per_minute", "chat messages one user may send per minute",
             &Config::realtime_chat_messages_per_minute, 1, 1'000'000'000),
      number("realtime.chat_history", "chat messages kept per video", &Config::realtime_chat_history, 1, 100'000),
      list("realtime.origins", "browser origins allowed to open a socket, comma-separated (empty: any)",
           &Config::realtime_origins),
      text("metrics.token", "bearer token that opens GET /metrics to non-loopback clients (default: loopback only)",
           &Config::metrics_token),
      list("http.trusted_proxies",
           "proxies (addresses or CIDR blocks) whose X-Forwarded-For names the client; from others it is ignored",
           &Config::trusted_proxies),
      flag("limits.enabled", "rate limits on every route (off: none, for a closed test setup)",
           &Config::limits_enabled),
      rate("limits.sign_in", "sign-ins, password changes and second-factor checks per address", &Config::limits_sign_in),
      rate("limits.registration", "new accounts per address", &Config::limits_registration),
      rate("limits.upload", "new uploads per account (their chunks are not counted)", &Config::limits_upload),
      rate("limits.search", "searches and suggestions per account or address", &Config::limits_search),
      rate("limits.media", "signed playlist and segment fetches per account or address", &Config::limits_media),
      rate("limits.read", "other reads (GET) per account or address", &Config::limits_read),
      rate("limits.write", "other writes per account or address", &Config::limits_write),
      text("scanning.clamd",
           "scan every upload for malware with clamd before it is public: unix:/run/clamav/clamd.ctl or "
           "tcp://host:3310 (empty: no scanning)",
           &Config::scanning_clamd),
      choice("scanning.malware", "an upload clamd matches: reject it (and delete it) or hold it for review",
             &Config::scanning_malware, {"reject", "hold"}),
      choice("scanning.when_unscanned",
             "an upload clamd could not scan whole (down, timed out, beyond its StreamMaxLength), or the "
             "classifier could not look at: hold it for review (fail closed) or publish it (fail open)",
             &Config::scanning_when_unscanned, {"hold", "publish"}),
      number("scanning.timeout_ms", "how long clamd may take to answer one scan", &Config::scanning_timeout_ms, 1'000,
             3'600'000),
      text("scanning.classifier_url",
           "classify a few frames of every upload before it is public with this image classifier, e.g. "
           "http://127.0.0.1:8091/classify from tools/classifier (empty: no classification)",
           &Config::scanning_classifier_url),
      list("scanning.classifier_rules",
           "what the classifier's scores do, comma-separated label>=score:action rules; actions: adult "
           "(age-restrict), hold (for review), reject",
           &Config::scanning_classifier_rules),
      number("scanning.classifier_frames", "frames of each upload the classifier sees, spread over its length",
             &Config::scanning_classifier_frames, 1, 32),
      number("scanning.classifier_timeout_ms", "how long the classifier may take to answer for one upload",
             &Config::scanning_classifier_timeout_ms, 1'000, 600'000),
      flag("limits.exempt_staff", "moderators and admins are not rate-limited", &Config::limits_exempt_staff),
      number("studio.clip_cost", "credits one clip generation costs (0: free)", &Config::studio_clip_cost, 0, 1'000'000),
      number("studio.max_photo_bytes", "largest photo a clip may be made of", &Config::studio_max_photo_bytes,
             1'024, std::int64_t{1} << 30),
      number("studio.max_photo_pixels", "most pixels a clip's photo may declare (refused before it is decoded)",
             &Config::studio_max_photo_pixels, 10'000, 1'000'000'000),
      number("studio.url_ttl_s", "how long a signed studio file URL stays good", &Config::studio_url_ttl_s, 60,
             7 * 24 * 3600),
      choice("studio.generator", "what makes clips of photos: ken_burns (ffmpeg, built in) or http (a hosted service)",
             &Config::studio_generator, {"ken_burns", "http"}),
      text("studio.generator_url", "the hosted clip generator's base URL (studio.generator = http)",
           &Config::studio_generator_url),
      text("studio.generator_key", "the bearer key sent to the hosted clip generator", &Config::studio_generator_key),
      number("studio.generator_timeout_s", "how long one hosted clip may take, submit to download",
             &Config::studio_generator_timeout_s, 10, 24 * 3600),
      number("studio.generator_poll_ms", "how often the hosted generator is asked how a clip is going",
             &Config::studio_generator_poll_ms, 50, 600'000),
      choice("studio.music_previews",
             "music track previews: signed (URLs that expire, for signed-in creators) or public (one URL for anyone)",
             &Config::studio_music_previews, {"signed", "public"}),
      text("studio.system_prompt", "instructions sent with every clip to a hosted generator that takes a prompt",
           &Config::studio_system_prompt),
      text("studio.generator_model", "the hosted clip generator's model (default: its own)",
           &Config::studio_generator_model),
      number("billing.signup_credits", "credits a new account starts with", &Config::billing_signup_credits, 0,
             1'000'000),
      number("billing.referral_credits", "credits a referral gives each side when the referred account's first clip is made",
             &Config::billing_referral_credits, 0, 1'000'000),
      text("billing.stripe_secret_key", "Stripe secret key for checkout sessions (default: none, no checkout)",
           &Config::billing_stripe_secret_key),
      text("billing.stripe_api_base", "Stripe's API base URL (a Stripe-compatible service's, or a test double's)",
           &Config::billing_stripe_api_base),
      list("billing.stripe_webhook_secret",
           "webhook signing secrets (whsec_…), comma-separated: two while one is rotated (default: none, webhook off)",
           &Config::billing_stripe_webhook_secrets),
      text("billing.success_url", "where the provider sends a buyer who paid (default: <public_url>/studio/credits)",
           &Config::billing_success_url),
      text("billing.cancel_url", "where the provider sends a buyer who gave up (default: <public_url>/studio/credits)",
           &Config::billing_cancel_url),
      number("cache.video_ttl_ms", "how long read video metadata is served from memory (0: off)",
             &Config::video_cache_ttl_ms, 0, 600'000),
      number("db.pool_size", "database connections (PostgreSQL pool; SQLite readers)", &Config::db_pool_size, 1, 512),
      number("db.busy_timeout_ms", "how long SQLite waits on a lock before giving up", &Config::db_busy_timeout_ms, 0, 600'000),
      text("auth.jwt_secret", "HS256 key for access tokens (default: generated into <data_dir>/secrets)", &Config::jwt_secret),
      number("auth.access_token_ttl_s", "lifetime of access tokens", &Config::access_token_ttl_s, 10, 86'400),
      number("auth.refresh_token_ttl_s", "lifetime of refresh tokens", &Config::refresh_token_ttl_s, 60, 365 * 86'400),
      number("auth.argon2_ops", "argon2id passes (libsodium opslimit)", &Config::argon2_ops, 1, 64),
      number("auth.argon2_mem_kib", "argon2id memory in KiB (libsodium memlimit / 1024)", &Config::argon2_mem_kib, 8,
             4 * 1024 * 1024),
      flag("auth.cookie_secure", "mark auth cookies Secure (enable behind HTTPS)", &Config::cookie_secure),
      number("auth.session_check_ms",
             "how long a node trusts a session's standing read from the database when it missed the event of a "
             "sign-out, role change or deletion made on another node (events apply them at once)",
             &Config::session_check_ms, 0, 600'000),
      number("uploads.max_file_bytes", "largest upload accepted (413 beyond)", &Config::upload_max_file_bytes, 1,
             std::int64_t{1} << 50),
      number("uploads.user_quota_bytes", "source bytes one account may hold (507 beyond; 0 unlimited)",
             &Config::upload_user_quota_bytes, 0, std::int64_t{1} << 60),
      number("uploads.expiry_s", "unfinished uploads idle this long are removed", &Config::upload_expiry_s, 60,
             30 * 86'400),
      number("uploads.checkpoint_bytes", "a long upload request makes its offset durable at least this often",
             &Config::upload_checkpoint_bytes, 64 * 1024, std::int64_t{1} << 40),
      flag("uploads.any_user", "let every signed-in account upload (default: creators and above)",
           &Config::upload_any_user),
      number("workers.transcode_concurrency", "transcodes at once per process (0: one per two cores)",
             &Config::transcode_concurrency, 0, 256),
      number("workers.lease_ms", "a dead worker's job is picked up again this long after its last heartbeat",
             &Config::worker_lease_ms, 300, 3'600'000),
      number("workers.job_max_attempts", "attempts before a failing job is dead", &Config::job_max_attempts, 1, 100),
      number("media.max_duration_s", "longest source accepted", &Config::media_max_duration_s, 1, 7 * 86'400),
      choice("media.preset", "libx264 preset: faster encodes or smaller files", &Config::media_preset,
             {"ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow"}),
      choice("playback.delivery",
             "origin (Marquee streams media from the blob store) or redirect (segments and images answer 302 to the "
             "store's presigned URL, or to playback.redirect_base_url)",
             &Config::playback_delivery, {"origin", "redirect"}),
      text("playback.redirect_base_url",
           "with playback.delivery = redirect: a CDN base URL that serves the store's keys (public videos only; "
           "private and premium media get presigned URLs)",
           &Config::playback_redirect_base_url),
      text("playback.secret", "HMAC key for signed playback URLs (default: generated into <data_dir>/secrets)",
           &Config::playback_secret),
      number("playback.token_ttl_s", "lifetime of signed playback URLs", &Config::playback_token_ttl_s, 60,
             7 * 86'400),
      number("views.window_s", "a viewer's view of a video counts once per this many seconds", &Config::views_window_s,
             1, 365 * 86'400),
      number("views.min_watch_ms", "watch time before a view counts (30 % of the video when that is shorter)",
             &Config::views_min_watch_ms, 0, 3'600'000),
      number("views.flush_interval_ms", "how often buffered view counts and history are written",
             &Config::views_flush_interval_ms, 10, 600'000),
      number("retention.default_days", "delete videos this many days after creation (0: keep forever)",
             &Config::retention_default_days, 0, 36'500),
      number("retention.sweep_interval_s", "how often expired videos are looked for and deleted",
             &Config::retention_sweep_interval_s, 1, 86'400),
      number("feeds.refresh_interval_s", "how often trending and reel rankings are recomputed",
             &Config::feeds_refresh_interval_s, 1, 86'400),
      number("feeds.snapshot_keep_s", "how long superseded ranking snapshots stay for clients paging through them",
             &Config::feeds_snapshot_keep_s, 0, 86'400),
      number("feeds.trending_size", "how many videos each trending window ranks", &Config::feeds_trending_size, 1,
             100'000),
      number("feeds.reels_max_duration_s", "reels are vertical videos at most this many seconds long",
             &Config::feeds_reels_max_duration_s, 1, 3'600),
      number("feeds.reels_candidates", "how many reels, by base heat, each session's ranking draws from",
             &Config::feeds_reels_candidates, 1, 100'000),
      number("feeds.reels_exploration", "weight of the seeded random term of reel heat (0: none; base heat is 0-1000)",
             &Config::feeds_reels_exploration, 0, 1'000),
      number("feeds.page_cache_ms",
             "how long feed pages alike for every caller (trending; anonymous home and reels) are served from memory "
             "(0: never)",
             &Config::feeds_page_cache_ms, 0, 60'000),
      list("search.categories", "the categories videos are filed under, comma-separated (GET /api/categories)",
           &Config::search_categories),
      number("search.refresh_interval_s",
             "how often the typo vocabulary, popular titles and popular queries of suggestions are reloaded",
             &Config::search_refresh_interval_s, 1, 86'400),
      number("search.log_retention_days", "how many days the query log (no user ids) keeps",
             &Config::search_log_retention_days, 0, 3'650),
      number("search.log_flush_interval_s", "how often counted searches are written to the query log",
             &Config::search_log_flush_interval_s, 1, 3'600),
      number("recs.refresh_interval_s",
             "how often co-watch is recomputed (and the recommendation index rebuilt when the catalogue grew)",
             &Config::recs_refresh_interval_s, 1, 86'400),
      number("recs.cowatch_window_days", "co-watch reads the watch history of this many days",
             &Config::recs_cowatch_window_days, 1, 3'650),
      number("recs.fresh_days", "the for-you feed gives every fourth place to uploads of this many days",
             &Config::recs_fresh_days, 0, 365),
      number("recs.exploration_percent",
             "weight of the seeded random term of for-you scores, in hundredths (scores run 0-1; 0: none)",
             &Config::recs_exploration_percent, 0, 100),
      choice("moderation.review_new_uploads",
             "hold new videos for review before they are public: off, new_accounts (younger than "
             "moderation.new_account_days) or untrusted (every account an admin has not marked trusted)",
             &Config::moderation_review_new_uploads, {"off", "new_accounts", "untrusted"}),
      number("moderation.new_account_days", "an account younger than this many days is new",
             &Config::moderation_new_account_days, 0, 3'650),
      flag("moderation.anonymous_reports", "signed-out visitors may report videos, comments and users",
           &Config::moderation_anonymous_reports),
      number("moderation.reports_per_hour",
             "reports (and DMCA notices) one account (or, signed out, one address) may send per hour",
             &Config::moderation_reports_per_hour, 1, 10'000),
      flag("moderation.adult_content", "adult videos may be shown (false: to nobody, site-wide)",
           &Config::moderation_adult_content),
      number("moderation.minimum_age",
             "when above 0, adult videos need a stated birth date showing at least this age (not just the 18+ "
             "attestation)",
             &Config::moderation_minimum_age, 0, 99),
      number("moderation.removed_retention_days", "a removed video's files are kept this many days for its appeal",
             &Config::moderation_removed_retention_days, 1, 3'650),
      text("dmca.agent_name", "the DMCA designated agent's name (GET /dmca)", &Config::dmca_agent_name),
      text("dmca.agent_address", "the designated agent's postal address", &Config::dmca_agent_address),
      text("dmca.agent_email", "the designated agent's email address", &Config::dmca_agent_email),
      text("dmca.agent_phone", "the designated agent's telephone number", &Config::dmca_agent_phone),
      number("dmca.restore_business_days",
             "a video a counter-notice disputes is restored after this many business days (17 U.S.C. 512(g): 10-14) "
             "unless the complainant reports a court action",
             &Config::dmca_restore_business_days, 10, 14),
      number("dmca.strikes_to_terminate", "active copyright strikes that terminate an account",
             &Config::dmca_strikes_to_terminate, 1, 100),
      number("dmca.strike_days", "a copyright strike expires after this many days", &Config::dmca_strike_days, 1,
             3'650),
      flag("dmca.redact_complainant_contact",
           "the uploader's copy of a notice leaves out the complainant's address, phone and email",
           &Config::dmca_redact_complainant_contact),
  };
  return all;
}

Config resolve_config(const ConfigSources& sources) {
  Config config;
  const auto& settings = config_settings();
  auto find = [&](const std::string& key) -> const Setting* {
    for (const auto& s : settings) {
      if (s.key == key) return &s;
    }
    return nullptr;
  };
  auto apply = [&](const Setting& s, const std::string& value, const std::string& source) {
    try {
      s.set(config, value);
    } catch (const Error& e) {
      throw Error(ErrorCode::validation_failed, source + ": " + e.what(), {{"setting", s.key}});
    }
  };

  if (sources.toml_path) {
    toml::table table;
    try {
      table = toml::parse_file(*sources.toml_path);
    } catch (const toml::parse_error& e) {
      throw Error(ErrorCode::validation_failed, *sources.toml_path + ": " + std::string(e.description()));
    }
    std::map<std::string, std::string> values;
    collect_toml(table, "", values);
    for (const auto& [key, value] : values) {
      const Setting* s = find(key);
      if (!s) throw Error(ErrorCode::validation_failed, *sources.toml_path + ": unknown setting '" + key + "'");
      apply(*s, value, *sources.toml_path);
    }
  }
  for (const auto& s : settings) {
    auto it = sources.environment.find(s.env_name());
    if (it != sources.environment.end()) apply(s, it->second, it->first);
  }
  for (const auto& [key, value] : sources.flags) {
    const Setting* s = find(key);
    if (!s) throw Error(ErrorCode::validation_failed, "unknown setting '" + key + "'");
    apply(*s, value, "--" + s->flag_name());
  }
  return config;
}

std::map<std::string, std::string> marquee_environment() {
  std::map<std::string, std::string> out;
  for (char** e = environ; e && *e; ++e) {
    std::string_view entry(*e);
    if (!entry.starts_with("MARQUEE_")) continue;
    auto eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    out.emplace(std::string(entry.substr(0, eq)), std::string(entry.substr(eq + 1)));
  }
  return out;
}

}  // namespace marquee
