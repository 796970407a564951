#pragma once
// The one JSON shape of a video, shared by every route that returns videos (this feature,
// feeds, search), so clients see the same fields everywhere.
#include <boost/json/object.hpp>

#include "videos/Video.h"

namespace marquee::videos {

boost::json::object video_json(const Video& video);
// A page of videos in the listing shape of core/JsonPage.h.
boost::json::object video_page_json(const VideoPage& page);
// The path of a media file of a video: /media/videos/{id}/{relative}.
std::string media_url(const std::string& video_id, const std::string& relative);

}  // namespace marquee::videos
