#include "app/App.h"

#include <spdlog/spdlog.h>

#include "accounts/AccountRoutes.h"
#include "accounts/AccountService.h"
#include "accounts/PasswordHasher.h"
#include "accounts/RequestAuth.h"
#include "accounts/TokenSigner.h"
#include "app/Secrets.h"
#include "db/Database.h"
#include "db/Migrations.h"
#include "http/HttpServer.h"
#include "http/Metrics.h"
#include "http/RequestPipeline.h"
#include "http/Router.h"
#include "ops/OpsRoutes.h"
#include "videos/VideoRoutes.h"
#include "videos/VideoService.h"

namespace marquee::app {

// Members are declared in dependency order; they are destroyed in reverse, so the HTTP
// server goes before the services and the database goes last.
struct App::Parts {
  explicit Parts(Config c)
      : config(std::move(c)),
        database(db::open_database(config.database_url(), {config.db_pool_size, config.db_busy_timeout_ms})),
        hasher(config.argon2_ops, config.argon2_mem_kib),
        signer(config.jwt_secret.empty() ? load_or_create_secret(config.data_dir, "jwt.key") : config.jwt_secret,
               config.access_token_ttl_s, clock),
        auth(signer),
        accounts(*database, hasher, signer, clock, config.refresh_token_ttl_s),
        videos(*database, clock),
        pipeline(router, metrics, {config.cors_origins, config.max_body_bytes}) {
    db::run_migrations(*database);
    accounts::register_account_routes(router, accounts, auth, {config.cookie_secure, config.access_token_ttl_s});
    videos::register_video_routes(router, videos, auth);
    ops::register_ops_routes(router, *database, metrics);
    metrics.add_gauge("marquee_db_pool_size", "database connections in the pool",
                      [this] { return database->pool_stats().size; });
    metrics.add_gauge("marquee_db_pool_in_use", "database connections in use",
                      [this] { return database->pool_stats().in_use; });
  }

  Config config;
  SystemClock clock;
  std::unique_ptr<db::Database> database;
  accounts::PasswordHasher hasher;
  accounts::TokenSigner signer;
  accounts::RequestAuth auth;
  accounts::AccountService accounts;
  videos::VideoService videos;
  http::Router router;
  http::Metrics metrics;
  http::RequestPipeline pipeline;
  std::unique_ptr<http::HttpServer> server;
};

App::App(Config config) : parts_(std::make_unique<Parts>(std::move(config))) {}

App::~App() { stop(); }

std::uint16_t App::start() {
  auto& p = *parts_;
  auto [host, port] = http::parse_listen_address(p.config.listen);
  http::HttpServerOptions options;
  options.host = host;
  options.port = port;
  options.io_threads = p.config.http_threads;
  options.blocking_threads = p.config.blocking_threads;
  options.header_timeout = std::chrono::milliseconds(p.config.header_timeout_ms);
  options.read_timeout = std::chrono::milliseconds(p.config.read_timeout_ms);
  options.idle_timeout = std::chrono::milliseconds(p.config.idle_timeout_ms);
  p.server = std::make_unique<http::HttpServer>(options, p.pipeline);
  return p.server->start();
}

void App::stop() {
  if (parts_ && parts_->server) {
    parts_->server->stop(std::chrono::milliseconds(parts_->config.shutdown_grace_ms));
    parts_->server.reset();
  }
}

const Config& App::config() const { return parts_->config; }

db::Database& App::database() { return *parts_->database; }

const http::Router& App::router() const { return parts_->router; }

}  // namespace marquee::app
