// A signed storyboard VTT carries the playback token to every sheet it names.
#include <gtest/gtest.h>

#include "playback/PlaylistRewriter.h"

namespace marquee::playback {
namespace {

TEST(StoryboardRewrite, every_cue_image_gets_the_token_before_its_fragment) {
  const std::string vtt =
      "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nstoryboard.jpg#xywh=0,0,160,90\n\n"
      "00:00:01.000 --> 00:00:02.000\nstoryboard_2.jpg#xywh=160,0,160,90\n\nNOTE a comment\n\n"
      "00:00:02.000 --> 00:00:03.000\nsheet.jpg\n";
  const std::string out = append_query_to_storyboard(vtt, "exp=1&sig=abc");
  EXPECT_EQ(out,
            "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nstoryboard.jpg?exp=1&sig=abc#xywh=0,0,160,90\n\n"
            "00:00:01.000 --> 00:00:02.000\nstoryboard_2.jpg?exp=1&sig=abc#xywh=160,0,160,90\n\nNOTE a comment\n\n"
            "00:00:02.000 --> 00:00:03.000\nsheet.jpg?exp=1&sig=abc\n");
  EXPECT_EQ(append_query_to_storyboard("WEBVTT\r\n\r\n00:00.000 --> 00:01.000\r\na.jpg#xywh=0,0,1,1\r\n", "t=1"),
            "WEBVTT\r\n\r\n00:00.000 --> 00:01.000\r\na.jpg?t=1#xywh=0,0,1,1\r\n");
}

}  // namespace
}  // namespace marquee::playback
