#pragma once
// `marquee dev seed`: fills a database with realistic synthetic data for development and
// benchmarks — users (a tenth of them creators), videos with topic tags (a third short and
// vertical), views with watch history and completion statistics, likes and dislikes,
// comments and subscriptions, with popularity skewed like a real site's. Writes through
// RowBatch in large transactions, so 100 000 videos, 10 000 users and 2 000 000
// interactions take minutes on SQLite and PostgreSQL. Counters (views_count, likes_count, …,
// subscriber_count) match the rows exactly. Adds to whatever the database holds.
#include <cstdint>
#include <functional>
#include <string>

#include "core/Clock.h"
#include "db/Database.h"

namespace marquee::dev {

struct SeedOptions {
  std::int64_t videos = 1'000;
  std::int64_t users = 100;
  std::int64_t interactions = 10'000;  // views, ratings, comments and subscriptions together
  std::uint64_t seed = 1;              // the same seed gives the same data
};

struct SeedSummary {
  std::string username_prefix;  // users are <prefix>_0 … <prefix>_<users-1>
  std::int64_t users = 0;
  std::int64_t videos = 0;
  std::int64_t views = 0;
  std::int64_t ratings = 0;
  std::int64_t comments = 0;
  std::int64_t subscriptions = 0;
};

// Every seeded account gets `password_hash` (hash one password once). `progress` hears one
// line per phase. Throws Error(validation_failed) for sizes out of range.
SeedSummary seed_database(db::Database& db, const SeedOptions& options, const std::string& password_hash, Millis now,
                          const std::function<void(const std::string&)>& progress = {});

}  // namespace marquee::dev
