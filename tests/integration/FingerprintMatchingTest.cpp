// How well the perceptual fingerprint tells copies from other videos, measured on clips
// generated at test time: every variant of an original that a re-uploader would make
// (re-encoded, rescaled, cropped a little, letterboxed, brighter, mirrored, cut into a longer
// video) must match it, and no other clip may. The table printed is docs/security.md's.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <map>

#include "fingerprints/BlocklistIndex.h"
#include "fingerprints/FingerprintService.h"
#include "fingerprints/FrameHash.h"
#include "support/TestDatabase.h"

namespace marquee::testing {
namespace {

using namespace fingerprints;

int run(const std::string& command) { return std::system((command + " >/dev/null 2>&1").c_str()); }

struct Clips : ::testing::Test {
  static void SetUpTestSuite() { dir = new std::string(make_temp_dir("marquee-fingerprints")); }
  static void TearDownTestSuite() {
    std::filesystem::remove_all(*dir);
    delete dir;
  }
  static inline std::string* dir = nullptr;

  // A 640×360 clip of `seconds` from a lavfi source, encoded as an upload would be.
  static std::string source(const std::string& name, const std::string& lavfi, int seconds = 12) {
    const std::string out = *dir + "/" + name + ".mp4";
    if (!std::filesystem::exists(out)) {
      EXPECT_EQ(run("ffmpeg -v error -y -f lavfi -i '" + lavfi + (lavfi.find('=') == std::string::npos ? "=" : ":") +
                    "size=640x360:rate=25' -t " + std::to_string(seconds) +
                    " -c:v libx264 -preset ultrafast -crf 20 -pix_fmt yuv420p '" + out + "'"),
                0)
          << name;
    }
    return out;
  }
  // `input` through the filter chain `filters`, re-encoded.
  static std::string variant(const std::string& input, const std::string& name, const std::string& filters,
                             const std::string& codec = "-c:v libx264 -preset ultrafast -crf 23") {
    const std::string out = *dir + "/" + name + ".mp4";
    EXPECT_EQ(run("ffmpeg -v error -y -i '" + input + "' " + (filters.empty() ? "" : "-vf '" + filters + "' ") + codec +
                  " -pix_fmt yuv420p '" + out + "'"),
              0)
        << name;
    return out;
  }
  // The frames the transcode writes for fingerprinting (HlsCommand.cpp's branch), hashed.
  static std::vector<HashedFrame> frames(const std::string& video) {
    const std::string luma = video + ".gray";
    EXPECT_EQ(run("ffmpeg -v error -y -i '" + video + "' -vf 'fps=1,scale=128:128:flags=area,format=gray' -f rawvideo '" +
                  luma + "'"),
              0);
    return hash_luma_file(luma);
  }
};

TEST_F(Clips, CopiesMatchTheirOriginalAndNothingElseDoes) {
  // Neither the database nor the store plays a part: measured once, in the SQLite pass.
  if (using_postgres() || std::getenv("MARQUEE_TEST_BLOBS")) GTEST_SKIP() << "measured in the SQLite pass";
  const std::map<std::string, std::string> originals = {
      {"mandelbrot", source("mandelbrot", "mandelbrot")},
      {"testsrc2", source("testsrc2", "testsrc2")},
      {"life", source("life", "life=ratio=0.5:mold=10:seed=7")},
  };
  std::vector<std::pair<std::string, std::string>> unrelated = {
      {"cellauto", source("cellauto", "cellauto=rule=110")},
      {"sierpinski", source("sierpinski", "sierpinski")},
      {"life-other-seed", source("life2", "life=ratio=0.5:mold=10:seed=99")},
      {"rgbtestsrc", source("rgbtestsrc", "rgbtestsrc")},
      {"smptehdbars", source("smptehdbars", "smptehdbars")},
      {"gradients", source("gradients", "gradients=n=5:speed=0.05")},
  };
  BlocklistIndex index;
  std::map<std::string, std::vector<HashedFrame>> original_frames;
  for (const auto& [name, file] : originals) {
    original_frames[name] = usable_frames(frames(file));
    std::vector<std::vector<FrameHash>> stored;
    for (const auto& f : original_frames[name]) stored.push_back(f.stored_hashes());
    index.add(name, stored);
  }
  // Each original is unrelated to the others.
  for (const auto& [name, file] : originals) unrelated.emplace_back(name + " (against the others)", file);

  struct Row {
    std::string original, variant;
    bool expected, matched;
    int usable, matched_frames;
  };
  std::vector<Row> rows;
  auto check = [&](const std::string& original, const std::string& label, const std::string& file, bool expected) {
    const auto query = usable_frames(frames(file));
    auto matches = index.match(query);
    // Against its own original only when a copy; an unrelated clip against every original but itself.
    std::erase_if(matches, [&](const ListMatch& m) {
      return expected ? m.list_id != original : label.starts_with(m.list_id + " ");
    });
    const auto decisive = decisive_match(matches, query.size(), true);
    rows.push_back({original, label, expected, decisive.has_value(), static_cast<int>(query.size()),
                    decisive ? decisive->query_frames_matched : 0});
  };
  for (const auto& [name, file] : originals) {
    check(name, "re-encoded (CRF 38)", variant(file, name + "-crf", "", "-c:v libx264 -preset ultrafast -crf 38"), true);
    check(name, "rescaled to 320×180", variant(file, name + "-small", "scale=320:180"), true);
    check(name, "cropped 2.5 % a side", variant(file, name + "-crop", "crop=iw*0.95:ih*0.95,scale=640:360"), true);
    check(name, "cropped 4 % a side", variant(file, name + "-crop4", "crop=iw*0.92:ih*0.92,scale=640:360"), true);
    check(name, "letterboxed into 4:3", variant(file, name + "-letterbox", "scale=640:360,pad=640:480:0:60:black"), true);
    check(name, "brighter (+0.12)", variant(file, name + "-bright", "eq=brightness=0.12"), true);
    check(name, "mirrored", variant(file, name + "-mirror", "hflip"), true);
    const std::string inside = *dir + "/" + name + "-inside.mp4";
    EXPECT_EQ(run("ffmpeg -v error -y -i '" + unrelated[0].second + "' -i '" + file + "' -i '" + unrelated[1].second +
                  "' -filter_complex '[0:v][1:v][2:v]concat=n=3:v=1:a=0,format=yuv420p' -c:v libx264 -preset ultrafast "
                  "-crf 23 '" + inside + "'"),
              0);
    check(name, "inside a 3× longer video", inside, true);
  }
  for (const auto& [label, file] : unrelated) check("", label, file, false);

  int copies = 0, caught = 0, others = 0, false_matches = 0;
  std::printf("| original | clip | usable frames | matched frames | matched |\n|---|---|---:|---:|---|\n");
  for (const auto& r : rows) {
    std::printf("| %s | %s | %d | %d | %s |\n", r.original.empty() ? "any" : r.original.c_str(), r.variant.c_str(),
                r.usable, r.matched_frames, r.matched ? "yes" : "no");
    if (r.expected) {
      ++copies;
      caught += r.matched;
    } else {
      ++others;
      false_matches += r.matched;
    }
  }
  std::printf("recall %d/%d, false matches %d/%d\n", caught, copies, false_matches, others);
  for (const auto& r : rows) EXPECT_EQ(r.matched, r.expected) << r.original << ": " << r.variant;
}

}  // namespace
}  // namespace marquee::testing
