#include "videos/VideoRow.h"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace marquee::videos {

const char* const kVideoColumns =
    "v.id AS id, v.owner_id AS owner_id, u.username AS owner_username, v.title AS title, "
    "v.description AS description, v.tags_json AS tags_json, v.category AS category, v.visibility AS visibility, "
    "v.is_premium AS is_premium, v.is_adult AS is_adult, v.status AS status, v.failure_reason AS failure_reason, "
    "v.duration_ms AS duration_ms, v.width AS width, v.height AS height, v.views_count AS views_count, "
    "v.likes_count AS likes_count, v.dislikes_count AS dislikes_count, v.comments_count AS comments_count, "
    "v.created_at AS created_at, v.updated_at AS updated_at, v.progress AS progress, v.has_poster AS has_poster, "
    "v.has_storyboard AS has_storyboard, v.moderation AS moderation, v.moderation_reason AS moderation_reason, "
    "v.moderation_action_id AS moderation_action_id, v.adult_locked AS adult_locked";

std::string tags_column(const std::vector<std::string>& tags) {
  boost::json::array array;
  for (const auto& tag : tags) array.emplace_back(tag);
  return boost::json::serialize(array);
}

std::vector<std::string> tags_from_column(const std::string& stored) {
  std::vector<std::string> tags;
  boost::system::error_code ec;
  auto value = boost::json::parse(stored, ec);
  if (ec || !value.is_array()) return tags;
  for (const auto& item : value.get_array()) {
    if (item.is_string()) tags.emplace_back(item.get_string());
  }
  return tags;
}

Video video_from_row(const db::Row& row) {
  Video v;
  v.id = row.str("id");
  v.owner_id = row.str("owner_id");
  v.owner_username = row.str("owner_username");
  v.title = row.str("title");
  v.description = row.str("description");
  v.tags = tags_from_column(row.str("tags_json"));
  v.category = row.str("category");
  v.visibility = parse_visibility(row.str("visibility")).value_or(Visibility::private_);
  v.is_premium = row.boolean("is_premium");
  v.is_adult = row.boolean("is_adult");
  v.status = parse_status(row.str("status")).value_or(VideoStatus::failed);
  v.failure_reason = row.str("failure_reason");
  v.duration_ms = row.i64("duration_ms");
  v.width = row.i64("width");
  v.height = row.i64("height");
  v.views_count = row.i64("views_count");
  v.likes_count = row.i64("likes_count");
  v.dislikes_count = row.i64("dislikes_count");
  v.comments_count = row.i64("comments_count");
  v.created_at = row.i64("created_at");
  v.updated_at = row.i64("updated_at");
  v.progress = static_cast<int>(row.i64("progress"));
  v.has_poster = row.boolean("has_poster");
  v.has_storyboard = row.boolean("has_storyboard");
  v.moderation = parse_moderation(row.str("moderation"));
  v.moderation_reason = row.str("moderation_reason");
  v.moderation_action_id = row.str("moderation_action_id");
  v.adult_locked = row.boolean("adult_locked");
  return v;
}

const std::string& listed_condition() {
  static const std::string condition =
      "v.visibility = '" + std::string(visibility_name(Visibility::public_)) + "' AND v.status IN ('" +
      std::string(status_name(VideoStatus::playable)) + "', '" + std::string(status_name(VideoStatus::ready)) + "') AND v.moderation = ''";
  return condition;
}

}  // namespace marquee::videos
