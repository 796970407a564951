// Signed studio file URLs open one file of one kind until they expire, and nothing else.
#include "studio/FileSigner.h"

#include <gtest/gtest.h>

#include "core/Clock.h"
#include "media/PhotoIntake.h"

namespace marquee::studio {
namespace {

struct Parts {
  std::string exp, sig;
};

Parts parts_of(const std::string& url) {
  const auto exp_at = url.find("exp=") + 4;
  const auto amp = url.find('&', exp_at);
  return {url.substr(exp_at, amp - exp_at), url.substr(url.find("sig=") + 4)};
}

TEST(FileSigner, AUrlOpensItsOneFileUntilItExpires) {
  ManualClock clock(1'000'000);
  FileSigner signer("secret", clock);
  const std::string url = signer.url(FileKind::clip_video, "clip1", 1'000'000 + 60'000);
  EXPECT_EQ(url.rfind("/api/media/clip_video/clip1?exp=1060&sig=", 0), 0u) << url;
  const Parts p = parts_of(url);
  EXPECT_TRUE(signer.verify(FileKind::clip_video, "clip1", p.exp, p.sig));
  EXPECT_FALSE(signer.verify(FileKind::clip_image, "clip1", p.exp, p.sig)) << "another kind";
  EXPECT_FALSE(signer.verify(FileKind::clip_video, "clip2", p.exp, p.sig)) << "another file";
  EXPECT_FALSE(signer.verify(FileKind::clip_video, "clip1", "9999999999", p.sig)) << "a later expiry";
  EXPECT_FALSE(FileSigner("other", clock).verify(FileKind::clip_video, "clip1", p.exp, p.sig)) << "another key";
  for (const char* bad : {"", "12x", "-5", "99999999999999999999999"}) {
    EXPECT_FALSE(signer.verify(FileKind::clip_video, "clip1", bad, p.sig)) << bad;
  }
  clock.advance(60'000);
  EXPECT_FALSE(signer.verify(FileKind::clip_video, "clip1", p.exp, p.sig)) << "expired";
}

TEST(PhotoFormat, ByTheBytesNotTheName) {
  EXPECT_EQ(media::photo_format(std::string("\xFF\xD8\xFF\xE0", 4)), "jpeg");
  EXPECT_EQ(media::photo_format(std::string("\x89PNG\r\n\x1a\n", 8)), "png");
  EXPECT_EQ(media::photo_format(std::string("RIFF\x10\0\0\0WEBPVP8 ", 16)), "webp");
  EXPECT_EQ(media::photo_format(std::string("RIFF\x10\0\0\0WAVEfmt ", 16)), "");
  EXPECT_EQ(media::photo_format("GIF89a"), "");
  EXPECT_EQ(media::photo_format("<svg"), "");
  EXPECT_EQ(media::photo_format(""), "");
}

}  // namespace
}  // namespace marquee::studio
