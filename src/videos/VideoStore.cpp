#include "videos/VideoStore.h"

#include "core/Text.h"
#include "videos/VideoRow.h"

namespace marquee::videos {
namespace {

const std::string kSelectVideo = std::string("SELECT ") + kVideoColumns + " FROM videos v JOIN users u ON u.id = v.owner_id";

std::optional<Video> find_in(db::Connection& c, const std::string& id) {
  auto result = c.exec(std::string(kSelectVideo) + " WHERE v.id = ?", {id});
  if (result.empty()) return std::nullopt;
  return video_from_row(result.front());
}

void insert_tags(db::Connection& c, const std::string& video_id, const std::vector<std::string>& tags) {
  for (const auto& tag : tags) {
    c.exec("INSERT INTO video_tags (video_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING", {video_id, tag});
  }
}

}  // namespace

std::optional<std::string> VideoStore::insert(const Video& v) {
  return db_.write([&](db::Connection& c) -> std::optional<std::string> {
    auto owner = c.exec("SELECT username FROM users WHERE id = ?", {v.owner_id});
    if (owner.empty()) return std::nullopt;
    c.exec(
        "INSERT INTO videos (id, owner_id, title, description, tags_json, category, visibility, is_premium, "
        "is_adult, status, failure_reason, duration_ms, width, height, views_count, likes_count, dislikes_count, "
        "comments_count, created_at, updated_at, moderation, moderation_reason) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {v.id, v.owner_id, v.title, v.description, tags_column(v.tags), v.category,
         std::string(visibility_name(v.visibility)), std::int64_t{v.is_premium}, std::int64_t{v.is_adult},
         std::string(status_name(v.status)), v.failure_reason, v.duration_ms, v.width, v.height, v.views_count,
         v.likes_count, v.dislikes_count, v.comments_count, v.created_at, v.updated_at,
         std::string(moderation_name(v.moderation)), v.moderation_reason});
    insert_tags(c, v.id, v.tags);
    return owner.front().str("username");
  });
}

bool VideoStore::set_status(const std::string& id, VideoStatus status, const std::string& failure_reason, Millis now) {
  return db_.execute("UPDATE videos SET status = ?, failure_reason = ?, updated_at = ? WHERE id = ?",
                     {std::string(status_name(status)), failure_reason, now, id})
             .affected_rows() == 1;
}

std::optional<std::string> VideoStore::mark_published(const std::string& id, Millis now) {
  auto result = db_.execute(
      "UPDATE videos SET published_at = ? WHERE id = ? AND published_at IS NULL AND visibility = ? "
      "AND status IN (?, ?) AND moderation = '' RETURNING owner_id",
      {now, id, std::string(visibility_name(Visibility::public_)), std::string(status_name(VideoStatus::playable)),
       std::string(status_name(VideoStatus::ready))});
  if (result.empty()) return std::nullopt;
  return result.front().str("owner_id");
}

bool VideoStore::set_progress(const std::string& id, int percent, Millis now) {
  return db_.execute("UPDATE videos SET progress = ?, updated_at = ? WHERE id = ?", {std::int64_t{percent}, now, id})
             .affected_rows() == 1;
}

void VideoStore::save_media(const std::string& id, const MediaFacts& facts, Millis now) {
  db_.write([&](db::Connection& c) {
    c.exec(
        "UPDATE videos SET duration_ms = ?, width = ?, height = ?, has_poster = ?, has_storyboard = ?, "
        "updated_at = ? WHERE id = ?",
        {facts.duration_ms, facts.width, facts.height, std::int64_t{facts.has_poster}, std::int64_t{facts.has_storyboard},
         now, id});
    c.exec("DELETE FROM renditions WHERE video_id = ?", {id});
    for (const auto& r : facts.renditions) {
      c.exec(
          "INSERT INTO renditions (video_id, name, width, height, bandwidth, average_bandwidth, codecs, playlist) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          {id, r.name, r.width, r.height, r.bandwidth, r.average_bandwidth, r.codecs, r.playlist});
    }
  });
}

bool VideoStore::set_source_bytes(const std::string& id, std::int64_t bytes, Millis now) {
  return db_.execute("UPDATE videos SET source_bytes = ?, updated_at = ? WHERE id = ?", {bytes, now, id})
             .affected_rows() == 1;
}

std::optional<VideoAccess> VideoStore::access(const std::string& id) {
  auto result = db_.query(
      "SELECT owner_id, visibility, is_premium, is_adult, status, moderation FROM videos WHERE id = ?", {id});
  if (result.empty()) return std::nullopt;
  auto row = result.front();
  return VideoAccess{row.str("owner_id"), parse_visibility(row.str("visibility")).value_or(Visibility::private_),
                     row.boolean("is_premium"), parse_status(row.str("status")).value_or(VideoStatus::failed),
                     row.boolean("is_adult"), parse_moderation(row.str("moderation"))};
}

bool VideoStore::set_moderation(const std::string& id, Moderation state, const std::string& reason,
                                const std::string& action_id, Millis now) {
  return db_.execute(
                "UPDATE videos SET moderation = ?, moderation_reason = ?, moderation_action_id = ?, "
                "moderated_at = ? WHERE id = ?",
                {std::string(moderation_name(state)), reason,
                 db::null_if_empty(action_id), now, id})
             .affected_rows() == 1;
}

void VideoStore::set_age_restriction(const std::string& id, bool restricted, Millis now) {
  db_.execute("UPDATE videos SET is_adult = ?, adult_locked = ?, updated_at = ? WHERE id = ?",
              {std::int64_t{restricted}, std::int64_t{restricted}, now, id});
}

std::vector<std::string> VideoStore::ids_moderated_by(const std::string& action_id) {
  std::vector<std::string> ids;
  for (auto row : db_.query("SELECT id FROM videos WHERE moderation_action_id = ? ORDER BY id", {action_id})) {
    ids.push_back(row.str("id"));
  }
  return ids;
}

std::optional<Video> VideoStore::find(const std::string& id) {
  return db_.read([&](db::Connection& c) {
    auto video = find_in(c, id);
    if (video) {
      for (auto row : c.exec("SELECT name, width, height, bandwidth, average_bandwidth, codecs, playlist "
                             "FROM renditions WHERE video_id = ? ORDER BY height DESC, name",
                             {id})) {
        video->renditions.push_back({row.str("name"), row.i64("width"), row.i64("height"), row.i64("bandwidth"),
                                     row.i64("average_bandwidth"), row.str("codecs"), row.str("playlist")});
      }
    }
    return video;
  });
}

std::optional<Video> VideoStore::modify(const std::string& id, const std::function<void(Video&)>& edit) {
  return db_.write([&](db::Connection& c) -> std::optional<Video> {
    auto video = find_in(c, id);
    if (!video) return std::nullopt;
    const std::vector<std::string> tags_before = video->tags;
    edit(*video);
    c.exec(
        "UPDATE videos SET title = ?, description = ?, tags_json = ?, category = ?, visibility = ?, is_premium = ?, "
        "is_adult = ?, updated_at = ? WHERE id = ?",
        {video->title, video->description, tags_column(video->tags), video->category,
         std::string(visibility_name(video->visibility)), std::int64_t{video->is_premium},
         std::int64_t{video->is_adult}, video->updated_at, id});
    if (video->tags != tags_before) {
      c.exec("DELETE FROM video_tags WHERE video_id = ?", {id});
      insert_tags(c, id, video->tags);
    }
    return video;
  });
}

bool VideoStore::remove(const std::string& id, const std::function<void(const Video&)>& approve) {
  return db_.write([&](db::Connection& c) {
    auto video = find_in(c, id);
    if (!video) return false;
    approve(*video);
    c.exec("DELETE FROM videos WHERE id = ?", {id});
    return true;
  });
}

std::vector<Video> VideoStore::list(const VideoListFilter& filter) {
  std::string sql = kSelectVideo;
  std::vector<db::Value> params;
  if (filter.tag) {
    sql += " JOIN video_tags t ON t.video_id = v.id AND t.tag = ?";
    params.emplace_back(*filter.tag);
  }
  std::vector<std::string> conditions;
  if (filter.owner_id) {
    conditions.emplace_back("v.owner_id = ?");
    params.emplace_back(*filter.owner_id);
  }
  if (filter.public_and_published_only) {
    conditions.emplace_back("v.visibility = ? AND v.status IN (?, ?) AND v.moderation = ''");
    params.emplace_back(std::string(visibility_name(Visibility::public_)));
    params.emplace_back(std::string(status_name(VideoStatus::playable)));
    params.emplace_back(std::string(status_name(VideoStatus::ready)));
  }
  if (!filter.include_adult) conditions.emplace_back("NOT v.is_adult");
  if (filter.after) {
    conditions.emplace_back("(v.created_at < ? OR (v.created_at = ? AND v.id < ?))");
    params.emplace_back(filter.after->created_at);
    params.emplace_back(filter.after->created_at);
    params.emplace_back(filter.after->id);
  }
  for (std::size_t i = 0; i < conditions.size(); ++i) sql += (i == 0 ? " WHERE " : " AND ") + conditions[i];
  sql += " ORDER BY v.created_at DESC, v.id DESC LIMIT ?";
  params.emplace_back(std::int64_t{filter.limit});

  return db_.read([&](db::Connection& c) {
    std::vector<Video> videos;
    for (auto row : c.exec(sql, params)) videos.push_back(video_from_row(row));
    return videos;
  });
}

std::vector<std::string> VideoStore::ids_of_owner(const std::string& owner_id) {
  std::vector<std::string> ids;
  for (auto row : db_.query("SELECT id FROM videos WHERE owner_id = ? ORDER BY id", {owner_id})) {
    ids.push_back(row.str("id"));
  }
  return ids;
}

std::optional<std::string> VideoStore::find_user_id_by_username(const std::string& username) {
  auto result = db_.query("SELECT id FROM users WHERE username_key = ?", {text::lower_ascii(username)});
  if (result.empty()) return std::nullopt;
  return result.front().str("id");
}

}  // namespace marquee::videos
