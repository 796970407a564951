#pragma once
// The JSON of watch progress and history pages. History items carry the shared video_json
// shape, so a client renders them like any other list of videos.
#include <boost/json/object.hpp>

#include "views/ViewService.h"

namespace marquee::views {

// {video_id, position_ms, watched_ms, completion_ratio, rewatch_count, last_watched_at}
boost::json::object progress_json(const WatchProgress& progress, std::int64_t duration_ms);
// {items: [{video, progress}], next_cursor}
boost::json::object history_page_json(const HistoryPage& page);
boost::json::object history_settings_json(const HistorySettings& settings);

}  // namespace marquee::views
