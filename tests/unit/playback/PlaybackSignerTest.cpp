// Signed playback tokens: valid, expired, tampered, for another video, and the playlist
// rewrite that carries them to every segment.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "playback/PlaybackSigner.h"
#include "playback/PlaylistRewriter.h"

namespace marquee::playback {
namespace {

struct Query {
  std::string exp, vid, sig;
};

Query split(const std::string& q) {
  Query out;
  std::size_t pos = 0;
  while (pos < q.size()) {
    auto amp = q.find('&', pos);
    std::string pair = q.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
    auto eq = pair.find('=');
    std::string k = pair.substr(0, eq), v = pair.substr(eq + 1);
    if (k == "exp") out.exp = v;
    if (k == "vid") out.vid = v;
    if (k == "sig") out.sig = v;
    if (amp == std::string::npos) break;
    pos = amp + 1;
  }
  return out;
}

TEST(PlaybackSigner, valid_token_opens_its_video_until_expiry) {
  ManualClock clock(1'800'000'000'000);
  PlaybackSigner signer("k-0123456789abcdef0123456789abcdef", clock);
  auto q = split(signer.sign("vid123", clock.now_ms() + 60'000, "viewer9"));
  auto grant = signer.verify("vid123", q.exp, q.vid, q.sig);
  ASSERT_TRUE(grant);
  EXPECT_EQ(grant->viewer_id, "viewer9");
  clock.advance(60'000);
  EXPECT_FALSE(signer.verify("vid123", q.exp, q.vid, q.sig));
}

TEST(PlaybackSigner, tampering_or_another_video_fails) {
  ManualClock clock(1'800'000'000'000);
  PlaybackSigner signer("k-0123456789abcdef0123456789abcdef", clock);
  auto q = split(signer.sign("vid123", clock.now_ms() + 60'000, "viewer9"));
  EXPECT_FALSE(signer.verify("vid124", q.exp, q.vid, q.sig));
  EXPECT_FALSE(signer.verify("vid123", std::to_string(std::stoll(q.exp) + 3600), q.vid, q.sig));
  EXPECT_FALSE(signer.verify("vid123", q.exp, "someone_else", q.sig));
  EXPECT_FALSE(signer.verify("vid123", q.exp, q.vid, q.sig.substr(1)));
  EXPECT_FALSE(signer.verify("vid123", "", "", ""));
  EXPECT_FALSE(signer.verify("vid123", "12x", q.vid, q.sig));
  PlaybackSigner other("another-key-0123456789abcdef012345", clock);
  EXPECT_FALSE(other.verify("vid123", q.exp, q.vid, q.sig));
}

TEST(PlaylistRewriter, token_reaches_every_uri) {
  std::string media =
      "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-MAP:URI=\"init.mp4\"\n#EXTINF:4.0,\nseg_00000.m4s\n#EXTINF:4.0,\n"
      "seg_00001.m4s?x=1\n#EXT-X-ENDLIST\n";
  auto out = append_query_to_playlist(media, "exp=1&sig=abc");
  EXPECT_NE(out.find("#EXT-X-MAP:URI=\"init.mp4?exp=1&sig=abc\""), std::string::npos);
  EXPECT_NE(out.find("\nseg_00000.m4s?exp=1&sig=abc\n"), std::string::npos);
  EXPECT_NE(out.find("\nseg_00001.m4s?x=1&exp=1&sig=abc\n"), std::string::npos);
  EXPECT_NE(out.find("#EXT-X-ENDLIST"), std::string::npos);
  EXPECT_EQ(out.find("#EXTINF:4.0,?"), std::string::npos);

  std::string master = "#EXTM3U\r\n#EXT-X-STREAM-INF:BANDWIDTH=1,RESOLUTION=2x2\r\n720p/index.m3u8\r\n";
  auto m = append_query_to_playlist(master, "sig=z");
  EXPECT_NE(m.find("720p/index.m3u8?sig=z\r\n"), std::string::npos);
}

TEST(PlaylistRewriter, a_growing_playlist_keeps_the_regular_target_duration) {
  const std::string first = "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:1\n#EXT-X-PLAYLIST-TYPE:EVENT\n"
                            "#EXTINF:1.000000,\nseg_00000.m4s\n";
  EXPECT_EQ(with_target_duration_at_least(first, 4),
            "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:4\n#EXT-X-PLAYLIST-TYPE:EVENT\n"
            "#EXTINF:1.000000,\nseg_00000.m4s\n");
  // Never lowered, and CRLF kept.
  EXPECT_EQ(with_target_duration_at_least("#EXTM3U\r\n#EXT-X-TARGETDURATION:6\r\n", 4),
            "#EXTM3U\r\n#EXT-X-TARGETDURATION:6\r\n");
  EXPECT_EQ(with_target_duration_at_least("#EXTM3U\r\n#EXT-X-TARGETDURATION:2\r\n", 4),
            "#EXTM3U\r\n#EXT-X-TARGETDURATION:4\r\n");
  // Hostile or foreign values are left alone: no tag, not a number, absurdly long.
  for (const std::string& odd : std::vector<std::string>{"#EXTM3U\n", "#EXTM3U\n#EXT-X-TARGETDURATION:\n", "#EXTM3U\n#EXT-X-TARGETDURATION:x1\n",
                          "#EXTM3U\n#EXT-X-TARGETDURATION:" + std::string(5000, '9') + "\n",
                          "#EXTM3U\n#X#EXT-X-TARGETDURATION:1\n", "#EXT-X-TARGETDURATION:1"}) {
    const std::string out = with_target_duration_at_least(odd, 4);
    if (odd == "#EXT-X-TARGETDURATION:1") {
      EXPECT_EQ(out, "#EXT-X-TARGETDURATION:4");
    } else {
      EXPECT_EQ(out, odd);
    }
  }
}

}  // namespace
}  // namespace marquee::playback
