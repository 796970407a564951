// Every paging cursor a client hands back: opaque to clients, so anything at all may arrive.
#include "FuzzSupport.h"
#include "channels/ChannelListCursor.h"
#include "core/TimeCursor.h"
#include "feeds/FeedCursor.h"
#include "playlists/PlaylistCursor.h"
#include "recs/ForYouCursor.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace marquee;
  const std::string_view cursor = fuzz::bytes_of(data, size);
  fuzz::refusal_is_fine([&] {
    const auto decoded = decode_time_cursor(cursor);
    // What decodes re-encodes to a cursor that decodes the same.
    const auto again = decode_time_cursor(encode_time_cursor(decoded.at, decoded.id));
    fuzz::require(again.at == decoded.at && again.id == decoded.id);
  });
  fuzz::refusal_is_fine([&] { (void)feeds::decode_subscriptions_cursor(cursor); });
  fuzz::refusal_is_fine([&] { (void)feeds::decode_trending_cursor(cursor); });
  fuzz::refusal_is_fine([&] { (void)feeds::decode_home_cursor(cursor); });
  fuzz::refusal_is_fine([&] { (void)feeds::decode_reels_cursor(cursor); });
  fuzz::refusal_is_fine([&] { (void)channels::decode_channel_list_cursor(cursor); });
  fuzz::refusal_is_fine([&] { (void)playlists::decode_playlist_cursor(cursor); });
  fuzz::refusal_is_fine([&] { (void)playlists::decode_item_cursor(cursor); });
  fuzz::refusal_is_fine([&] { (void)recs::decode_for_you_cursor(cursor); });
  return 0;
}
