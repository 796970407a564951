// The frame hash and the blocklist index on pictures made in the test: what stays the same
// under the changes a copy makes, and an index that finds every stored hash within the
// distance (never fewer than comparing with all of them would).
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "fingerprints/BlocklistIndex.h"
#include "fingerprints/FingerprintService.h"
#include "fingerprints/FrameHash.h"

namespace marquee::fingerprints {
namespace {

using Picture = std::vector<std::uint8_t>;
constexpr int kSide = kLumaSide;

// Smooth shapes with detail at several scales, seeded.
Picture picture(unsigned seed) {
  std::mt19937 random(seed);
  std::uniform_real_distribution<double> u(0, 1);
  double fx[4], fy[4], phase[4];
  for (int k = 0; k < 4; ++k) {
    fx[k] = 1 + 6 * u(random);
    fy[k] = 1 + 6 * u(random);
    phase[k] = 6.28 * u(random);
  }
  Picture p(kSide * kSide);
  for (int y = 0; y < kSide; ++y) {
    for (int x = 0; x < kSide; ++x) {
      double v = 0;
      for (int k = 0; k < 4; ++k) v += std::sin(fx[k] * x / kSide * 6.28 + fy[k] * y / kSide * 6.28 + phase[k]);
      p[y * kSide + x] = static_cast<std::uint8_t>(std::clamp(128 + 30 * v, 0.0, 255.0));
    }
  }
  return p;
}

Picture mirrored(const Picture& p) {
  Picture out(p.size());
  for (int y = 0; y < kSide; ++y) {
    for (int x = 0; x < kSide; ++x) out[y * kSide + x] = p[y * kSide + kSide - 1 - x];
  }
  return out;
}

// The picture squeezed into the middle rows with black bars above and below.
Picture letterboxed(const Picture& p, int bar) {
  Picture out(p.size(), 0);
  const int rows = kSide - 2 * bar;
  for (int y = 0; y < rows; ++y) {
    for (int x = 0; x < kSide; ++x) out[(bar + y) * kSide + x] = p[(y * kSide / rows) * kSide + x];
  }
  return out;
}

TEST(FrameHash, TheSamePictureHashesTheSameAndItsMirrorToItsMirroredHash) {
  const Picture p = picture(1);
  const HashedFrame a = hash_luma_frame(p.data()), b = hash_luma_frame(p.data());
  EXPECT_EQ(hamming_distance(a.hash, b.hash), 0);
  EXPECT_GE(a.quality, kUsableQuality);
  const HashedFrame flipped = hash_luma_frame(mirrored(p).data());
  EXPECT_LE(hamming_distance(flipped.hash, a.mirrored), 8);
  EXPECT_GT(hamming_distance(flipped.hash, a.hash), kMatchDistance);
}

TEST(FrameHash, BrightnessAndLetterboxingChangeLittleAndOtherPicturesMuch) {
  const Picture p = picture(2);
  const HashedFrame original = hash_luma_frame(p.data());
  Picture brighter = p;
  for (auto& v : brighter) v = static_cast<std::uint8_t>(std::min(255, v + 25));
  EXPECT_LE(hamming_distance(hash_luma_frame(brighter.data()).hash, original.hash), kMatchDistance);
  EXPECT_LE(hamming_distance(hash_luma_frame(letterboxed(p, 16).data()).hash, original.hash), kMatchDistance);
  for (unsigned seed = 10; seed < 30; ++seed) {
    EXPECT_GT(hamming_distance(hash_luma_frame(picture(seed).data()).hash, original.hash), kMatchDistance) << seed;
  }
}

TEST(FrameHash, AFlatFrameHasNoQuality) {
  const Picture black(kSide * kSide, 0), grey(kSide * kSide, 128);
  EXPECT_EQ(hash_luma_frame(black.data()).quality, 0);
  EXPECT_LT(hash_luma_frame(grey.data()).quality, kUsableQuality);
}

TEST(FrameHash, HexRoundTripsAndRefusesWhatIsNotAHash) {
  const FrameHash hash = hash_luma_frame(picture(3).data()).hash;
  EXPECT_EQ(to_hex(hash).size(), 64u);
  EXPECT_EQ(hash_from_hex(to_hex(hash)), hash);
  EXPECT_EQ(hash_from_hex(std::string(64, 'F')), (FrameHash{~0ull, ~0ull, ~0ull, ~0ull}));
  EXPECT_FALSE(hash_from_hex(std::string(63, 'a')));
  EXPECT_FALSE(hash_from_hex(std::string(63, 'a') + "g"));
}

FrameHash flip_bits(FrameHash hash, int bits, std::mt19937_64& random) {
  std::vector<int> positions(256);
  for (int i = 0; i < 256; ++i) positions[i] = i;
  std::shuffle(positions.begin(), positions.end(), random);
  for (int i = 0; i < bits; ++i) hash[positions[i] / 64] ^= std::uint64_t{1} << (positions[i] % 64);
  return hash;
}

TEST(BlocklistIndex, FindsEveryStoredHashWithinTheDistanceAndNoneBeyond) {
  std::mt19937_64 random(7);
  std::vector<FrameHash> stored(20'000);
  for (auto& h : stored) h = {random(), random(), random(), random()};
  BlocklistIndex index;
  std::vector<std::vector<FrameHash>> frames;
  for (const auto& h : stored) frames.push_back({h});
  index.add("list", frames);
  // However the 31 differing bits fall, the pigeonhole argument must find the hash.
  for (int trial = 0; trial < 300; ++trial) {
    const FrameHash& target = stored[random() % stored.size()];
    const int bits = static_cast<int>(random() % 32);
    HashedFrame query{flip_bits(target, bits, random), {random(), random(), random(), random()}, {}, 100};
    const auto matches = index.match({query});
    ASSERT_EQ(matches.size(), 1u) << bits << " bits";
    EXPECT_EQ(matches[0].query_frames_matched, 1);
  }
  HashedFrame far{flip_bits(stored[0], 60, random), {random(), random(), random(), random()}, {}, 100};
  EXPECT_TRUE(index.match({far}).empty());
}

TEST(BlocklistIndex, CountsFramesNotHashesAndForgetsARemovedList) {
  const HashedFrame a = hash_luma_frame(picture(4).data()), b = hash_luma_frame(picture(5).data());
  BlocklistIndex index;
  index.add("video:x", {a.stored_hashes(), b.stored_hashes()});
  index.add("import:y", {{hash_luma_frame(picture(6).data()).hash}});
  const auto matches = index.match({a, b});
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].list_id, "video:x");
  EXPECT_EQ(matches[0].list_frames, 2);
  EXPECT_EQ(matches[0].list_frames_matched, 2);
  EXPECT_EQ(matches[0].query_frames_matched, 2);
  index.remove("video:x");
  EXPECT_TRUE(index.match({a, b}).empty());
  EXPECT_EQ(index.size(), 1u);
}

TEST(MatchRule, MostOfTheUploadOrMostOfTheListAndAtLeastThreeFrames) {
  const MatchRule rule;
  EXPECT_TRUE(decisive_match({{"l", 100, 5, 5}}, 10, false, rule));   // half the upload
  EXPECT_FALSE(decisive_match({{"l", 100, 4, 4}}, 10, false, rule));  // less than half
  EXPECT_FALSE(decisive_match({{"l", 4, 2, 2}}, 4, true, rule));      // fewer than three frames
  EXPECT_FALSE(decisive_match({{"l", 10, 6, 6}}, 60, false, rule));   // inside a longer upload: only once complete
  EXPECT_TRUE(decisive_match({{"l", 10, 6, 6}}, 60, true, rule));
}

}  // namespace
}  // namespace marquee::fingerprints
