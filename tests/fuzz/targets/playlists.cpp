// HLS media playlists and storyboard VTT files as the server reads and rewrites them (signing
// their URIs). They come from our own ffmpeg, but a hostile upload steers what ffmpeg writes.
#include "FuzzSupport.h"
#include "media/MediaPlaylist.h"
#include "playback/PlaylistRewriter.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace marquee;
  const std::string_view text = fuzz::bytes_of(data, size);
  fuzz::refusal_is_fine([&] { (void)media::parse_media_playlist(text); });
  fuzz::refusal_is_fine([&] {
    const std::string signed_playlist = playback::append_query_to_playlist(text, "token=abc&exp=1");
    fuzz::require(signed_playlist.size() >= text.size() / 2);
  });
  fuzz::refusal_is_fine([&] { (void)playback::append_query_to_storyboard(text, "token=abc"); });
  fuzz::refusal_is_fine([&] { (void)playback::with_target_duration_at_least(text, 6); });
  return 0;
}
