#include "app/App.h"

#include <spdlog/spdlog.h>

#include "accounts/AccountRoutes.h"
#include "accounts/AccountService.h"
#include "accounts/FirstRun.h"
#include "accounts/FirstRunRoutes.h"
#include "accounts/PasswordHasher.h"
#include "accounts/RequestAuth.h"
#include "accounts/SecurityRoutes.h"
#include "accounts/TokenSigner.h"
#include "analytics/AnalyticsRoutes.h"
#include "analytics/AnalyticsService.h"
#include "app/Secrets.h"
#include "core/Crypto.h"
#include "core/RateSpec.h"
#include "audit/AuditLog.h"
#include "audit/AuditRoutes.h"
#include "channels/ChannelJson.h"
#include "channels/ChannelRoutes.h"
#include "channels/ChannelService.h"
#include "billing/BillingRoutes.h"
#include "billing/BillingService.h"
#include "chat/ChatRoutes.h"
#include "chat/ChatService.h"
#include "credits/CreditLedger.h"
#include "credits/CreditRoutes.h"
#include "credits/Referrals.h"
#include "db/Database.h"
#include "db/Migrations.h"
#include "dmca/DmcaRoutes.h"
#include "dmca/DmcaService.h"
#include "events/InProcessEventBus.h"
#include "events/PostgresEventBus.h"
#include "events/NodeId.h"
#include "events/RedisEventBus.h"
#include "feeds/FeedCacheInvalidation.h"
#include "feeds/FeedRoutes.h"
#include "feeds/FeedService.h"
#include "feeds/RefreshLoop.h"
#include "http/HttpServer.h"
#include "http/Metrics.h"
#include "http/RequestPipeline.h"
#include "http/Router.h"
#include "ops/OpsRoutes.h"
#include "profiles/ProfilePictureRoutes.h"
#include "profiles/ProfilePictures.h"
#include "blob/OpenBlobStore.h"
#include "jobs/JobQueue.h"
#include "moderation/ModerationRoutes.h"
#include "moderation/ModerationService.h"
#include "notifications/NotificationRoutes.h"
#include "notifications/NotificationService.h"
#include "jobs/JobRoutes.h"
#include "jobs/WorkerPool.h"
#include "limits/InProcessRateLimiter.h"
#include "limits/RedisRateLimiter.h"
#include "limits/RequestLimits.h"
#include "fingerprints/FingerprintRoutes.h"
#include "fingerprints/FingerprintService.h"
#include "scanning/ContentClassifier.h"
#include "scanning/UploadScanner.h"
#include "playback/MediaFiles.h"
#include "playback/PlaybackRoutes.h"
#include "playback/PlaybackService.h"
#include "playback/PlaybackSigner.h"
#include "playlists/PlaylistRoutes.h"
#include "playlists/PlaylistService.h"
#include "realtime/RealtimeServer.h"
#include "recs/RecsIndexSync.h"
#include "recs/RecsRoutes.h"
#include "recs/RecsService.h"
#include "redis/RedisUrl.h"
#include "search/SearchRoutes.h"
#include "search/SearchService.h"
#include "settings/SettingsRoutes.h"
#include "settings/SiteSettings.h"
#include "social/CommentRoutes.h"
#include "social/CommentService.h"
#include "social/RatingRoutes.h"
#include "social/RatingService.h"
#include "studio/CompileRoutes.h"
#include "studio/FileSigner.h"
#include "studio/FinalVideos.h"
#include "studio/HttpClipGenerator.h"
#include "studio/MusicLibrary.h"
#include "studio/KenBurnsGenerator.h"
#include "studio/StudioFileRoutes.h"
#include "studio/StudioRoutes.h"
#include "studio/StudioService.h"
#include "uploads/DirectUploadRoutes.h"
#include "uploads/DirectUploads.h"
#include "uploads/SourceUploadRoutes.h"
#include "uploads/TusRoutes.h"
#include "uploads/UploadService.h"
#include "uploads/UploadSpool.h"
#include "videos/VideoJson.h"
#include "videos/VideoProcessor.h"
#include "videos/VideoRoutes.h"
#include "videos/VideoService.h"
#include "views/PeriodicTask.h"
#include "views/RetentionRoutes.h"
#include "views/RetentionService.h"
#include "views/ViewRoutes.h"
#include "views/ViewService.h"
#include "web/WebAssets.h"
#include "web/WebRoutes.h"

#include <filesystem>
#include <thread>

namespace marquee::app {

// Members are declared in dependency order; they are destroyed in reverse, so the HTTP
// server goes before the services and the database goes last.
namespace {

uploads::UploadLimits upload_limits(const Config& c) {
  uploads::UploadLimits limits;
  limits.max_file_bytes = static_cast<std::uint64_t>(c.upload_max_file_bytes);
  limits.user_quota_bytes = static_cast<std::uint64_t>(c.upload_user_quota_bytes);
  limits.expiry_ms = static_cast<Millis>(c.upload_expiry_s) * 1000;
  limits.checkpoint_bytes = static_cast<std::uint64_t>(c.upload_checkpoint_bytes);
  limits.any_user_may_upload = c.upload_any_user;
  return limits;
}

profiles::ProfilePictureOptions profile_picture_options(const Config& c) {
  profiles::ProfilePictureOptions options;
  options.work_root = c.data_dir + "/work";
  return options;
}

videos::ProcessingOptions processing_options(const Config& c) {
  videos::ProcessingOptions options;
  options.work_root = c.data_dir + "/work";
  options.max_duration_s = c.media_max_duration_s;
  options.preset = c.media_preset;
  options.max_attempts = c.job_max_attempts;
  return options;
}

jobs::WorkerPoolOptions worker_options(const Config& c) {
  jobs::WorkerPoolOptions options;
  if (c.transcode_concurrency > 0) options.threads = c.transcode_concurrency;
  options.lease_ms = c.worker_lease_ms;
  return options;
}

web::WebOptions web_options(const Config& c) {
  web::WebOptions options;
  options.media_origins = c.web_media_origins;
  const std::string& base = c.playback_redirect_base_url;
  if (auto scheme = base.find("://"); scheme != std::string::npos) {
    options.media_origins.push_back(base.substr(0, base.find('/', scheme + 3)));
  }
  return options;
}

std::optional<redis::RedisUrl> redis_of(const Config& c) {
  if (c.redis_url.empty()) return std::nullopt;
  return redis::parse_redis_url(c.redis_url);  // a bad URL stops the start with a clear message
}

// auto: Redis when there is one, else PostgreSQL's NOTIFY when the database is PostgreSQL,
// else in-process.
std::unique_ptr<events::EventBus> make_event_bus(const Config& c, const std::optional<redis::RedisUrl>& redis) {
  const std::string url = c.database_url();
  const bool on_postgres = url.starts_with("postgres");
  if (c.events_bus == "postgres" && !on_postgres) {
    throw Error(ErrorCode::validation_failed, "events.bus = postgres needs a PostgreSQL database");
  }
  if (c.events_bus == "redis" && !redis) {
    throw Error(ErrorCode::validation_failed, "events.bus = redis needs redis.url (--redis redis://host:port)");
  }
  if (c.events_bus == "redis" || (c.events_bus == "auto" && redis)) {
    return std::make_unique<events::RedisEventBus>(*redis, events::new_node_id());
  }
  if (c.events_bus == "postgres" || (c.events_bus == "auto" && on_postgres)) {
    return std::make_unique<events::PostgresEventBus>(url, events::new_node_id());
  }
  return std::make_unique<events::InProcessEventBus>(events::new_node_id());
}


std::unique_ptr<limits::RateLimiter> make_rate_limiter(const std::optional<redis::RedisUrl>& redis,
                                                       const Clock& clock) {
  if (redis) return std::make_unique<limits::RedisRateLimiter>(*redis, clock);
  return std::make_unique<limits::InProcessRateLimiter>(clock);
}

limits::RequestLimitsOptions request_limits_options(const Config& c) {
  limits::RequestLimitsOptions options;
  options.exempt_staff = c.limits_exempt_staff;
  if (!c.limits_enabled) return options;  // every class off
  using limits::RouteClass;
  const std::pair<RouteClass, const std::string*> rates[] = {
      {RouteClass::sign_in, &c.limits_sign_in}, {RouteClass::registration, &c.limits_registration},
      {RouteClass::upload, &c.limits_upload},   {RouteClass::search, &c.limits_search},
      {RouteClass::media, &c.limits_media},     {RouteClass::read, &c.limits_read},
      {RouteClass::write, &c.limits_write}};
  for (const auto& [route_class, text] : rates) options.rate(route_class) = parse_rate_spec(*text).value_or(RateSpec{});
  return options;
}

// The bus counters as gauges, whichever bus spans the processes.
void add_bus_gauges(http::Metrics& metrics, std::function<events::BusCounters()> counters) {
  metrics.add_gauge("marquee_events_published_total", "domain events this node sent on the bus",
                    [counters] { return static_cast<double>(counters().published); });
  metrics.add_gauge("marquee_events_received_total", "other nodes' domain events delivered here",
                    [counters] { return static_cast<double>(counters().delivered_remote); });
  metrics.add_gauge("marquee_events_dropped_total", "domain events published here but not sent",
                    [counters] { return static_cast<double>(counters().dropped); });
  metrics.add_gauge("marquee_events_bus_reconnects_total", "times the bus listener reconnected",
                    [counters] { return static_cast<double>(counters().reconnects); });
  metrics.add_gauge("marquee_events_bus_lag_ms", "the last remote event: received minus published (wall clocks)",
                    [counters] { return static_cast<double>(counters().last_lag_ms); });
}

realtime::RealtimeOptions realtime_options(const Config& c) {
  realtime::RealtimeOptions options;
  options.ping_interval = std::chrono::milliseconds(c.realtime_ping_interval_ms);
  options.ping_timeout = std::chrono::milliseconds(c.realtime_ping_timeout_ms);
  options.max_payload_bytes = static_cast<std::size_t>(c.realtime_max_payload_bytes);
  options.connect_timeout = std::chrono::milliseconds(c.realtime_connect_timeout_ms);
  options.max_connections_per_ip = static_cast<std::size_t>(c.realtime_max_connections_per_ip);
  options.max_rooms_per_connection = static_cast<std::size_t>(c.realtime_max_rooms_per_connection);
  options.send_queue_bytes = static_cast<std::size_t>(c.realtime_send_queue_bytes);
  options.auth_grace = std::chrono::milliseconds(c.realtime_auth_grace_ms);
  options.origins = c.realtime_origins;
  return options;
}

studio::StudioOptions studio_options(const Config& c, settings::SiteSettings& settings) {
  studio::StudioOptions options;
  options.clip_cost = [&settings] { return std::int64_t{settings.current()->studio_clip_cost}; };
  options.photos.max_bytes = static_cast<std::uint64_t>(c.studio_max_photo_bytes);
  options.photos.max_pixels = c.studio_max_photo_pixels;
  options.work_root = c.data_dir + "/work";
  options.max_attempts = c.job_max_attempts;
  return options;
}

billing::BillingOptions billing_options(const Config& c) {
  billing::BillingOptions options;
  options.webhook_secrets = c.billing_stripe_webhook_secrets;
  const std::string credits_page = c.public_url + "/studio/credits?checkout=";
  options.success_url = c.billing_success_url.empty() ? credits_page + "success" : c.billing_success_url;
  options.cancel_url = c.billing_cancel_url.empty() ? credits_page + "cancelled" : c.billing_cancel_url;
  return options;
}

// The built-in Ken Burns generator, or a hosted one (studio.generator = http), which sends the
// admin's current system prompt and model with every clip.
std::unique_ptr<studio::ClipGenerator> make_clip_generator(const Config& c, settings::SiteSettings& settings) {
  if (c.studio_generator != "http") {
    studio::KenBurnsOptions options;
    options.preset = c.media_preset;
    return std::make_unique<studio::KenBurnsGenerator>(options);
  }
  studio::HttpGeneratorOptions options;
  options.url = c.studio_generator_url;
  while (options.url.ends_with('/')) options.url.pop_back();
  if (!options.url.starts_with("http://") && !options.url.starts_with("https://")) {
    throw Error(ErrorCode::validation_failed, "studio.generator = http needs studio.generator_url (http or https)");
  }
  options.key = c.studio_generator_key;
  options.timeout = std::chrono::seconds(c.studio_generator_timeout_s);
  options.poll_interval = std::chrono::milliseconds(c.studio_generator_poll_ms);
  options.system_prompt = [&settings] { return settings.current()->studio_system_prompt; };
  options.model = [&settings] { return settings.current()->studio_generator_model; };
  return std::make_unique<studio::HttpClipGenerator>(options);
}

bool serves_http(const Config& c) { return c.role == "all" || c.role == "api"; }
bool runs_workers(const Config& c) { return c.role == "all" || c.role == "worker"; }

views::ViewOptions view_options(const Config& c) {
  views::ViewOptions options;
  options.rules.window_ms = static_cast<Millis>(c.views_window_s) * 1000;
  options.rules.min_watch_ms = c.views_min_watch_ms;
  return options;
}

feeds::FeedOptions feed_options(const Config& c) {
  feeds::FeedOptions options;
  options.snapshot_keep_ms = static_cast<Millis>(c.feeds_snapshot_keep_s) * 1000;
  options.trending_size = c.feeds_trending_size;
  options.reels_max_duration_ms = static_cast<Millis>(c.feeds_reels_max_duration_s) * 1000;
  options.reels_candidates = c.feeds_reels_candidates;
  options.reels_exploration = c.feeds_reels_exploration;
  options.page_cache_ms = c.feeds_page_cache_ms;
  return options;
}

recs::RecsOptions recs_options(const Config& c) {
  recs::RecsOptions options;
  options.cowatch_window_ms = c.recs_cowatch_window_days * recs::kDayMs;
  options.fresh_window_ms = c.recs_fresh_days * recs::kDayMs;
  options.exploration = c.recs_exploration_percent / 100.0;
  options.build_threads = std::max(1u, std::thread::hardware_concurrency());
  return options;
}

}  // namespace

blob::BlobStoreSettings blob_settings(const Config& c) {
  blob::BlobStoreSettings settings;
  settings.url = c.blobs;
  settings.local_root = c.data_dir + "/blobs";
  settings.s3_access_key_id = c.blob_s3_access_key_id;
  settings.s3_secret_access_key = c.blob_s3_secret_access_key;
  settings.part_size_bytes = static_cast<std::size_t>(c.blob_part_size_mib) * 1024 * 1024;
  settings.parallel_parts = c.blob_parallel_parts;
  return settings;
}

// Members are declared in dependency order; they are destroyed in reverse, so the HTTP
// server and the workers go before the services and the database goes last.
struct App::Parts {
  Parts(Config c, const Clock* injected_clock)
      : config(std::move(c)),
        clock(injected_clock ? *injected_clock : system_clock),
        database(db::open_database(config.database_url(), {config.db_pool_size, config.db_busy_timeout_ms})),
        blob_store(blob::open_blob_store(blob_settings(config))),
        blobs(*blob_store),
        hasher(config.argon2_ops, config.argon2_mem_kib),
        signer(config.jwt_secret.empty() ? load_or_create_secret(config.data_dir, "jwt.key") : config.jwt_secret,
               config.access_token_ttl_s, clock),
        origins(config.cors_origins, config.public_url, config.cookie_secure),
        redis(redis_of(config)),
        bus(make_event_bus(config, redis)),
        limiter(make_rate_limiter(redis, clock)),
        audit(*database, clock),
        settings(*database, config, clock, *bus, audit),
        sessions(*database, clock, config.session_check_ms, *bus),
        age_gate(settings, clock),
        auth(signer, sessions, origins, age_gate),
        second_factor(*database, clock, "Marquee"),
        accounts(*database, hasher, signer, *bus, clock, config.refresh_token_ttl_s, audit, *limiter, second_factor),
        first_run(*database, accounts, clock),
        videos(*database, clock, *bus, std::chrono::milliseconds(config.video_cache_ttl_ms)),
        ratings(*database, videos, clock, *bus),
        comments(*database, videos, clock, *bus),
        playlists(*database, videos, clock),
        channels(*database, videos, clock, *bus),
        queue(*database, clock, {}, bus.get()),
        processor(videos, blobs, queue, *bus, processing_options(config)),
        spool(config.data_dir + "/uploads"),
        stored_parts(blobs.multipart() ? std::make_unique<uploads::StoredParts>(blobs, *database, spool) : nullptr),
        uploads(*database, videos, spool, clock, upload_limits(config),
                [this](const uploads::Upload& upload, const std::string& file) { hand_over(upload, file); },
                stored_parts.get()),
        direct_uploads(uploads, blobs, stored_parts.get()),
        playback_secret(config.playback_secret.empty() ? load_or_create_secret(config.data_dir, "playback.key")
                                                       : config.playback_secret),
        playback_signer(playback_secret, clock),
        playback(videos, playback_signer, clock, config.playback_token_ttl_s, *bus),
        media_files(blobs, config.data_dir + "/work"),
        views(*database, videos, clock, *bus, view_options(config)),
        retention(*database, videos, clock, config.retention_default_days),
        analytics(*database, videos, clock, *bus),
        feeds(*database, clock, feed_options(config)),
        feed_invalidation(feeds, *bus),
        search(*database, clock, {config.search_categories, config.search_log_retention_days}),
        recs(*database, videos, feeds, clock, recs_options(config)),
        recs_sync(recs, *bus),
        notifications(*database, videos, channels, queue, clock, *bus),
        moderation(*database, videos, comments, accounts, audit, settings, *limiter, *bus, clock),
        dmca(*database, videos, moderation, audit, settings, *limiter, queue, clock),
        chat(*database, videos, clock, *bus, *limiter,
             {config.realtime_chat_messages_per_minute, config.realtime_chat_history}),
        // What an admin may change while the site runs is read from the settings each time.
        credits(*database, clock, [this] { return std::int64_t{settings.current()->billing_signup_credits}; }),
        referrals(*database, credits, clock,
                  [this] { return std::int64_t{settings.current()->billing_referral_credits}; }),
        clip_generator(make_clip_generator(config, settings)),
        studio(*database, blobs, credits, referrals, queue, *clip_generator, *bus, clock, studio_options(config, settings)),
        music(*database, blobs, audit, clock),
        billing(*database, credits,
                std::make_unique<billing::StripeProvider>(config.billing_stripe_api_base, config.billing_stripe_secret_key),
                audit, clock, billing_options(config)),
        finals(*database, blobs, music, queue, videos, processor, *bus, clock,
               {config.data_dir + "/work", config.media_preset, config.job_max_attempts}),
        // Its own key, derived from the playback secret every node already shares.
        studio_files(crypto::hmac_sha256(playback_secret, "marquee studio files"), clock),
        profile_pictures(*database, blobs, *bus, clock, profile_picture_options(config)),
        realtime(realtime_options(config),
                 {*bus, auth, origins, videos, channels, comments, notifications, chat, metrics, clock}),
        fingerprints(*database, clock, *bus),
        scanner({config.scanning_clamd, config.scanning_malware == "reject", config.scanning_when_unscanned == "hold",
                 std::chrono::milliseconds(config.scanning_timeout_ms)}),
        classifier({config.scanning_classifier_url, config.scanning_classifier_rules, config.scanning_classifier_frames,
                    std::chrono::milliseconds(config.scanning_classifier_timeout_ms),
                    config.scanning_when_unscanned == "hold", config.data_dir + "/work"}),
        trusted_proxies(config.trusted_proxies),
        web_assets(web::WebAssets::load(config.web_dir.empty() ? web::default_web_dir() : config.web_dir)),
        request_limits(*limiter, request_limits_options(config),
                       [this](const http::Request& request, bool memory_only) {
                         return limits_caller(request, memory_only);
                       }),
        pipeline(router, metrics, {config.cors_origins, config.max_body_bytes, &request_limits}) {
    db::run_migrations(*database);
    settings.refresh();  // read once here, so no request thread reads them first
    // Deleting an account first undoes what it did, through each feature's service, while its
    // row still exists (these run before the row goes, not as events after the commit): its
    // videos go through the videos' delete path, so their files go too.
    accounts.on_deleting([this](const std::string& user_id) {
      for (const auto& video_id : videos.ids_of_owner(user_id)) videos.purge(video_id);
      views.forget_user(user_id);
    });
    // Ratings and comments go through their services first, so every counter they fed
    // moves back; the account row's cascade would drop them and leave the counters high.
    accounts.on_deleting([this](const std::string& user_id) {
      comments.forget_user(user_id);
      ratings.forget_user(user_id);
      videos.forget_all_cached();  // counters of many videos moved
    });
    accounts.on_deleting([this](const std::string& user_id) { channels.forget_subscriber(user_id); });
    accounts.on_deleting([this](const std::string& user_id) { studio.forget_user(user_id); });
    accounts::register_account_routes(
        router, accounts, auth, {config.cookie_secure, config.access_token_ttl_s},
        [this](const accounts::Account& account) { return channels::channel_stats_json(channels.stats(account.id)); },
        [this](const accounts::Account& account) {
          return boost::json::object{{"unread_notifications", notifications.unread_count(account.id)}};
        });
    accounts::register_security_routes(router, accounts, auth);
    profiles::register_profile_picture_routes(router, profile_pictures, accounts, blobs, auth);
    videos::register_video_routes(router, videos, auth,
                                  [this](const std::string& id) { return realtime.watching_now(id); });
    views::register_view_routes(router, views, auth, {config.cookie_secure});
    views::register_retention_routes(router, retention, auth);
    analytics::register_analytics_routes(router, analytics, auth);
    social::register_rating_routes(router, ratings, auth);
    social::register_comment_routes(router, comments, auth);
    playlists::register_playlist_routes(router, playlists, auth);
    channels::register_channel_routes(router, channels, auth);
    feeds::register_feed_routes(router, feeds, auth);
    search::register_search_routes(router, search, auth);
    feeds.personalise_home(&recs);  // a viewer with history gets for-you as their home
    recs::register_recs_routes(router, recs, auth);
    notifications::register_notification_routes(router, notifications, auth);
    chat::register_chat_routes(router, chat, realtime.room_access(), auth);
    moderation::register_moderation_routes(router, moderation, auth);
    dmca::register_dmca_routes(router, dmca, auth);
    audit::register_audit_routes(router, audit, auth);
    settings::register_settings_routes(router, settings, auth);
    uploads::register_tus_routes(router, uploads, auth);
    uploads::register_source_upload_routes(router, uploads, videos, auth);
    uploads::register_direct_upload_routes(router, direct_uploads, auth);
    playback::register_playback_routes(
        router, playback, media_files, auth,
        {config.playback_delivery == "redirect", config.playback_redirect_base_url,
         std::chrono::seconds(std::min(config.playback_token_ttl_s, 3600))});
    jobs::register_job_routes(router, queue, auth);
    credits::register_credit_routes(router, credits, referrals, auth);
    billing::register_billing_routes(router, billing, auth);
    studio::register_studio_routes(router, studio, finals, studio_files, auth, clock, {config.studio_url_ttl_s});
    studio::register_compile_routes(router, finals, music, blobs, studio_files, auth, clock,
                                    {config.studio_url_ttl_s, config.data_dir + "/work",
                                     config.studio_music_previews == "public"});
    studio::register_studio_file_routes(
        router, {studio, finals, music}, blobs, studio_files, auth, clock,
        {config.studio_url_ttl_s, [this](const http::Request& request, const std::string& video_id) {
           return video_poster_url(request, video_id);
         }});
    std::vector<ops::ReadinessCheck> checks{{"blobs", [this]() -> std::string {
      // The endpoint is public: the store's own words (bucket, endpoint) go to the log only.
      const std::string problem = blob::blob_store_problem(blobs);
      if (problem.empty()) return "";
      spdlog::warn("readiness: blob store: {}", problem);
      return "the blob store does not answer (the node's log says why)";
    }}};
    processor.add_frame_screen([this](const videos::Video& video, const std::string& luma, bool complete) {
      return fingerprints.screen(video, luma, complete);
    });
    fingerprints::register_fingerprint_routes(router, fingerprints, auth);
    if (scanner.enabled()) {
      checks.push_back({"clamd", [this]() -> std::string {
        const std::string problem = scanner.problem();
        if (problem.empty()) return "";
        spdlog::warn("readiness: clamd: {}", problem);
        return "the malware scanner does not answer: uploads wait as scanning.when_unscanned says";
      }});
      processor.add_source_screen(
          [this](const videos::Video& video, const std::string& path) { return scanner.screen(video, path); });
      metrics.add_gauge("marquee_uploads_scanned_total", "uploads clamd read whole",
                        [this] { return static_cast<double>(scanner.counters().scanned); });
      metrics.add_gauge("marquee_uploads_infected_total", "uploads clamd matched a signature in",
                        [this] { return static_cast<double>(scanner.counters().infected); });
      metrics.add_gauge("marquee_uploads_unscanned_total", "uploads clamd could not scan whole (down, too large)",
                        [this] { return static_cast<double>(scanner.counters().unscanned); });
    }
    if (classifier.enabled()) {
      processor.add_source_screen(
          [this](const videos::Video& video, const std::string& path) { return classifier.screen(video, path); },
          videos::ScreenTiming::beside_encode);
      metrics.add_gauge("marquee_uploads_classified_total", "uploads the image classifier answered for",
                        [this] { return static_cast<double>(classifier.counters().classified); });
      metrics.add_gauge("marquee_uploads_classifier_flagged_total", "uploads a scanning.classifier_rules rule applied to",
                        [this] { return static_cast<double>(classifier.counters().flagged); });
      metrics.add_gauge("marquee_uploads_unclassified_total", "uploads the image classifier could not answer for",
                        [this] { return static_cast<double>(classifier.counters().unclassified); });
    }
    if (redis) {
      checks.push_back({"redis", [this] { return redis_healthy(true) ? std::string() : "Redis is unreachable: "
                                                  "events between nodes are missed and rate limits hold per node"; }});
    }
    ops::register_ops_routes(router, *database, metrics, ops::MetricsAccess(config.metrics_token), std::move(checks));
    accounts::register_first_run_routes(router, first_run, {config.cookie_secure, config.access_token_ttl_s});
    web::register_web_routes(router, web_assets, web_options(config));  // last: it reads the API's prefixes
    request_limits.prepare(router);  // every route is registered by now
    metrics.add_gauge("marquee_db_pool_size", "database connections in the pool",
                      [this] { return database->pool_stats().size; });
    metrics.add_gauge("marquee_db_pool_in_use", "database connections in use",
                      [this] { return database->pool_stats().in_use; });
    if (auto* pg_bus = dynamic_cast<events::PostgresEventBus*>(bus.get())) {
      add_bus_gauges(metrics, [pg_bus] { return pg_bus->counters(); });
    }
    if (auto* redis_bus = dynamic_cast<events::RedisEventBus*>(bus.get())) {
      add_bus_gauges(metrics, [redis_bus] { return redis_bus->counters(); });
    }
    if (auto* redis_limiter = dynamic_cast<limits::RedisRateLimiter*>(limiter.get())) {
      metrics.add_gauge("marquee_redis_up", "1 while every use of Redis on this node works, else 0",
                        [this] { return redis_healthy(false) ? 1.0 : 0.0; });
      metrics.add_gauge("marquee_rate_limit_local_decisions_total",
                        "rate limit decisions made on this node alone because Redis was unreachable",
                        [redis_limiter] { return static_cast<double>(redis_limiter->counters().decided_locally); });
    }
  }

  // Whether the Redis bus (when it is the bus) and the Redis rate limiter both work; `ask`
  // lets the limiter check Redis now rather than report how its last request went.
  bool redis_healthy(bool ask) {
    bool ok = true;
    if (auto* redis_bus = dynamic_cast<events::RedisEventBus*>(bus.get())) ok = redis_bus->healthy();
    if (auto* redis_limiter = dynamic_cast<limits::RedisRateLimiter*>(limiter.get())) {
      ok = (ask ? redis_limiter->probe() : redis_limiter->healthy()) && ok;
    }
    return ok;
  }

  // Who a request's rate limits count against: its account, or (signed out, or with broken
  // credentials, which the route then refuses) its address.
  limits::CallerKey limits_caller(const http::Request& request, bool memory_only) const {
    using Kind = limits::CallerKey::Kind;
    try {
      std::optional<accounts::Caller> caller =
          memory_only ? auth.caller_from_memory(request) : std::optional<accounts::Caller>(auth.caller(request));
      if (!caller) return {Kind::unknown, {}, false};
      if (!*caller) return {Kind::anonymous, {}, false};
      return {Kind::user, (*caller)->user_id, (*caller)->is_moderator()};
    } catch (const Error&) {
      return {Kind::anonymous, {}, false};
    }
  }

  // The signed poster URL of a video the request's caller may see, for POST /api/media/sign.
  std::optional<std::string> video_poster_url(const http::Request& request, const std::string& video_id) {
    try {
      const accounts::Caller caller = auth.caller(request);
      const auto ticket = playback.ticket(caller, video_id, age_gate.passed(request, caller));
      if (!ticket.video.has_poster) return std::nullopt;
      const std::string url = videos::media_url(video_id, "thumbs/poster.jpg");
      return ticket.query.empty() ? url : url + "?" + ticket.query;
    } catch (const Error&) {
      return std::nullopt;  // not found, private, removed, age-restricted: all read the same
    }
  }

  // A finished upload becomes the video's source, and its processing is queued.
  void hand_over(const uploads::Upload& upload, const std::string& file) {
    // Moved, not copied: the bytes are written once. Idempotent after a crash that moved the
    // file but did not record it.
    std::string key = blob::blob_keys::source(upload.video_id);
    if (std::filesystem::exists(file) || !blobs.stat(key)) blobs.move_file(key, file);
    videos.set_source_bytes(upload.video_id, static_cast<std::int64_t>(upload.length));
    processor.enqueue(upload.video_id);
  }

  Config config;
  SystemClock system_clock;
  const Clock& clock;  // the system clock, or a test's
  std::unique_ptr<db::Database> database;
  std::unique_ptr<blob::BlobStore> blob_store;
  blob::BlobStore& blobs;
  accounts::PasswordHasher hasher;
  accounts::TokenSigner signer;
  http::OriginPolicy origins;
  // Redis, when redis.url is set: the event bus (events.bus = auto) and the shared rate limits.
  std::optional<redis::RedisUrl> redis;
  // Domain events between features, and with PostgreSQL or Redis between every process.
  std::unique_ptr<events::EventBus> bus;
  // Rate limits: in this process, or shared by every node through Redis.
  std::unique_ptr<limits::RateLimiter> limiter;
  // Every moderation, admin and role change, append-only.
  audit::AuditLog audit;
  // The configuration with an admin's run-time changes (moderation, DMCA).
  settings::SiteSettings settings;
  accounts::ActiveSessions sessions;
  accounts::AgeGate age_gate;
  accounts::RequestAuth auth;
  accounts::SecondFactor second_factor;
  accounts::AccountService accounts;
  accounts::FirstRun first_run;  // the first admin, from the browser with the logged setup code
  videos::VideoService videos;
  social::RatingService ratings;
  social::CommentService comments;
  playlists::PlaylistService playlists;
  channels::ChannelService channels;
  jobs::JobQueue queue;
  videos::VideoProcessor processor;
  uploads::UploadSpool spool;
  // With a shared store, uploads live there (any node resumes them); null on a local store.
  std::unique_ptr<uploads::StoredParts> stored_parts;
  uploads::UploadService uploads;
  uploads::DirectUploads direct_uploads;
  std::string playback_secret;
  playback::PlaybackSigner playback_signer;
  playback::PlaybackService playback;
  playback::MediaFiles media_files;
  views::ViewService views;
  views::RetentionService retention;
  // The studio's per-video analytics (it adds likes and comments to their day as they happen).
  analytics::AnalyticsService analytics;
  feeds::FeedService feeds;
  feeds::FeedCacheInvalidation feed_invalidation;
  search::SearchService search;
  recs::RecsService recs;
  recs::RecsIndexSync recs_sync;
  notifications::NotificationService notifications;
  moderation::ModerationService moderation;
  dmca::DmcaService dmca;
  chat::ChatService chat;
  credits::CreditLedger credits;
  credits::Referrals referrals;
  std::unique_ptr<studio::ClipGenerator> clip_generator;
  studio::StudioService studio;
  studio::MusicLibrary music;
  billing::BillingService billing;
  studio::FinalVideos finals;
  studio::FileSigner studio_files;
  // Avatars and channel banners.
  profiles::ProfilePictures profile_pictures;
  http::Router router;
  http::Metrics metrics;
  // /api/ws and /socket.io/; stopped before the HTTP server, so sockets close cleanly.
  realtime::RealtimeServer realtime;
  // Perceptual fingerprints of every video and the blocklist of removed ones, a frame screen.
  fingerprints::FingerprintService fingerprints;
  // Malware scanning of uploaded sources (scanning.clamd), a source screen of the processor.
  scanning::UploadScanner scanner;
  // Image classification of uploaded videos (scanning.classifier_url), the source screen after it.
  scanning::ContentClassifier classifier;
  http::TrustedProxies trusted_proxies;
  // The bundled web app (web/), read once; served from / by web/WebRoutes.
  web::WebAssets web_assets;
  limits::RequestLimits request_limits;
  http::RequestPipeline pipeline;
  std::unique_ptr<jobs::WorkerPool> workers;
  std::unique_ptr<http::HttpServer> server;
  // Housekeeping: expired uploads, uploads completed but not handed over.
  std::jthread housekeeper;
  // Writes buffered beacons every views.flush_interval_ms (every process that serves HTTP).
  std::unique_ptr<views::PeriodicTask> view_flusher;
  // Deletes expired videos and prunes idle viewer states (every process that runs workers;
  // concurrent sweeps are harmless).
  std::unique_ptr<views::PeriodicTask> retention_sweeper;
  // Recomputes trending and reel snapshots at start and every feeds.refresh_interval_s (every
  // process that runs workers; each refresh writes a snapshot of its own).
  std::unique_ptr<feeds::RefreshLoop> feed_refresher;
  // Reloads search's typo vocabulary and suggestions, and writes its query log (processes that
  // serve HTTP).
  std::unique_ptr<views::PeriodicTask> search_refresher;
  std::unique_ptr<views::PeriodicTask> search_log_writer;
  std::unique_ptr<views::PeriodicTask> settings_refresher;
  // Builds the recommendation index at start (when due after) and recomputes co-watch every
  // recs.refresh_interval_s, in every process that serves HTTP (both live in its memory).
  std::unique_ptr<feeds::RefreshLoop> recs_refresher;
};

App::App(Config config, const Clock* clock) : parts_(std::make_unique<Parts>(std::move(config), clock)) {}

App::~App() { stop(); }

std::uint16_t App::start() {
  auto& p = *parts_;
  p.bus->start();
  if (runs_workers(p.config)) {
    p.workers = std::make_unique<jobs::WorkerPool>(p.queue, worker_options(p.config));
    p.workers->wake_on(*p.bus);  // jobs queued by any process start at once
    p.workers->register_handler(videos::kTranscodeJob, [&p](jobs::JobContext& job) { p.processor.run(job); });
    p.workers->register_handler(notifications::kNotifySubscribersJob,
                                [&p](jobs::JobContext& job) { p.notifications.notify_subscribers(job); });
    p.workers->register_handler(dmca::kRestoreJob, [&p](jobs::JobContext& job) { p.dmca.restore_when_due(job); });
    p.workers->register_handler(studio::kGenerateClipJob, [&p](jobs::JobContext& job) { p.studio.run_generation(job); });
    p.workers->register_handler(studio::kCompileJob, [&p](jobs::JobContext& job) { p.finals.run(job); });
    p.processor.settle_dead_jobs();
    p.workers->start();
  }
  p.housekeeper = std::jthread([&p](std::stop_token stop) {
    std::mutex m;
    std::condition_variable_any wake;
    while (!stop.stop_requested()) {
      try {
        p.uploads.resume_completed();
        p.uploads.remove_expired();
      } catch (const std::exception& e) {
        spdlog::warn("housekeeping failed: {}", e.what());
      }
      std::unique_lock lock(m);
      wake.wait_for(lock, stop, std::chrono::seconds(60), [] { return false; });
    }
  });
  if (runs_workers(p.config)) {
    p.retention_sweeper = std::make_unique<views::PeriodicTask>(
        "retention sweep", std::chrono::seconds(p.config.retention_sweep_interval_s), [&p] {
          p.retention.sweep();
          p.views.remove_idle_viewers();
          p.moderation.sweep();  // removed videos past moderation.removed_retention_days
        });
    p.retention_sweeper->start();
    p.feed_refresher = std::make_unique<feeds::RefreshLoop>(std::chrono::seconds(p.config.feeds_refresh_interval_s),
                                                            [&p] { p.feeds.refresh(); });
    p.feed_refresher->start();
  }
  if (!serves_http(p.config)) return 0;
  p.recs_refresher = std::make_unique<feeds::RefreshLoop>(std::chrono::seconds(p.config.recs_refresh_interval_s),
                                                          [&p] { p.recs.refresh(); });
  p.recs_refresher->start();
  p.view_flusher = std::make_unique<views::PeriodicTask>(
      "view flush", std::chrono::milliseconds(p.config.views_flush_interval_ms), [&p] { p.views.flush(); });
  p.view_flusher->start();
  try {
    p.search.refresh();
  } catch (const std::exception& e) {
    spdlog::warn("search: first refresh failed (typo corrections and suggestions wait for the next): {}", e.what());
  }
  p.search_refresher = std::make_unique<views::PeriodicTask>(
      "search refresh", std::chrono::seconds(p.config.search_refresh_interval_s), [&p] { p.search.refresh(); });
  p.search_refresher->start();
  p.search_log_writer = std::make_unique<views::PeriodicTask>(
      "search log", std::chrono::seconds(p.config.search_log_flush_interval_s), [&p] { p.search.flush_log(); });
  p.search_log_writer->start();
  // The bus brings an admin's change of settings at once; this re-read is the safety net.
  p.settings_refresher = std::make_unique<views::PeriodicTask>("settings refresh", std::chrono::seconds(30),
                                                               [&p] { p.settings.refresh(); });
  p.settings_refresher->start();
  auto [host, port] = http::parse_listen_address(p.config.listen);
  http::HttpServerOptions options;
  options.host = host;
  options.port = port;
  options.io_threads = p.config.http_threads;
  options.blocking_threads = p.config.blocking_threads;
  options.header_timeout = std::chrono::milliseconds(p.config.header_timeout_ms);
  options.read_timeout = std::chrono::milliseconds(p.config.read_timeout_ms);
  options.idle_timeout = std::chrono::milliseconds(p.config.idle_timeout_ms);
  options.sockets = &p.realtime;
  options.trusted_proxies = &p.trusted_proxies;
  p.realtime.start();
  p.server = std::make_unique<http::HttpServer>(options, p.pipeline);
  const std::uint16_t bound = p.server->start();
  const std::string site = !p.config.public_url.empty() ? p.config.public_url
                                                        : "http://localhost:" + std::to_string(bound) + "/";
  if (p.web_assets.built()) spdlog::info("The site is at {}", site);
  accounts::announce_first_run(p.first_run, site);
  return bound;
}

void App::stop() {
  if (!parts_) return;
  auto grace = std::chrono::milliseconds(parts_->config.shutdown_grace_ms);
  if (parts_->server) {
    parts_->realtime.stop();
    parts_->server->stop(grace);
    parts_->realtime.release();
    parts_->server.reset();
  }
  // No beacon arrives any more: write what they buffered while the database is open.
  if (parts_->view_flusher) {
    parts_->view_flusher->stop();
    parts_->view_flusher.reset();
    try {
      parts_->views.flush();
    } catch (const std::exception& e) {
      spdlog::error("final view flush failed: {}", e.what());
    }
  }
  for (auto* task : {&parts_->search_refresher, &parts_->settings_refresher}) {
    if (*task) {
      (*task)->stop();
      task->reset();
    }
  }
  if (parts_->search_log_writer) {
    parts_->search_log_writer->stop();
    parts_->search_log_writer.reset();
    try {
      parts_->search.flush_log();  // what this node counted since the last write
    } catch (const std::exception& e) {
      spdlog::error("final search log write failed: {}", e.what());
    }
  }
  if (parts_->retention_sweeper) {
    parts_->retention_sweeper->stop();
    parts_->retention_sweeper.reset();
  }
  for (auto* loop : {&parts_->feed_refresher, &parts_->recs_refresher}) {
    if (*loop) {
      (*loop)->stop();
      loop->reset();
    }
  }
  if (parts_->workers) {
    parts_->workers->stop(grace);
    parts_->workers.reset();
  }
  if (parts_->housekeeper.joinable()) {
    parts_->housekeeper.request_stop();
    parts_->housekeeper.join();
  }
  parts_->bus->stop();  // nothing publishes any more; the database closes after
}

const Config& App::config() const { return parts_->config; }

db::Database& App::database() { return *parts_->database; }

blob::BlobStore& App::blobs() { return parts_->blobs; }

const http::Router& App::router() const { return parts_->router; }

}  // namespace marquee::app
