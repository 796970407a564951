#include "dev/DevSeeder.h"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>

#include "core/Error.h"
#include "dev/RowBatch.h"
#include "dev/SeedRandom.h"
#include "dev/SyntheticCatalog.h"

namespace marquee::dev {
namespace {

constexpr Millis kDayMs = 86'400'000;
constexpr Millis kCatalogAgeMs = 60 * kDayMs;
constexpr Millis kAccountAgeMs = 120 * kDayMs;
constexpr double kViewShare = 0.70;
constexpr double kRatingShare = 0.20;
constexpr double kCommentShare = 0.06;  // the rest are subscriptions
constexpr std::int64_t kMaxVideos = 10'000'000;
constexpr std::int64_t kMaxUsers = 1'000'000;
constexpr std::int64_t kMaxInteractions = 100'000'000;

struct SeedUser {
  std::string id;
  std::string username;
  Millis created_at = 0;
  bool creator = false;
  std::int64_t subscribers = 0;
};

struct SeedVideo {
  std::string id;
  std::uint32_t owner = 0;
  Millis created_at = 0;
  std::size_t topic = 0;
  std::vector<std::string> tags;
  std::int64_t width = 0, height = 0, duration_ms = 0;
  std::string visibility;
  std::string status;
  bool adult = false, premium = false;
  double quality = 0.5;  // how well it holds viewers: drives completion, rewatches and likes
  std::int64_t views = 0, likes = 0, dislikes = 0, comments = 0;
  std::int64_t watched_ms = 0, rewatches = 0, samples = 0;
  double completion_sum = 0;
};

// How one view went, derived from the view's own random source.
struct WatchOutcome {
  Millis at = 0;
  double completion = 0;
  std::int64_t rewatches = 0;
  std::int64_t watched_ms = 0;
};

std::uint64_t pair_key(std::uint32_t high, std::uint32_t low) { return (std::uint64_t{high} << 32) | low; }
std::uint32_t high_of(std::uint64_t key) { return static_cast<std::uint32_t>(key >> 32); }
std::uint32_t low_of(std::uint64_t key) { return static_cast<std::uint32_t>(key & 0xffffffffu); }

// A random source of its own for one event, so an event's details need not be kept in memory.
SeedRandom event_random(std::uint64_t seed, std::uint64_t salt, std::uint64_t key) {
  SeedRandom random(seed ^ (salt * 0x9e3779b97f4a7c15ull) ^ (key * 0xd1b54a32d192ed03ull));
  random.next();
  return random;
}

// Later is likelier: most engagement is recent.
Millis event_time(SeedRandom& random, Millis created_at, Millis now) {
  const double u = random.uniform();
  return now - static_cast<Millis>(static_cast<double>(now - created_at) * u * u);
}

WatchOutcome watch(const SeedVideo& video, SeedRandom& random, Millis now) {
  WatchOutcome outcome;
  outcome.at = event_time(random, video.created_at, now);
  outcome.completion = std::clamp(video.quality + (random.uniform() - 0.5) * 0.6, 0.05, 1.0);
  if (outcome.completion >= 0.9 && random.chance(video.quality * 0.6)) outcome.rewatches = random.between(1, 3);
  outcome.watched_ms = static_cast<std::int64_t>(outcome.completion * static_cast<double>(video.duration_ms)) +
                       outcome.rewatches * video.duration_ms;
  return outcome;
}

// Draws videos with a long-tailed popularity: weight 1 / (rank + 50) over a random ranking.
class PopularitySampler {
 public:
  PopularitySampler(const std::vector<std::uint32_t>& items, SeedRandom& random) : items_(items) {
    for (std::size_t i = items_.size(); i > 1; --i) {
      std::swap(items_[i - 1], items_[static_cast<std::size_t>(random.between(0, static_cast<std::int64_t>(i) - 1))]);
    }
    double total = 0;
    cumulative_.reserve(items_.size());
    for (std::size_t rank = 0; rank < items_.size(); ++rank) {
      total += 1.0 / (static_cast<double>(rank) + 50.0);
      cumulative_.push_back(total);
    }
  }

  bool empty() const { return items_.empty(); }
  std::uint32_t sample(SeedRandom& random) const {
    const double x = random.uniform() * cumulative_.back();
    auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), x);
    return items_[std::min<std::size_t>(static_cast<std::size_t>(it - cumulative_.begin()), items_.size() - 1)];
  }

 private:
  std::vector<std::uint32_t> items_;
  std::vector<double> cumulative_;
};

std::string username_prefix(std::uint64_t seed, Millis now) {
  SeedRandom random(seed ^ static_cast<std::uint64_t>(now));
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::string prefix = "s";
  for (int i = 0; i < 5; ++i) prefix += kAlphabet[random.between(0, 35)];
  return prefix;
}

std::vector<SeedUser> make_users(const SeedOptions& options, const std::string& prefix, SeedRandom& random, Millis now) {
  std::vector<SeedUser> users(static_cast<std::size_t>(options.users));
  const auto creators = std::max<std::size_t>(1, users.size() / 10);
  for (std::size_t i = 0; i < users.size(); ++i) {
    users[i].id = random.public_id();
    users[i].username = prefix + "_" + std::to_string(i);
    users[i].created_at = now - random.between(kCatalogAgeMs, kAccountAgeMs);
    users[i].creator = i < creators;
  }
  return users;
}

std::vector<SeedVideo> make_videos(const SeedOptions& options, const std::vector<SeedUser>& users, SeedRandom& random,
                                   Millis now) {
  const auto& topics = seed_topics();
  std::size_t creators = 0;
  while (creators < users.size() && users[creators].creator) ++creators;
  std::vector<SeedVideo> videos(static_cast<std::size_t>(options.videos));
  for (auto& video : videos) {
    video.id = random.public_id();
    const double skew = random.uniform();
    video.owner = static_cast<std::uint32_t>(static_cast<double>(creators) * skew * skew);
    const double age = random.uniform();
    video.created_at = now - static_cast<Millis>(static_cast<double>(kCatalogAgeMs) * age * age) - random.between(0, 60'000);
    video.topic = static_cast<std::size_t>(random.between(0, static_cast<std::int64_t>(topics.size()) - 1));
    const Topic& topic = topics[video.topic];
    std::vector<std::string> pool = topic.tags;
    const auto count = random.between(2, 5);
    for (std::int64_t t = 0; t < count && !pool.empty(); ++t) {
      auto index = static_cast<std::size_t>(random.between(0, static_cast<std::int64_t>(pool.size()) - 1));
      video.tags.push_back(pool[index]);
      pool.erase(pool.begin() + static_cast<std::ptrdiff_t>(index));
    }
    if (random.chance(0.2)) {
      const std::string& extra = random.pick(random.pick(topics).tags);
      if (std::find(video.tags.begin(), video.tags.end(), extra) == video.tags.end()) video.tags.push_back(extra);
    }
    const double shape = random.uniform();
    if (shape < 0.30) {  // a reel
      video.width = 1080, video.height = 1920, video.duration_ms = random.between(6'000, 90'000);
    } else if (shape < 0.35) {  // vertical, but long
      video.width = 1080, video.height = 1920, video.duration_ms = random.between(120'000, 600'000);
    } else {
      video.width = 1920, video.height = 1080, video.duration_ms = random.between(60'000, 1'800'000);
    }
    const double visibility = random.uniform();
    video.visibility = visibility < 0.90 ? "public" : visibility < 0.95 ? "unlisted" : "private";
    const double status = random.uniform();
    video.status = status < 0.93   ? "ready"
                   : status < 0.95 ? "playable"
                   : status < 0.97 ? "processing"
                   : status < 0.99 ? "failed"
                                   : "draft";
    video.adult = random.chance(0.05);
    video.premium = random.chance(0.05);
    video.quality = 0.15 + 0.8 * random.uniform();
  }
  return videos;
}

// Sorted, duplicate-free (high, low) pairs drawn `count` times.
template <typename Draw>
std::vector<std::uint64_t> unique_pairs(std::int64_t count, Draw draw) {
  std::vector<std::uint64_t> keys;
  keys.reserve(static_cast<std::size_t>(count));
  for (std::int64_t i = 0; i < count; ++i) {
    if (auto key = draw()) keys.push_back(*key);
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

std::string tags_json(const std::vector<std::string>& tags) {
  boost::json::array array;
  for (const auto& tag : tags) array.emplace_back(tag);
  return boost::json::serialize(array);
}

}  // namespace

SeedSummary seed_database(db::Database& db, const SeedOptions& options, const std::string& password_hash, Millis now,
                          const std::function<void(const std::string&)>& progress) {
  if (options.users < 1 || options.users > kMaxUsers) throw_validation("users", "users must be 1 to 1000000");
  if (options.videos < 0 || options.videos > kMaxVideos) throw_validation("videos", "videos must be 0 to 10000000");
  if (options.interactions < 0 || options.interactions > kMaxInteractions) {
    throw_validation("interactions", "interactions must be 0 to 100000000");
  }
  const auto started = std::chrono::steady_clock::now();
  auto say = [&](const std::string& line) {
    if (!progress) return;
    const auto seconds =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count() / 1000.0;
    char stamp[32];
    std::snprintf(stamp, sizeof stamp, "[%7.1f s] ", seconds);
    progress(stamp + line);
  };

  if (db.dialect() == db::Dialect::sqlite) {
    // Rows arrive in random key order; a large page cache keeps the indexes in memory.
    db.write([](db::Connection& c) { c.exec_script("PRAGMA cache_size = -262144"); });
  }

  SeedRandom random(options.seed);
  SeedSummary summary;
  summary.username_prefix = username_prefix(options.seed, now);
  auto users = make_users(options, summary.username_prefix, random, now);
  auto videos = make_videos(options, users, random, now);
  const auto user_count = static_cast<std::uint32_t>(users.size());

  std::vector<std::uint32_t> engageable;
  for (std::uint32_t i = 0; i < videos.size(); ++i) {
    const auto& v = videos[i];
    if (v.visibility != "private" && (v.status == "ready" || v.status == "playable")) engageable.push_back(i);
  }
  const PopularitySampler popular(engageable, random);
  const auto interactions = popular.empty() ? 0 : options.interactions;
  const auto view_draws = static_cast<std::int64_t>(static_cast<double>(interactions) * kViewShare);
  const auto rating_draws = static_cast<std::int64_t>(static_cast<double>(interactions) * kRatingShare);
  const auto comment_draws = static_cast<std::int64_t>(static_cast<double>(interactions) * kCommentShare);
  const auto subscription_draws = interactions - view_draws - rating_draws - comment_draws;
  auto any_user = [&] { return static_cast<std::uint32_t>(random.between(0, user_count - 1)); };

  // (video, viewer) and (video, rater) pairs, (subscriber, channel) pairs, commented videos.
  const auto views = unique_pairs(view_draws, [&]() -> std::optional<std::uint64_t> {
    return pair_key(popular.sample(random), any_user());
  });
  const auto ratings = unique_pairs(rating_draws, [&]() -> std::optional<std::uint64_t> {
    return pair_key(popular.sample(random), any_user());
  });
  const auto subscriptions = unique_pairs(subscription_draws, [&]() -> std::optional<std::uint64_t> {
    const std::uint32_t subscriber = any_user();
    const std::uint32_t channel = videos[popular.sample(random)].owner;
    if (subscriber == channel) return std::nullopt;
    return pair_key(subscriber, channel);
  });
  std::vector<std::uint32_t> commented;
  commented.reserve(static_cast<std::size_t>(comment_draws));
  for (std::int64_t i = 0; i < comment_draws; ++i) commented.push_back(popular.sample(random));

  for (auto key : views) {
    SeedVideo& video = videos[high_of(key)];
    auto event = event_random(options.seed, 1, key);
    const WatchOutcome outcome = watch(video, event, now);
    ++video.views;
    ++video.samples;
    video.completion_sum += outcome.completion;
    video.rewatches += outcome.rewatches;
    video.watched_ms += outcome.watched_ms;
  }
  for (auto key : ratings) {
    SeedVideo& video = videos[high_of(key)];
    auto event = event_random(options.seed, 2, key);
    event_time(event, video.created_at, now);
    (event.chance(0.55 + 0.4 * video.quality) ? video.likes : video.dislikes) += 1;
  }
  for (auto index : commented) ++videos[index].comments;
  for (auto key : subscriptions) ++users[low_of(key)].subscribers;
  say("planned " + std::to_string(users.size()) + " users, " + std::to_string(videos.size()) + " videos, " +
      std::to_string(views.size()) + " views, " + std::to_string(ratings.size()) + " ratings, " +
      std::to_string(commented.size()) + " comments, " + std::to_string(subscriptions.size()) + " subscriptions");

  {
    RowBatch batch(db,
                   "INSERT INTO users (id, email, username, username_key, password_hash, display_name, role, "
                   "is_premium, created_at, updated_at, subscriber_count)",
                   11);
    for (std::size_t i = 0; i < users.size(); ++i) {
      const auto& u = users[i];
      batch.add({u.id, u.username + "@seed.example", u.username, u.username, password_hash, "Seed user " + std::to_string(i),
                 std::string(u.creator ? "creator" : "user"), std::int64_t{i % 20 == 0}, u.created_at, u.created_at,
                 u.subscribers});
    }
    summary.users = static_cast<std::int64_t>(batch.finish());
    say("users written");
  }
  {
    RowBatch batch(db,
                   "INSERT INTO videos (id, owner_id, title, description, tags_json, category, visibility, "
                   "is_premium, is_adult, status, failure_reason, duration_ms, width, height, views_count, "
                   "likes_count, dislikes_count, comments_count, created_at, updated_at, progress)",
                   21);
    const auto& topics = seed_topics();
    for (const auto& v : videos) {
      const Topic& topic = topics[v.topic];
      const bool published = v.status == "ready" || v.status == "playable";
      batch.add({v.id, users[v.owner].id, seed_title(random, topic), seed_description(random, topic), tags_json(v.tags),
                 topic.name, v.visibility, std::int64_t{v.premium}, std::int64_t{v.adult}, v.status,
                 std::string(v.status == "failed" ? "the source is not a video" : ""), published ? v.duration_ms : 0,
                 published ? v.width : 0, published ? v.height : 0, v.views, v.likes, v.dislikes, v.comments,
                 v.created_at, v.created_at, std::int64_t{published ? 100 : 0}});
    }
    summary.videos = static_cast<std::int64_t>(batch.finish());
    RowBatch tags(db, "INSERT INTO video_tags (video_id, tag)", 2);
    for (const auto& v : videos) {
      for (const auto& tag : v.tags) tags.add({v.id, tag});
    }
    tags.finish();
    say("videos and tags written");
  }
  {
    RowBatch viewers(db,
                     "INSERT INTO video_viewers (video_id, viewer_key, user_id, counted_at, session_id, "
                     "session_watched_ms, session_max_position_ms, session_sampled, completed, updated_at)",
                     10);
    RowBatch history(db,
                     "INSERT INTO watch_history (user_id, video_id, position_ms, max_position_ms, watched_ms, "
                     "rewatch_count, first_watched_at, last_watched_at)",
                     8);
    for (auto key : views) {
      const SeedVideo& video = videos[high_of(key)];
      const SeedUser& user = users[low_of(key)];
      auto event = event_random(options.seed, 1, key);
      const WatchOutcome outcome = watch(video, event, now);
      const auto furthest = static_cast<std::int64_t>(outcome.completion * static_cast<double>(video.duration_ms));
      viewers.add({video.id, "u:" + user.id, user.id, outcome.at, std::string("seed"), outcome.watched_ms, furthest,
                   std::int64_t{1}, std::int64_t{outcome.completion >= 0.9}, outcome.at});
      history.add({user.id, video.id, furthest, furthest, outcome.watched_ms, outcome.rewatches,
                   outcome.at - outcome.watched_ms, outcome.at});
    }
    summary.views = static_cast<std::int64_t>(viewers.finish());
    history.finish();
    RowBatch stats(db,
                   "INSERT INTO video_stats (video_id, watched_ms, completion_sum, completion_samples, rewatch_count, "
                   "updated_at)",
                   6);
    for (const auto& v : videos) {
      if (v.samples > 0) stats.add({v.id, v.watched_ms, v.completion_sum, v.samples, v.rewatches, now});
    }
    stats.finish();
    say("views, watch history and video stats written");
  }
  {
    RowBatch batch(db, "INSERT INTO video_ratings (video_id, user_id, rating, created_at, updated_at)", 5);
    for (auto key : ratings) {
      const SeedVideo& video = videos[high_of(key)];
      auto event = event_random(options.seed, 2, key);
      const Millis at = event_time(event, video.created_at, now);
      const bool like = event.chance(0.55 + 0.4 * video.quality);
      batch.add({video.id, users[low_of(key)].id, std::string(like ? "like" : "dislike"), at, at});
    }
    summary.ratings = static_cast<std::int64_t>(batch.finish());
    say("ratings written");
  }
  {
    RowBatch batch(db,
                   "INSERT INTO comments (id, video_id, parent_id, depth, author_id, body, likes_count, "
                   "replies_count, created_at, updated_at)",
                   10);
    for (auto index : commented) {
      const SeedVideo& video = videos[index];
      const Millis at = event_time(random, video.created_at, now);
      batch.add({random.public_id(), video.id, nullptr, std::int64_t{0}, users[any_user()].id, seed_comment(random),
                 std::int64_t{0}, std::int64_t{0}, at, at});
    }
    summary.comments = static_cast<std::int64_t>(batch.finish());
    say("comments written");
  }
  {
    RowBatch batch(db, "INSERT INTO subscriptions (subscriber_id, channel_id, created_at)", 3);
    for (auto key : subscriptions) {
      const SeedUser& channel = users[low_of(key)];
      batch.add({users[high_of(key)].id, channel.id, now - random.between(0, kCatalogAgeMs)});
    }
    summary.subscriptions = static_cast<std::int64_t>(batch.finish());
    say("subscriptions written");
  }
  return summary;
}

}  // namespace marquee::dev
