// marquee: the one binary. `serve` runs the API (and, from the pipeline on, workers);
// `migrate` applies schema migrations; `user create` bootstraps accounts; `dev seed` fills a
// database with synthetic data for development and benchmarks; `dev sign-s3` runs the S3
// request signer over JSON cases for the interop oracle.
#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <csignal>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <set>

#include "accounts/AccountService.h"
#include "audit/AuditLog.h"
#include "limits/InProcessRateLimiter.h"
#include "accounts/PasswordHasher.h"
#include "accounts/TokenSigner.h"
#include "app/App.h"
#include "app/Secrets.h"
#include "core/ConfigSchema.h"
#include "core/Error.h"
#include "core/Log.h"
#include "db/Database.h"
#include "db/Migrations.h"
#include "events/InProcessEventBus.h"
#include "events/NodeId.h"
#include "dev/DevSeeder.h"
#include "dev/BlobBench.h"
#include "dev/FingerprintBench.h"
#include "dev/RecsBench.h"
#include "migrate/DatabaseMigration.h"
#include "migrate/StorageMigration.h"
#include "dev/SearchBench.h"
#include "dev/SignCases.h"
#include "blob/OpenBlobStore.h"

namespace {

using namespace marquee;

// Adds one --flag per setting to `command`; values land in `flags` keyed by setting.
void add_setting_flags(CLI::App& command, std::map<std::string, std::string>& flags,
                       const std::set<std::string>& except = {}) {
  for (const auto& setting : config_settings()) {
    if (except.count(setting.key)) continue;
    std::string help = setting.help + " [env " + setting.env_name() + ", toml " + setting.key + ", default '" +
                       setting.get(Config{}) + "']";
    std::string names = "--" + setting.flag_name();
    if (!setting.flag_alias.empty()) names += ",--" + setting.flag_alias;
    command.add_option_function<std::string>(
        names, [&flags, key = setting.key](const std::string& v) { flags[key] = v; }, help);
  }
}

Config load_config(const std::string& config_path, const std::map<std::string, std::string>& flags) {
  ConfigSources sources;
  if (!config_path.empty()) {
    sources.toml_path = config_path;
  } else if (std::filesystem::exists("marquee.toml")) {
    sources.toml_path = "marquee.toml";
  }
  sources.environment = marquee_environment();
  if (auto it = sources.environment.find("MARQUEE_CONFIG"); it != sources.environment.end() && config_path.empty()) {
    sources.toml_path = it->second;
  }
  sources.flags = flags;
  return resolve_config(sources);
}

int serve(const Config& config) {
  // Block the stop signals in every thread; the main thread waits for them below.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  app::App app(config);
  std::uint16_t port = app.start();
  std::string database = config.database_url().starts_with("sqlite:") ? config.database_url() : "postgres";
  if (config.role == "worker") {
    spdlog::info("marquee {} worker running, database {}", MARQUEE_VERSION, database);
  } else {
    spdlog::info("marquee {} serving on {} (port {}), database {}, role {}", MARQUEE_VERSION, config.listen, port,
                 database, config.role);
  }
  int signal = 0;
  sigwait(&signals, &signal);
  spdlog::info("received {}, draining requests (up to {} ms)", signal == SIGTERM ? "SIGTERM" : "SIGINT",
               config.shutdown_grace_ms);
  app.stop();
  spdlog::info("stopped");
  return 0;
}

int migrate_schema(const Config& config) {
  auto database = db::open_database(config.database_url(), {config.db_pool_size, config.db_busy_timeout_ms});
  int ran = db::run_migrations(*database);
  auto applied = db::applied_migrations(*database);
  std::cout << "applied " << ran << " migration(s); schema version " << (applied.empty() ? 0 : applied.back()) << "\n";
  return 0;
}

int create_user(const Config& config, const std::string& email, const std::string& username,
                const std::string& password, const std::string& role_name) {
  auto role = accounts::parse_role(role_name);
  if (!role) throw Error(ErrorCode::validation_failed, "role must be user, creator, moderator or admin");
  auto database = db::open_database(config.database_url(), {config.db_pool_size, config.db_busy_timeout_ms});
  db::run_migrations(*database);
  SystemClock clock;
  accounts::PasswordHasher hasher(config.argon2_ops, config.argon2_mem_kib);
  accounts::TokenSigner signer("unused-for-account-creation-only", config.access_token_ttl_s, clock);
  events::InProcessEventBus bus(events::new_node_id());  // no other node to tell
  audit::AuditLog audit(*database, clock);
  limits::InProcessRateLimiter limiter(clock);
  accounts::SecondFactor second_factor(*database, clock, "Marquee");
  accounts::AccountService service(*database, hasher, signer, bus, clock, config.refresh_token_ttl_s, audit, limiter,
                                   second_factor);
  auto account = service.create_account({email, username, password, *role});
  if (*role != accounts::Role::user) {
    audit.record({std::nullopt, "cli"}, "account.role", "user", account.id, "{}",
                 "{\"role\":\"" + std::string(accounts::role_name(*role)) + "\"}");
  }
  std::cout << "created " << accounts::role_name(account.role) << " " << account.username << " (id " << account.id
            << ")\n";
  return 0;
}

int seed(const Config& config, const dev::SeedOptions& options, const std::string& password) {
  auto database = db::open_database(config.database_url(), {config.db_pool_size, config.db_busy_timeout_ms});
  db::run_migrations(*database);
  accounts::PasswordHasher hasher(config.argon2_ops, config.argon2_mem_kib);
  auto summary = dev::seed_database(*database, options, hasher.hash(password), wall_clock_ms(),
                                    [](const std::string& line) { std::cout << line << std::endl; });
  std::cout << "seeded " << summary.users << " users (" << summary.username_prefix << "_0 … " << summary.username_prefix
            << "_" << summary.users - 1 << ", password '" << password << "'), " << summary.videos << " videos, "
            << summary.views << " views, " << summary.ratings << " ratings, " << summary.comments << " comments, "
            << summary.subscriptions << " subscriptions\n";
  return 0;
}

// The blob store at `url`, with the rest of the blob settings of `config`.
std::unique_ptr<blob::BlobStore> store_at(const Config& config, const std::string& url) {
  blob::BlobStoreSettings settings = app::blob_settings(config);
  settings.url = url;
  return blob::open_blob_store(settings);
}

int migrate_storage(const Config& config, const std::string& from, const std::string& to) {
  if (to.empty()) throw Error(ErrorCode::validation_failed, "--to names the store to copy into (s3://… or local)");
  auto source = store_at(config, from.empty() ? config.blobs : from);
  auto destination = store_at(config, to);
  auto report = migrate::migrate_storage(*source, *destination, config.data_dir + "/work",
                                         [](const std::string& line) { std::cerr << line << std::endl; });
  std::cout << report.to_json() << "\n";
  return report.ok() ? 0 : 3;
}

int migrate_database(const Config& config, const std::string& from, const std::string& to) {
  if (!to.starts_with("postgres")) throw Error(ErrorCode::validation_failed, "--to names a postgres://… database");
  auto source = db::open_database(from.empty() ? config.database_url() : from,
                                  {config.db_pool_size, config.db_busy_timeout_ms});
  auto destination = db::open_database(to, {config.db_pool_size, config.db_busy_timeout_ms});
  db::run_migrations(*source);
  db::run_migrations(*destination);
  auto report = migrate::migrate_database(*source, *destination,
                                          [](const std::string& line) { std::cerr << line << std::endl; });
  std::cout << report.to_json() << "\n";
  return report.ok() ? 0 : 3;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"Marquee: a self-hosted video platform server"};
  cli.set_version_flag("--version", std::string("marquee ") + MARQUEE_VERSION);
  cli.require_subcommand(1);
  cli.fallthrough();  // `marquee serve --config FILE` works as well as `marquee --config FILE serve`
  std::string config_path;
  cli.add_option("--config", config_path, "TOML config file (default ./marquee.toml when present; env MARQUEE_CONFIG)");

  std::map<std::string, std::string> flags;
  auto* serve_cmd = cli.add_subcommand("serve", "serve the API (and workers, with --role all)");
  add_setting_flags(*serve_cmd, flags);
  auto* worker_cmd = cli.add_subcommand("worker", "run only background workers (transcoding), no HTTP");
  add_setting_flags(*worker_cmd, flags, {"role"});
  auto* migrate_cmd = cli.add_subcommand("migrate", "apply database migrations and exit");
  add_setting_flags(*migrate_cmd, flags);

  auto* user_cmd = cli.add_subcommand("user", "manage accounts");
  user_cmd->require_subcommand(1);
  auto* create_cmd = user_cmd->add_subcommand("create", "create an account (e.g. the first admin)");
  std::string email, username, password, role = "user";
  create_cmd->add_option("--email", email, "email address")->required();
  create_cmd->add_option("--username", username, "username")->required();
  create_cmd->add_option("--password", password, "password (at least 8 characters)")->required();
  create_cmd->add_option("--role", role, "user, creator, moderator or admin")->capture_default_str();
  add_setting_flags(*create_cmd, flags, {"role"});  // --role here is the account's role

  std::string migrate_from, migrate_to;
  auto* migrate_storage_cmd = cli.add_subcommand(
      "migrate-storage", "copy every blob into another store (e.g. local to S3), resumably, and verify the copy");
  migrate_storage_cmd->add_option("--from", migrate_from, "the store to copy from (default: --blobs)");
  migrate_storage_cmd->add_option("--to", migrate_to, "the store to copy into: s3://bucket/prefix?… or local")
      ->required();
  add_setting_flags(*migrate_storage_cmd, flags);
  auto* migrate_database_cmd = cli.add_subcommand(
      "migrate-database", "copy a SQLite database into PostgreSQL, resumably, and verify counts and checksums");
  migrate_database_cmd->add_option("--from", migrate_from, "the SQLite database (default: --database)");
  migrate_database_cmd->add_option("--to", migrate_to, "postgres://…")->required();
  add_setting_flags(*migrate_database_cmd, flags);

  auto* dev_cmd = cli.add_subcommand("dev", "development tools");
  dev_cmd->require_subcommand(1);
  auto* seed_cmd = dev_cmd->add_subcommand("seed", "fill the database with synthetic users, videos and interactions");
  dev::SeedOptions seed_options;
  std::string seed_password = "seed-password";
  seed_cmd->add_option("--videos", seed_options.videos, "videos to create")->capture_default_str();
  seed_cmd->add_option("--users", seed_options.users, "users to create (a tenth are creators)")->capture_default_str();
  seed_cmd->add_option("--interactions", seed_options.interactions,
                       "views, ratings, comments and subscriptions together")->capture_default_str();
  seed_cmd->add_option("--seed", seed_options.seed, "random seed: the same seed gives the same data")
      ->capture_default_str();
  seed_cmd->add_option("--password", seed_password, "password of every seeded user")->capture_default_str();
  add_setting_flags(*seed_cmd, flags);
  auto* sign_s3_cmd = dev_cmd->add_subcommand(
      "sign-s3", "sign S3 requests given as a JSON array on stdin; print the results as JSON (signer oracle)");

  auto* blob_bench_cmd = dev_cmd->add_subcommand(
      "blob-bench", "put or get objects through the configured blob store (--blobs) and print the throughput as JSON");
  dev::BlobBenchOptions bench_options;
  blob_bench_cmd->add_option("--op", bench_options.op, "put, get, put-file or get-file")->capture_default_str();
  blob_bench_cmd->add_option("--size", bench_options.size, "bytes per object")->capture_default_str();
  blob_bench_cmd->add_option("--count", bench_options.count, "objects")->capture_default_str();
  blob_bench_cmd->add_option("--parallel", bench_options.parallel, "operations at once")->capture_default_str();
  blob_bench_cmd->add_option("--prefix", bench_options.prefix, "key prefix")->capture_default_str();
  blob_bench_cmd->add_option("--scratch-dir", bench_options.scratch_dir, "where the *-file ops keep local files")
      ->capture_default_str();
  add_setting_flags(*blob_bench_cmd, flags);

  auto* search_bench_cmd = dev_cmd->add_subcommand(
      "search-bench", "load a generated catalogue and time search beside LIKE scans (bench/RESULTS.md)");
  dev::SearchBenchOptions search_bench_options;
  search_bench_cmd->add_option("--videos", search_bench_options.videos, "videos to generate")->capture_default_str();
  search_bench_cmd->add_option("--queries", search_bench_options.queries, "timed searches per kind")
      ->capture_default_str();
  search_bench_cmd->add_option("--naive-queries", search_bench_options.naive_queries, "timed LIKE scans per kind")
      ->capture_default_str();
  search_bench_cmd->add_flag("--reuse", search_bench_options.reuse, "the database already holds the catalogue");
  add_setting_flags(*search_bench_cmd, flags);
  auto* recs_bench_cmd = dev_cmd->add_subcommand(
      "recs-bench", "measure recommendation quality (and similar-videos latency) on a synthetic world; print JSON");
  dev::RecsBenchOptions recs_options;
  recs_bench_cmd->add_option("--videos", recs_options.world.videos, "videos of the quality catalogue")
      ->capture_default_str();
  recs_bench_cmd->add_option("--topics", recs_options.world.topics, "topics of the quality catalogue")
      ->capture_default_str();
  recs_bench_cmd->add_option("--viewers", recs_options.world.viewers, "viewers with planted tastes")
      ->capture_default_str();
  recs_bench_cmd->add_option("--seed", recs_options.world.seed, "random seed")->capture_default_str();
  recs_bench_cmd->add_option("--latency-videos", recs_options.latency_videos,
                             "videos of the latency catalogue (0: no latency part)")
      ->capture_default_str();
  recs_bench_cmd->add_option("--latency-queries", recs_options.latency_queries, "HNSW and similar queries timed")
      ->capture_default_str();
  recs_bench_cmd->add_option("--exact-queries", recs_options.exact_queries, "brute-force queries timed")
      ->capture_default_str();
  recs_bench_cmd->add_option("--threads", recs_options.threads, "index build threads (0: one per core)")
      ->capture_default_str();
  recs_bench_cmd->add_option("--m", recs_options.hnsw.m, "HNSW graph degree of the latency index")
      ->capture_default_str();
  recs_bench_cmd->add_option("--ef-construction", recs_options.hnsw.ef_construction,
                             "HNSW candidate list while building the latency index")
      ->capture_default_str();
  recs_bench_cmd->add_option("--ef-search", recs_options.hnsw.ef_search, "HNSW candidate list while searching it")
      ->capture_default_str();

  auto* fingerprint_bench_cmd = dev_cmd->add_subcommand(
      "fingerprint-bench", "time blocklist lookups against a brute-force scan at a given blocklist size; print JSON");
  dev::FingerprintBenchOptions fingerprint_options;
  fingerprint_bench_cmd->add_option("--stored", fingerprint_options.stored, "blocked frame hashes")->capture_default_str();
  fingerprint_bench_cmd->add_option("--query-frames", fingerprint_options.query_frames, "frames of a timed upload")
      ->capture_default_str();
  fingerprint_bench_cmd->add_option("--queries", fingerprint_options.queries, "timed uploads of each kind")
      ->capture_default_str();
  fingerprint_bench_cmd->add_option("--reference-queries", fingerprint_options.reference_queries,
                                    "timed brute-force scans of each kind")
      ->capture_default_str();

  CLI11_PARSE(cli, argc, argv);

  try {
    Config config = load_config(config_path, flags);
    init_logging(config.log_format, config.log_level);
    if (serve_cmd->parsed()) return serve(config);
    if (worker_cmd->parsed()) {
      config.role = "worker";
      return serve(config);
    }
    if (migrate_cmd->parsed()) return migrate_schema(config);
    if (migrate_storage_cmd->parsed()) return migrate_storage(config, migrate_from, migrate_to);
    if (migrate_database_cmd->parsed()) return migrate_database(config, migrate_from, migrate_to);
    if (create_cmd->parsed()) return create_user(config, email, username, password, role);
    if (seed_cmd->parsed()) return seed(config, seed_options, seed_password);
    if (blob_bench_cmd->parsed()) {
      auto store = blob::open_blob_store(app::blob_settings(config));
      std::cout << dev::run_blob_bench(*store, bench_options) << "\n";
      return 0;
    }
    if (search_bench_cmd->parsed()) {
      auto database = db::open_database(config.database_url(), {config.db_pool_size, config.db_busy_timeout_ms});
      std::cout << dev::run_search_bench(*database, search_bench_options,
                                         [](const std::string& line) { std::cerr << line << std::endl; });
      return 0;
    }
    if (recs_bench_cmd->parsed()) {
      std::cout << dev::run_recs_bench(recs_options) << "\n";
      return 0;
    }
    if (fingerprint_bench_cmd->parsed()) {
      std::cout << dev::run_fingerprint_bench(fingerprint_options) << "\n";
      return 0;
    }
    if (sign_s3_cmd->parsed()) {
      std::string cases(std::istreambuf_iterator<char>(std::cin), {});
      std::cout << dev::run_sign_cases(cases) << "\n";
      return 0;
    }
  } catch (const Error& e) {
    std::cerr << "marquee: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "marquee: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
