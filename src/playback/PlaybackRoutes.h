#pragma once
// GET /api/videos/{id}/playback (what a player needs, signed when required) and
// GET /media/videos/{id}/{file*} (Marquee as the HLS origin: playlists, segments, images).
#include "accounts/RequestAuth.h"
#include "http/Router.h"
#include "playback/MediaFiles.h"
#include "playback/PlaybackService.h"

namespace marquee::playback {

void register_playback_routes(http::Router& router, PlaybackService& playback, const MediaFiles& files,
                              const accounts::RequestAuth& auth);

}  // namespace marquee::playback
