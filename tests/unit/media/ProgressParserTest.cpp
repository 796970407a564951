// ProgressParser on canned ffmpeg `-progress` output, including the junk a real pipe carries.
#include "media/ProgressParser.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace marquee::media {
namespace {

std::vector<int> feed(ProgressParser& parser, const std::string& text) {
  std::vector<int> reported;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (auto percent = parser.feed_line(std::string_view(text).substr(start, end - start))) reported.push_back(*percent);
    start = end + 1;
  }
  return reported;
}

const char* kBlock = "frame=%d\nfps=0.00\nstream_0_0_q=-1.0\nbitrate=N/A\ntotal_size=N/A\nout_time_us=%lld\n"
                     "out_time_ms=%lld\nout_time=00:00:00.000000\ndup_frames=0\ndrop_frames=0\nspeed=8.78x\n"
                     "progress=%s\n";

std::string block(long long out_time_us, const char* progress = "continue") {
  char text[512];
  std::snprintf(text, sizeof text, kBlock, 1, out_time_us, out_time_us, progress);
  return text;
}

TEST(ProgressParser, turns_ffmpeg_blocks_into_percent_of_duration) {
  ProgressParser parser(10'000);
  EXPECT_EQ(feed(parser, block(2'500'000)), std::vector<int>{25});
  EXPECT_EQ(feed(parser, block(5'000'000)), std::vector<int>{50});
  EXPECT_EQ(parser.out_time_us(), 5'000'000);
  EXPECT_FALSE(parser.finished());
}

TEST(ProgressParser, only_progress_end_reaches_100) {
  ProgressParser parser(10'000);
  EXPECT_EQ(feed(parser, block(10'000'000)), std::vector<int>{99});
  EXPECT_EQ(feed(parser, block(10'400'000)), std::vector<int>{});
  EXPECT_EQ(feed(parser, block(10'400'000, "end")), std::vector<int>{100});
  EXPECT_TRUE(parser.finished());
}

// ffmpeg 5.1 holds back every progress block until the storyboard's output has its first
// sheet; the published playlists move the position meanwhile, and the furthest witness wins.
TEST(ProgressParser, published_media_moves_the_position_while_ffmpeg_is_silent) {
  ProgressParser parser(20'000);
  EXPECT_EQ(parser.feed_position_us(1'000'000), std::optional<int>(5));
  EXPECT_EQ(parser.feed_position_us(5'000'000), std::optional<int>(25));
  EXPECT_EQ(parser.feed_position_us(4'000'000), std::nullopt);  // never backwards
  EXPECT_EQ(parser.out_time_us(), 5'000'000);
  EXPECT_EQ(feed(parser, block(3'000'000)), std::vector<int>{});  // an older block changes nothing
  EXPECT_EQ(feed(parser, block(12'000'000)), std::vector<int>{60});
  EXPECT_EQ(parser.feed_position_us(30'000'000), std::optional<int>(99));  // 100 only with progress=end
  EXPECT_EQ(feed(parser, block(20'000'000, "end")), std::vector<int>{100});
  EXPECT_EQ(parser.feed_position_us(25'000'000), std::nullopt);
}

TEST(ProgressParser, never_goes_backwards) {
  ProgressParser parser(10'000);
  feed(parser, block(6'000'000));
  EXPECT_EQ(feed(parser, block(3'000'000)), std::vector<int>{});
  EXPECT_EQ(parser.percent(), 60);
}

TEST(ProgressParser, ignores_garbage_and_unavailable_values) {
  ProgressParser parser(4'000);
  std::string noisy = "garbage without equals\n=\nout_time_us=N/A\nout_time_us=-23000\nout_time_us=12abc\n"
                      "\xff\xfe=\x01\nprogress=continue\n";
  EXPECT_EQ(feed(parser, noisy), std::vector<int>{});
  EXPECT_EQ(parser.percent(), 0);
  EXPECT_EQ(feed(parser, "out_time_us=1000000\r\nprogress=continue\r\n"), std::vector<int>{25});
}

TEST(ProgressParser, falls_back_to_out_time_ms_and_the_clock_form) {
  ProgressParser by_ms(10'000);
  // ffmpeg's out_time_ms is in microseconds, despite its name.
  EXPECT_EQ(feed(by_ms, "out_time_ms=3000000\nprogress=continue\n"), std::vector<int>{30});
  ProgressParser by_clock(100'000);
  EXPECT_EQ(feed(by_clock, "out_time=00:00:42.500000\nprogress=continue\n"), std::vector<int>{42});
}

TEST(ProgressParser, unknown_duration_reports_only_the_end) {
  ProgressParser parser(0);
  EXPECT_EQ(feed(parser, block(5'000'000)), std::vector<int>{});
  EXPECT_EQ(feed(parser, block(6'000'000, "end")), std::vector<int>{100});
}

TEST(ProgressParser, parses_ffmpeg_clock_values) {
  EXPECT_EQ(parse_ffmpeg_clock_us("01:02:03.5"), 3'723'500'000);
  EXPECT_EQ(parse_ffmpeg_clock_us("00:00:00.000001"), 1);
  EXPECT_EQ(parse_ffmpeg_clock_us("-00:00:00.023220"), -23'220);
  EXPECT_FALSE(parse_ffmpeg_clock_us("N/A"));
  EXPECT_FALSE(parse_ffmpeg_clock_us("00:61:00"));
  EXPECT_FALSE(parse_ffmpeg_clock_us("12"));
  // Found by scripts/fuzz: hours whose microseconds overflow (tests/fuzz/regressions/ffprobe/).
  EXPECT_FALSE(parse_ffmpeg_clock_us("11111117176:10:0"));
  EXPECT_EQ(parse_ffmpeg_clock_us("1000000:00:00"), 3'600'000'000'000'000);
}

}  // namespace
}  // namespace marquee::media
