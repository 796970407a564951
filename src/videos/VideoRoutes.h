#pragma once
#include <cstdint>
#include <functional>
#include <string>
// HTTP face of video records under /api/videos: reads the request, asks VideoService,
// answers with video_json. No rules here beyond parsing.
#include "accounts/RequestAuth.h"
#include "http/Router.h"
#include "videos/VideoService.h"

namespace marquee::videos {

// `watching_now` (the realtime server's count of live player sessions of a video, on every
// node) is added to GET /api/videos/{id} when given.
void register_video_routes(http::Router& router, VideoService& videos, const accounts::RequestAuth& auth,
                           std::function<std::int64_t(const std::string&)> watching_now = {});

}  // namespace marquee::videos
