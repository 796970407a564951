#pragma once
// HTTP face of video records under /api/videos: reads the request, asks VideoService,
// answers with video_json. No rules here beyond parsing.
#include "accounts/RequestAuth.h"
#include "http/Router.h"
#include "videos/VideoService.h"

namespace marquee::videos {

void register_video_routes(http::Router& router, VideoService& videos, const accounts::RequestAuth& auth);

}  // namespace marquee::videos
