#pragma once
// The JSON of recommendation lists: each item is the listing shape of a video (VideoJson)
// plus "match" (0–100, or null where the list is not a match) and "match_label" ("87% match",
// or null under 50: such scores are not shown as a percentage), in the page shape of every
// list ({"items", "next_cursor"}).
#include <boost/json/object.hpp>

#include "recs/RecsService.h"

namespace marquee::recs {

boost::json::object recommended_video_json(const RecommendedVideo& item);
boost::json::object recs_page_json(const RecsPage& page);
boost::json::object recs_status_json(const RecsStatus& status);

}  // namespace marquee::recs
