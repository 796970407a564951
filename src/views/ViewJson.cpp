#include "views/ViewJson.h"

#include <boost/json/array.hpp>

#include "core/JsonPage.h"

#include "videos/VideoJson.h"

namespace marquee::views {

boost::json::object progress_json(const WatchProgress& progress, std::int64_t duration_ms) {
  boost::json::value last_watched =
      progress.last_watched_at > 0 ? boost::json::value(to_rfc3339(progress.last_watched_at)) : nullptr;
  return {
      {"video_id", progress.video_id},
      {"position_ms", progress.position_ms},
      {"watched_ms", progress.watched_ms},
      {"completion_ratio", completion_ratio(progress.max_position_ms, duration_ms)},
      {"rewatch_count", progress.rewatch_count},
      {"last_watched_at", std::move(last_watched)},
  };
}

boost::json::object history_page_json(const HistoryPage& page) {
  return json::page_json(page, [](const WatchedVideo& item) {
    return boost::json::object{{"video", videos::video_json(item.video)},
                               {"progress", progress_json(item.progress, item.video.duration_ms)}};
  });
}

boost::json::object history_settings_json(const HistorySettings& settings) { return {{"paused", settings.paused}}; }

}  // namespace marquee::views
