#include "videos/VideoJson.h"

#include <boost/json/array.hpp>

namespace marquee::videos {

boost::json::object video_json(const Video& video) {
  boost::json::array tags;
  for (const auto& tag : video.tags) tags.emplace_back(tag);
  return {
      {"id", video.id},
      {"owner", {{"id", video.owner_id}, {"username", video.owner_username}}},
      {"title", video.title},
      {"description", video.description},
      {"tags", std::move(tags)},
      {"category", video.category},
      {"visibility", visibility_name(video.visibility)},
      {"is_premium", video.is_premium},
      {"is_adult", video.is_adult},
      {"status", status_name(video.status)},
      {"duration_ms", video.duration_ms},
      {"width", video.width},
      {"height", video.height},
      {"views_count", video.views_count},
      {"likes_count", video.likes_count},
      {"dislikes_count", video.dislikes_count},
      {"comments_count", video.comments_count},
      {"created_at", to_rfc3339(video.created_at)},
      {"updated_at", to_rfc3339(video.updated_at)},
  };
}

}  // namespace marquee::videos
