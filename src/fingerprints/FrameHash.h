#pragma once
// A perceptual hash of one video frame in the manner of PDQ (Facebook's open photo hash): the
// luma, reduced to 64×64, through a 2-D DCT whose 16×16 lowest frequencies (the DC term left
// out) are cut at their median: 256 bits that move little under re-encoding, rescaling, small
// crops and brightness or contrast changes, and a lot between unrelated pictures. Two frames
// of one picture are usually within 31 bits of each other (Hamming distance).
//
// Two additions for video: uniform dark borders (letterboxing, pillarboxing) are trimmed
// before the reduction, so a letterboxed copy hashes like the original; and a frame's mirror
// image has a hash of its own to match flipped copies, and so do two crops of it.
// `quality` (0–100) measures the detail in the frame: flat frames (black, a single colour)
// hash to noise and are not used for matching below kUsableQuality.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace marquee::fingerprints {

using FrameHash = std::array<std::uint64_t, 4>;

inline constexpr int kUsableQuality = 50;
inline constexpr int kMatchDistance = 31;
// The side of the square luma frames the transcode writes for hashing (one a second).
inline constexpr int kLumaSide = 128;

struct HashedFrame {
  FrameHash hash{};
  FrameHash mirrored{};
  // The frame's middle, 2.5 % and 5 % in from each side: what a cropped copy shows. A stored
  // (blocked) frame matches a query through any of its hashes; the DCT's higher frequencies
  // shift too much under a crop for one hash to cover it.
  std::array<FrameHash, 2> cropped{};
  int quality = 0;

  // The hashes a blocklist keeps for this frame.
  std::vector<FrameHash> stored_hashes() const { return {hash, cropped[0], cropped[1]}; }
};

// `pixels`: side×side 8-bit luma, row by row.
HashedFrame hash_luma_frame(const std::uint8_t* pixels, int side = kLumaSide);
// Every whole frame of a raw luma file (side×side bytes each), in order.
std::vector<HashedFrame> hash_luma_file(const std::string& path, int side = kLumaSide);

int hamming_distance(const FrameHash& a, const FrameHash& b);

std::string to_hex(const FrameHash& hash);  // 64 lower-case hex digits
std::optional<FrameHash> hash_from_hex(std::string_view hex);

}  // namespace marquee::fingerprints
