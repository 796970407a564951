#include "studio/FinalVideoStore.h"

namespace marquee::studio {
namespace {

constexpr const char* kColumns =
    "id, project_id, user_id, status, progress, recipe, duration_ms, size_bytes, failure_reason, video_id, created_at, "
    "updated_at";

FinalStatus status_of(const std::string& name) {
  for (auto s : {FinalStatus::queued, FinalStatus::compiling, FinalStatus::ready, FinalStatus::failed}) {
    if (final_status_name(s) == name) return s;
  }
  return FinalStatus::failed;
}

FinalVideo final_from(const db::Row& row) {
  FinalVideo f;
  f.id = row.str("id");
  f.project_id = row.str("project_id");
  f.user_id = row.str("user_id");
  f.status = status_of(row.str("status"));
  f.progress = row.f64("progress");
  f.recipe = row.str("recipe");
  f.duration_ms = row.i64("duration_ms");
  f.size_bytes = row.i64("size_bytes");
  f.failure_reason = row.str("failure_reason");
  f.video_id = row.str("video_id");
  f.created_at = row.i64("created_at");
  f.updated_at = row.i64("updated_at");
  return f;
}

std::string status_text(FinalStatus status) { return std::string(final_status_name(status)); }

}  // namespace

void FinalVideoStore::insert(db::Connection& c, const FinalVideo& f) {
  c.exec("INSERT INTO studio_final_videos (id, project_id, user_id, status, progress, recipe, video_id, created_at, "
         "updated_at) VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?)",
         {f.id, f.project_id, f.user_id, status_text(f.status), f.recipe, db::null_if_empty(f.video_id), f.created_at,
          f.updated_at});
}

std::optional<FinalVideo> FinalVideoStore::find(const std::string& final_id) {
  auto rows = db_.query(std::string("SELECT ") + kColumns + " FROM studio_final_videos WHERE id = ?", {final_id});
  if (rows.empty()) return std::nullopt;
  return final_from(rows.front());
}

std::optional<FinalVideo> FinalVideoStore::find(const std::string& user_id, const std::string& final_id) {
  auto rows = db_.query(std::string("SELECT ") + kColumns + " FROM studio_final_videos WHERE id = ? AND user_id = ?",
                        {final_id, user_id});
  if (rows.empty()) return std::nullopt;
  return final_from(rows.front());
}

std::vector<FinalVideo> FinalVideoStore::of_project(const std::string& user_id, const std::string& project_id) {
  std::vector<FinalVideo> out;
  for (auto row : db_.query(std::string("SELECT ") + kColumns +
                                " FROM studio_final_videos WHERE project_id = ? AND user_id = ? "
                                "ORDER BY created_at DESC, id DESC LIMIT 100",
                            {project_id, user_id})) {
    out.push_back(final_from(row));
  }
  return out;
}

std::int64_t FinalVideoStore::unsettled(const std::string& user_id) {
  return db_.query("SELECT COUNT(*) AS n FROM studio_final_videos WHERE user_id = ? AND status IN (?, ?)",
                   {user_id, status_text(FinalStatus::queued), status_text(FinalStatus::compiling)})
      .front()
      .i64("n");
}

bool FinalVideoStore::set_progress(const std::string& final_id, FinalStatus status, double progress, Millis now) {
  return db_.execute("UPDATE studio_final_videos SET status = ?, progress = ?, updated_at = ? "
                     "WHERE id = ? AND status IN (?, ?)",
                     {status_text(status), progress, now, final_id, status_text(FinalStatus::queued),
                      status_text(FinalStatus::compiling)})
             .affected_rows() == 1;
}

bool FinalVideoStore::finish(const std::string& final_id, std::int64_t duration_ms, std::int64_t size_bytes,
                             Millis now) {
  return db_.execute("UPDATE studio_final_videos SET status = ?, progress = 1, duration_ms = ?, size_bytes = ?, "
                     "updated_at = ? WHERE id = ? AND status = ?",
                     {status_text(FinalStatus::ready), duration_ms, size_bytes, now, final_id,
                      status_text(FinalStatus::compiling)})
             .affected_rows() == 1;
}

bool FinalVideoStore::fail(const std::string& final_id, const std::string& reason, Millis now) {
  return db_.execute("UPDATE studio_final_videos SET status = ?, failure_reason = ?, updated_at = ? "
                     "WHERE id = ? AND status IN (?, ?)",
                     {status_text(FinalStatus::failed), reason, now, final_id, status_text(FinalStatus::queued),
                      status_text(FinalStatus::compiling)})
             .affected_rows() == 1;
}

}  // namespace marquee::studio
