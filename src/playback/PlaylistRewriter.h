#pragma once
// Carries a playback token into an HLS playlist: every URI line and every URI="…" attribute
// (EXT-X-MAP, EXT-X-MEDIA, EXT-X-I-FRAME-STREAM-INF) gets the token's query string, so a
// player that fetched a signed master playlist can fetch everything it references.
#include <string>
#include <string_view>

namespace marquee::playback {

std::string append_query_to_playlist(std::string_view playlist, std::string_view query);

}  // namespace marquee::playback
