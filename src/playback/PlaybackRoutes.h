#pragma once
// GET /api/videos/{id}/playback (what a player needs, signed when required) and
// GET /media/videos/{id}/{file*} (Marquee as the HLS origin: playlists, segments, images).
#include <chrono>
#include <string>

#include "accounts/RequestAuth.h"
#include "http/Router.h"
#include "playback/MediaFiles.h"
#include "playback/PlaybackService.h"

namespace marquee::playback {

// How segments and images reach players (playback.delivery). Playlists always come from
// Marquee: they are signed and rewritten per request.
struct DeliveryOptions {
  bool redirect = false;         // 302 to the store (presigned) or to cdn_base_url
  std::string cdn_base_url;      // public media only; "" presigns
  std::chrono::seconds presigned_ttl{3600};
};

void register_playback_routes(http::Router& router, PlaybackService& playback, const MediaFiles& files,
                              const accounts::RequestAuth& auth, DeliveryOptions delivery = {});

}  // namespace marquee::playback
