#include "videos/VideoJson.h"

#include <boost/json/array.hpp>

#include "core/JsonPage.h"

namespace marquee::videos {

std::string media_url(const std::string& video_id, const std::string& relative) {
  return "/media/videos/" + video_id + "/" + relative;
}

boost::json::object video_json(const Video& video) {
  boost::json::array tags;
  for (const auto& tag : video.tags) tags.emplace_back(tag);
  boost::json::array renditions;
  for (const auto& r : video.renditions) {
    renditions.push_back({{"name", r.name},
                          {"width", r.width},
                          {"height", r.height},
                          {"bitrate", r.bandwidth},
                          {"average_bitrate", r.average_bandwidth},
                          {"codecs", r.codecs},
                          {"playlist_url", media_url(video.id, "hls/" + r.playlist)}});
  }
  // Images of private and held videos are reachable only through signed playback URLs (an adult
  // video's, only by browsers past the age gate: docs/moderation.md).
  bool open_images = video.has_poster && video.visibility != Visibility::private_ && video.moderation == Moderation::none;
  boost::json::value poster = open_images ? boost::json::value(media_url(video.id, "thumbs/poster.jpg")) : nullptr;
  boost::json::value thumbnail = open_images ? boost::json::value(media_url(video.id, "thumbs/thumb.jpg")) : nullptr;
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
      {"progress", video.progress},
      {"failure_reason", video.status == VideoStatus::failed ? boost::json::value(video.failure_reason) : nullptr},
      {"renditions", std::move(renditions)},
      {"poster_url", std::move(poster)},
      {"thumbnail_url", std::move(thumbnail)},
      // Only its owner and moderators ever see a held or removed video.
      {"moderation", video.moderation == Moderation::none
                         ? boost::json::value(nullptr)
                         : boost::json::value({{"state", moderation_name(video.moderation)},
                                               {"reason", video.moderation_reason}})},
  };
}

boost::json::object video_page_json(const VideoPage& page) { return json::page_json(page, video_json); }

}  // namespace marquee::videos
