#pragma once
// A real database (SQLite, or PostgreSQL under MARQUEE_TEST_DATABASE=postgres) with a manual
// clock and direct inserts of users, videos and engagement, for the feeds' store and service
// tests: ranking needs data at exact times, which the HTTP routes cannot backdate.
#include <memory>
#include <string>
#include <vector>

#include "accounts/Principal.h"
#include "core/Clock.h"
#include "db/Database.h"
#include "videos/Video.h"

namespace marquee::feeds::testing {

inline constexpr Millis kHour = 3'600'000;
inline constexpr Millis kStart = 1'800'000'000'000;  // 2027-01-15

struct VideoSpec {
  std::vector<std::string> tags = {"misc"};
  std::string visibility = "public";
  std::string status = "ready";
  bool adult = false;
  bool premium = false;
  std::int64_t width = 1920, height = 1080, duration_ms = 300'000;
  Millis age_ms = 10 * kHour;  // created this long before the clock's now
};

inline VideoSpec reel(std::vector<std::string> tags = {"misc"}) {
  VideoSpec spec;
  spec.tags = std::move(tags);
  spec.width = 1080, spec.height = 1920, spec.duration_ms = 30'000;
  return spec;
}

class FeedTestWorld {
 public:
  FeedTestWorld();
  ~FeedTestWorld();

  db::Database& db() { return *db_; }
  ManualClock& clock() { return clock_; }

  std::string add_user(const std::string& name);
  std::string add_video(const std::string& owner_id, const VideoSpec& spec = {});
  // A counted view `age_ms` before now (one per user and video).
  void add_view(const std::string& video_id, const std::string& user_id, Millis age_ms);
  void add_rating(const std::string& video_id, const std::string& user_id, bool like, Millis age_ms);
  void add_comment(const std::string& video_id, const std::string& user_id, Millis age_ms);
  void add_history(const std::string& user_id, const std::string& video_id, Millis age_ms);
  void set_stats(const std::string& video_id, double completion_sum, std::int64_t samples, std::int64_t rewatches);
  void subscribe(const std::string& subscriber_id, const std::string& channel_id);
  // A block row, as ChannelService::block writes it (without ending a subscription).
  void block(const std::string& user_id, const std::string& channel_id);
  // `count` views by fresh users, `age_ms` ago.
  void add_views(const std::string& video_id, int count, Millis age_ms);

 private:
  std::string dir_;
  ManualClock clock_{kStart};
  std::unique_ptr<db::Database> db_;
  int users_ = 0;
};

// A signed-in viewer with this id (feeds read only the id and the role).
inline accounts::Principal principal(const std::string& user_id) {
  return {user_id, "someone", accounts::Role::user, false};
}

// The ids of a page's videos, in order.
inline std::vector<std::string> ids_of(const videos::VideoPage& page) {
  std::vector<std::string> ids;
  for (const auto& video : page.items) ids.push_back(video.id);
  return ids;
}

}  // namespace marquee::feeds::testing
