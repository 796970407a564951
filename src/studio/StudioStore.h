#pragma once
// The SQL of studio projects and clips. Knows tables, not rules: StudioService decides who
// may do what. Every query names the owner, so a row of another account is never found.
//
// Order: a clip's `position` is 0…n-1 within its project. Every change to a project's clips
// first locks the project (PostgreSQL: its row, SELECT … FOR UPDATE; SQLite: the single
// writer), so adds, deletes and reorders apply one after another.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/TimeCursor.h"
#include "db/Database.h"
#include "studio/Studio.h"

namespace marquee::studio {

class StudioStore {
 public:
  explicit StudioStore(db::Database& db) : db_(db) {}

  db::Database& database() { return db_; }

  void insert_project(db::Connection& c, const Project& project);
  std::optional<Project> find_project(const std::string& user_id, const std::string& project_id);
  std::vector<Project> list_projects(const std::string& user_id, const std::optional<TimeCursor>& after, int limit);
  // Title, status, music and updated_at. False when it is gone.
  bool update_project(const Project& project);
  bool delete_project(const std::string& user_id, const std::string& project_id);
  // Locks the project for the transaction; nullopt when it is not the user's.
  std::optional<Project> lock_project(db::Connection& c, const std::string& user_id, const std::string& project_id);
  std::vector<std::string> project_ids_of(const std::string& user_id);

  void insert_clip(db::Connection& c, const Clip& clip);  // at the end of its project
  std::optional<Clip> find_clip(const std::string& user_id, const std::string& clip_id);
  std::optional<Clip> find_clip(db::Connection& c, const std::string& clip_id);
  std::vector<Clip> list_clips(const std::string& user_id, const std::string& project_id);
  std::vector<Clip> list_clips(db::Connection& c, const std::string& project_id);
  // Positions 0…n-1 in the order given (every clip of the project, each once).
  void set_order(db::Connection& c, const std::string& project_id, const std::vector<std::string>& clip_ids);
  bool set_approved(const std::string& user_id, const std::string& clip_id, bool approved, Millis now);
  // The clip's next generation: status generating, with these choices and cost.
  void start_generation(db::Connection& c, const Clip& clip);
  // Only while the clip is still generating `generation` (a newer one, or a delete, wins).
  bool finish_generation(const std::string& clip_id, std::int64_t generation, std::int64_t bytes,
                         std::int64_t duration_ms, Millis now);
  bool fail_generation(const std::string& clip_id, std::int64_t generation, const std::string& reason, Millis now);
  // Removes the clip and closes the gap it leaves.
  bool delete_clip(db::Connection& c, const Clip& clip);

 private:
  db::Database& db_;
};

}  // namespace marquee::studio
