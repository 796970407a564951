#include "studio/StudioStore.h"

namespace marquee::studio {
namespace {

constexpr const char* kProjectColumns =
    "p.id AS id, p.user_id AS user_id, p.title AS title, p.status AS status, p.music_track_id AS music_track_id, "
    "p.width AS width, p.height AS height, p.frame_rate AS frame_rate, p.created_at AS created_at, "
    "p.updated_at AS updated_at, (SELECT COUNT(*) FROM studio_clips k WHERE k.project_id = p.id) AS clip_count";

constexpr const char* kClipColumns =
    "id, project_id, user_id, position, status, approved, motion, easing, prompt, duration_ms, image_width, "
    "image_height, generation, cost, generator, failure_reason, video_bytes, video_duration_ms, created_at, updated_at";

Project project_from(const db::Row& row) {
  Project p;
  p.id = row.str("id");
  p.user_id = row.str("user_id");
  p.title = row.str("title");
  p.status = parse_project_status(row.str("status")).value_or(ProjectStatus::in_progress);
  p.music_track_id = row.str("music_track_id");
  p.width = static_cast<int>(row.i64("width"));
  p.height = static_cast<int>(row.i64("height"));
  p.frame_rate = static_cast<int>(row.i64("frame_rate"));
  p.clip_count = row.i64("clip_count");
  p.created_at = row.i64("created_at");
  p.updated_at = row.i64("updated_at");
  return p;
}

Clip clip_from(const db::Row& row) {
  Clip k;
  k.id = row.str("id");
  k.project_id = row.str("project_id");
  k.user_id = row.str("user_id");
  k.position = row.i64("position");
  k.status = parse_clip_status(row.str("status")).value_or(ClipStatus::failed);
  k.approved = row.boolean("approved");
  k.motion = parse_motion(row.str("motion")).value_or(Motion::zoom_in);
  k.easing = parse_easing(row.str("easing")).value_or(Easing::ease_in_out);
  k.prompt = row.str("prompt");
  k.duration_ms = row.i64("duration_ms");
  k.image_width = static_cast<int>(row.i64("image_width"));
  k.image_height = static_cast<int>(row.i64("image_height"));
  k.generation = row.i64("generation");
  k.cost = row.i64("cost");
  k.generator = row.str("generator");
  k.failure_reason = row.str("failure_reason");
  k.video_bytes = row.i64("video_bytes");
  k.video_duration_ms = row.i64("video_duration_ms");
  k.created_at = row.i64("created_at");
  k.updated_at = row.i64("updated_at");
  return k;
}

std::vector<Clip> clips_of(const db::Result& result) {
  std::vector<Clip> clips;
  for (auto row : result) clips.push_back(clip_from(row));
  return clips;
}

}  // namespace

void StudioStore::insert_project(db::Connection& c, const Project& p) {
  c.exec("INSERT INTO studio_projects (id, user_id, title, status, music_track_id, width, height, frame_rate, "
         "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
         {p.id, p.user_id, p.title, std::string(project_status_name(p.status)), db::null_if_empty(p.music_track_id),
          std::int64_t{p.width}, std::int64_t{p.height}, std::int64_t{p.frame_rate}, p.created_at, p.updated_at});
}

std::optional<Project> StudioStore::find_project(const std::string& user_id, const std::string& project_id) {
  auto rows = db_.query(std::string("SELECT ") + kProjectColumns + " FROM studio_projects p WHERE p.id = ? AND p.user_id = ?",
                        {project_id, user_id});
  if (rows.empty()) return std::nullopt;
  return project_from(rows.front());
}

std::vector<Project> StudioStore::list_projects(const std::string& user_id, const std::optional<TimeCursor>& after,
                                                int limit) {
  std::string sql = std::string("SELECT ") + kProjectColumns + " FROM studio_projects p WHERE p.user_id = ?";
  std::vector<db::Value> params{user_id};
  if (after) {
    sql += " AND (p.created_at < ? OR (p.created_at = ? AND p.id < ?))";
    params.insert(params.end(), {after->at, after->at, after->id});
  }
  sql += " ORDER BY p.created_at DESC, p.id DESC LIMIT ?";
  params.emplace_back(std::int64_t{limit});
  std::vector<Project> projects;
  for (auto row : db_.query(sql, params)) projects.push_back(project_from(row));
  return projects;
}

bool StudioStore::update_project(const Project& p) {
  return db_.execute("UPDATE studio_projects SET title = ?, status = ?, music_track_id = ?, updated_at = ? "
                     "WHERE id = ? AND user_id = ?",
                     {p.title, std::string(project_status_name(p.status)), db::null_if_empty(p.music_track_id),
                      p.updated_at, p.id, p.user_id})
             .affected_rows() == 1;
}

bool StudioStore::delete_project(const std::string& user_id, const std::string& project_id) {
  return db_.execute("DELETE FROM studio_projects WHERE id = ? AND user_id = ?", {project_id, user_id})
             .affected_rows() == 1;
}

std::optional<Project> StudioStore::lock_project(db::Connection& c, const std::string& user_id,
                                                 const std::string& project_id) {
  std::string sql = std::string("SELECT ") + kProjectColumns + " FROM studio_projects p WHERE p.id = ? AND p.user_id = ?";
  if (db_.dialect() == db::Dialect::postgres) sql += " FOR UPDATE OF p";
  auto rows = c.exec(sql, {project_id, user_id});
  if (rows.empty()) return std::nullopt;
  return project_from(rows.front());
}

std::vector<std::string> StudioStore::project_ids_of(const std::string& user_id) {
  std::vector<std::string> ids;
  for (auto row : db_.query("SELECT id FROM studio_projects WHERE user_id = ?", {user_id})) ids.push_back(row.str("id"));
  return ids;
}

void StudioStore::insert_clip(db::Connection& c, const Clip& k) {
  c.exec("INSERT INTO studio_clips (id, project_id, user_id, position, status, approved, motion, easing, prompt, "
         "duration_ms, image_width, image_height, generation, cost, generator, created_at, updated_at) "
         "VALUES (?, ?, ?, (SELECT COUNT(*) FROM studio_clips WHERE project_id = ?), ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
         {k.id, k.project_id, k.user_id, k.project_id, std::string(clip_status_name(k.status)),
          std::string(motion_name(k.motion)), std::string(easing_name(k.easing)), k.prompt, k.duration_ms,
          std::int64_t{k.image_width}, std::int64_t{k.image_height}, k.generation, k.cost, k.generator, k.created_at,
          k.updated_at});
}

std::optional<Clip> StudioStore::find_clip(const std::string& user_id, const std::string& clip_id) {
  auto rows = db_.query(std::string("SELECT ") + kClipColumns + " FROM studio_clips WHERE id = ? AND user_id = ?",
                        {clip_id, user_id});
  if (rows.empty()) return std::nullopt;
  return clip_from(rows.front());
}

std::optional<Clip> StudioStore::find_clip(db::Connection& c, const std::string& clip_id) {
  auto rows = c.exec(std::string("SELECT ") + kClipColumns + " FROM studio_clips WHERE id = ?", {clip_id});
  if (rows.empty()) return std::nullopt;
  return clip_from(rows.front());
}

std::vector<Clip> StudioStore::list_clips(const std::string& user_id, const std::string& project_id) {
  return clips_of(db_.query(std::string("SELECT ") + kClipColumns +
                                " FROM studio_clips WHERE project_id = ? AND user_id = ? ORDER BY position, id",
                            {project_id, user_id}));
}

std::vector<Clip> StudioStore::list_clips(db::Connection& c, const std::string& project_id) {
  return clips_of(c.exec(std::string("SELECT ") + kClipColumns +
                             " FROM studio_clips WHERE project_id = ? ORDER BY position, id",
                         {project_id}));
}

void StudioStore::set_order(db::Connection& c, const std::string& project_id, const std::vector<std::string>& clip_ids) {
  for (std::size_t i = 0; i < clip_ids.size(); ++i) {
    c.exec("UPDATE studio_clips SET position = ? WHERE id = ? AND project_id = ?",
           {static_cast<std::int64_t>(i), clip_ids[i], project_id});
  }
}

bool StudioStore::set_approved(const std::string& user_id, const std::string& clip_id, bool approved, Millis now) {
  return db_.execute("UPDATE studio_clips SET approved = ?, updated_at = ? WHERE id = ? AND user_id = ?",
                     {std::int64_t{approved ? 1 : 0}, now, clip_id, user_id})
             .affected_rows() == 1;
}

void StudioStore::start_generation(db::Connection& c, const Clip& k) {
  c.exec("UPDATE studio_clips SET status = ?, approved = 0, motion = ?, easing = ?, prompt = ?, duration_ms = ?, "
         "generation = ?, cost = ?, generator = ?, failure_reason = NULL, video_bytes = NULL, video_duration_ms = NULL, "
         "updated_at = ? WHERE id = ?",
         {std::string(clip_status_name(ClipStatus::generating)), std::string(motion_name(k.motion)),
          std::string(easing_name(k.easing)), k.prompt, k.duration_ms, k.generation, k.cost, k.generator, k.updated_at,
          k.id});
}

bool StudioStore::finish_generation(const std::string& clip_id, std::int64_t generation, std::int64_t bytes,
                                    std::int64_t duration_ms, Millis now) {
  return db_.execute("UPDATE studio_clips SET status = ?, video_bytes = ?, video_duration_ms = ?, updated_at = ? "
                     "WHERE id = ? AND generation = ? AND status = ?",
                     {std::string(clip_status_name(ClipStatus::ready)), bytes, duration_ms, now, clip_id, generation,
                      std::string(clip_status_name(ClipStatus::generating))})
             .affected_rows() == 1;
}

bool StudioStore::fail_generation(const std::string& clip_id, std::int64_t generation, const std::string& reason,
                                  Millis now) {
  return db_.execute("UPDATE studio_clips SET status = ?, failure_reason = ?, updated_at = ? "
                     "WHERE id = ? AND generation = ? AND status = ?",
                     {std::string(clip_status_name(ClipStatus::failed)), reason, now, clip_id, generation,
                      std::string(clip_status_name(ClipStatus::generating))})
             .affected_rows() == 1;
}

bool StudioStore::delete_clip(db::Connection& c, const Clip& clip) {
  if (c.exec("DELETE FROM studio_clips WHERE id = ?", {clip.id}).affected_rows() != 1) return false;
  c.exec("UPDATE studio_clips SET position = position - 1 WHERE project_id = ? AND position > ?",
         {clip.project_id, clip.position});
  return true;
}

}  // namespace marquee::studio
