// Media playlist parsing and bandwidth measurement, the master playlist Marquee writes, and
// the CODECS string read back from an init segment.
#include "media/InitSegment.h"
#include "media/MasterPlaylist.h"
#include "media/MediaPlaylist.h"

#include <gtest/gtest.h>

#include <cmath>

namespace marquee::media {
namespace {

const char* kEventPlaylist =
    "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:4\n#EXT-X-MEDIA-SEQUENCE:0\n"
    "#EXT-X-PLAYLIST-TYPE:EVENT\n#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-MAP:URI=\"init_720p.mp4\"\n"
    "#EXTINF:4.000000,\nseg_00000.m4s\n#EXTINF:4.000000,\nseg_00001.m4s\n#EXTINF:0.021333,\nseg_00002.m4s\n";

TEST(HlsMediaPlaylist, parses_what_ffmpeg_writes) {
  MediaPlaylist playlist = parse_media_playlist(kEventPlaylist);
  EXPECT_EQ(playlist.target_duration_s, 4);
  EXPECT_EQ(playlist.playlist_type, "EVENT");
  EXPECT_EQ(playlist.map_uri, "init_720p.mp4");
  ASSERT_EQ(playlist.segments.size(), 3u);
  EXPECT_EQ(playlist.segments[1].uri, "seg_00001.m4s");
  EXPECT_DOUBLE_EQ(playlist.segments[2].duration_s, 0.021333);
  EXPECT_FALSE(playlist.ended);
  EXPECT_TRUE(parse_media_playlist(std::string(kEventPlaylist) + "#EXT-X-ENDLIST\n").ended);
}

TEST(HlsMediaPlaylist, a_half_listed_segment_is_not_counted) {
  MediaPlaylist playlist = parse_media_playlist("#EXTM3U\n#EXTINF:4.0,\n");
  EXPECT_TRUE(playlist.segments.empty());
}

TEST(HlsMediaPlaylist, peak_bandwidth_uses_windows_of_half_to_one_and_a_half_targets) {
  MediaPlaylist playlist = parse_media_playlist(kEventPlaylist);
  // 1 MB, 2 MB, then a tiny tail that would look huge on its own.
  RenditionBandwidth bandwidth = bandwidth_of(playlist, {1'000'000, 2'000'000, 10'000});
  EXPECT_EQ(bandwidth.bytes, 3'010'000);
  EXPECT_NEAR(bandwidth.duration_s, 8.021333, 1e-9);
  EXPECT_EQ(bandwidth.average_bps, std::llround(3'010'000 * 8 / 8.021333));
  // The 2 MB segment alone; the tail only counts together with it (and lowers the rate).
  EXPECT_EQ(bandwidth.peak_bps, 4'000'000);
}

TEST(HlsMasterPlaylist, lists_every_attribute_players_need) {
  std::vector<VariantStream> variants{
      {"720p/index.m3u8", 3'000'000, 2'000'000, 1280, 720, 29.97002997, "avc1.64001f,mp4a.40.2"},
      {"360p/index.m3u8", 1'000'000, 700'000, 640, 360, 29.97002997, "avc1.64001e,mp4a.40.2"},
  };
  AudioRendition audio{"audio/index.m3u8", "audio", "Default", 2};
  EXPECT_EQ(render_master_playlist(variants, audio, 1),
            "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n"
            "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\",NAME=\"Default\",DEFAULT=YES,AUTOSELECT=YES,CHANNELS=\"2\","
            "URI=\"audio/index.m3u8\"\n"
            "#EXT-X-STREAM-INF:BANDWIDTH=1000000,AVERAGE-BANDWIDTH=700000,RESOLUTION=640x360,"
            "CODECS=\"avc1.64001e,mp4a.40.2\",FRAME-RATE=29.970,AUDIO=\"audio\"\n360p/index.m3u8\n"
            "#EXT-X-STREAM-INF:BANDWIDTH=3000000,AVERAGE-BANDWIDTH=2000000,RESOLUTION=1280x720,"
            "CODECS=\"avc1.64001f,mp4a.40.2\",FRAME-RATE=29.970,AUDIO=\"audio\"\n720p/index.m3u8\n");
  std::string silent = render_master_playlist({variants[0]}, std::nullopt);
  EXPECT_EQ(silent.find("EXT-X-MEDIA"), std::string::npos);
  EXPECT_EQ(silent.find("AUDIO="), std::string::npos);
}

TEST(HlsMasterPlaylist, starts_with_the_largest_variant_a_typical_connection_sustains) {
  std::vector<VariantStream> variants(4);
  variants[0].average_bandwidth_bps = 6'000'000;
  variants[1].average_bandwidth_bps = 3'000'000;
  variants[2].average_bandwidth_bps = 1'500'000;
  variants[3].average_bandwidth_bps = 500'000;
  EXPECT_EQ(pick_start_variant(variants), 1u);
  EXPECT_EQ(pick_start_variant(variants, 100'000), 3u);
}

TEST(HlsInitSegment, reads_profile_and_level_from_avcc) {
  std::string bytes = std::string("\0\0\0\x20" "ftypiso5", 12) + "xxxx" + std::string("\0\0\0\x30" "avcC", 8) +
                      std::string("\x01\x64\x00\x1f\xff", 5);
  EXPECT_EQ(avc_codecs_from_bytes(bytes), "avc1.64001f");
  EXPECT_EQ(avc_codecs_from_bytes(std::string("avcC\x01\x42\xc0\x15", 8)), "avc1.42c015");
  EXPECT_FALSE(avc_codecs_from_bytes("no box here"));
  EXPECT_FALSE(avc_codecs_from_bytes("avcC\x01"));
}

}  // namespace
}  // namespace marquee::media

namespace marquee::media {
namespace {

// Found by scripts/fuzz (tests/fuzz/regressions/playlists/target-duration-overflows-int): a
// duration too large for an int was cast to one.
TEST(MediaPlaylistHostile, DurationsBeyondADayAreIgnoredNotCast) {
  const auto playlist = parse_media_playlist("#EXTM3U\n#EXT-X-TARGETDURATION:" + std::string(80, '8') +
                                             "\n#EXTINF:1e300,\nseg_0.m4s\n#EXTINF:4.0,\nseg_1.m4s\n");
  EXPECT_EQ(playlist.target_duration_s, 0);
  ASSERT_EQ(playlist.segments.size(), 1u);  // the segment with an absurd duration is not counted
  EXPECT_EQ(playlist.segments[0].uri, "seg_1.m4s");
}

}  // namespace
}  // namespace marquee::media
