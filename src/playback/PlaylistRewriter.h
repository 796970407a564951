#pragma once
// Carries a playback token into an HLS playlist: every URI line and every URI="…" attribute
// (EXT-X-MAP, EXT-X-MEDIA, EXT-X-I-FRAME-STREAM-INF) gets the token's query string, so a
// player that fetched a signed master playlist can fetch everything it references.
#include <string>
#include <string_view>

namespace marquee::playback {

std::string append_query_to_playlist(std::string_view playlist, std::string_view query);

// The same for a storyboard's WebVTT: each cue's payload is an image URL with a media
// fragment ("storyboard.jpg#xywh=0,0,160,90"); the query goes before the fragment.
std::string append_query_to_storyboard(std::string_view vtt, std::string_view query);

// An EVENT playlist whose #EXT-X-TARGETDURATION is at least `seconds`. While a video is still
// encoding, ffmpeg writes the longest segment so far there (1, then 2, then 4 s with short
// first segments), but RFC 8216 (6.2.1) forbids a playlist's target duration to change; the
// regular segment length bounds every segment, so it is the value from the first reload on.
std::string with_target_duration_at_least(std::string_view playlist, int seconds);

}  // namespace marquee::playback
