#include "recs/RecsJson.h"

#include "core/JsonPage.h"
#include "recs/MatchScore.h"
#include "videos/VideoJson.h"

namespace marquee::recs {

boost::json::object recommended_video_json(const RecommendedVideo& item) {
  boost::json::object out = videos::video_json(item.video);
  out["match"] = item.match ? boost::json::value(*item.match) : boost::json::value(nullptr);
  const auto label = item.match ? match_label(*item.match) : std::nullopt;
  out["match_label"] = label ? boost::json::value(*label) : boost::json::value(nullptr);
  return out;
}

boost::json::object recs_page_json(const RecsPage& page) { return json::page_json(page, recommended_video_json); }

boost::json::object recs_status_json(const RecsStatus& status) {
  return {{"indexed_videos", status.indexed_videos}, {"cowatched_videos", status.cowatched_videos}};
}

}  // namespace marquee::recs
