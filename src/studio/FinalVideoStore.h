#pragma once
// The SQL of final videos (FinalVideos.h). Every read by owner names the owner.
#include <optional>
#include <string>
#include <vector>

#include "db/Database.h"
#include "studio/FinalVideos.h"

namespace marquee::studio {

class FinalVideoStore {
 public:
  explicit FinalVideoStore(db::Database& db) : db_(db) {}

  void insert(db::Connection& c, const FinalVideo& final_video);
  std::optional<FinalVideo> find(const std::string& final_id);
  std::optional<FinalVideo> find(const std::string& user_id, const std::string& final_id);
  std::vector<FinalVideo> of_project(const std::string& user_id, const std::string& project_id);
  // The account's compiles still queued or running.
  std::int64_t unsettled(const std::string& user_id);
  // Moves a queued or compiling one on; false when it is settled (or gone).
  bool set_progress(const std::string& final_id, FinalStatus status, double progress, Millis now);
  bool finish(const std::string& final_id, std::int64_t duration_ms, std::int64_t size_bytes, Millis now);
  bool fail(const std::string& final_id, const std::string& reason, Millis now);

 private:
  db::Database& db_;
};

}  // namespace marquee::studio
