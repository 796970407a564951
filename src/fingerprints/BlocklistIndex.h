#pragma once
// The blocklist's frame hashes in memory, indexed so that every stored hash within Hamming
// distance 31 of a query is found without comparing against all of them: each 256-bit hash
// is cut into 16 chunks of 16 bits, and two hashes within 31 bits agree, in at least one
// chunk, on all bits but one (if every chunk differed in two or more, they would differ in 32).
// A query therefore looks in 16 × 17 buckets (each chunk's value and its 16 one-bit
// neighbours) and compares only what it finds there.
//
// Hashes belong to lists: a removed video's frames, or a list an operator imported. Not
// thread-safe on its own: FingerprintService guards it.
#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "fingerprints/FrameHash.h"

namespace marquee::fingerprints {

struct ListMatch {
  std::string list_id;
  int list_frames = 0;          // frames the list holds
  int list_frames_matched = 0;  // of which some query frame came within the distance of a hash
  int query_frames_matched = 0; // query frames that came within the distance of one of them
};

class BlocklistIndex {
 public:
  // A list's frames, each with one or more hashes (a frame matches through any of them).
  void add(const std::string& list_id, const std::vector<std::vector<FrameHash>>& frames);
  void remove(const std::string& list_id);
  void clear();
  std::size_t size() const { return hashes_.size(); }

  // The lists some of `query` (each frame as it is and mirrored) comes within `distance` of.
  std::vector<ListMatch> match(const std::vector<HashedFrame>& query, int distance = kMatchDistance) const;

 private:
  static constexpr int kChunks = 16;
  void rebuild() const;

  std::vector<FrameHash> hashes_;
  std::vector<std::uint32_t> owner_;  // list index of each hash
  std::vector<std::uint32_t> frame_;       // the frame (numbered across all lists) of each hash
  std::vector<std::uint32_t> frame_list_;  // the list of each frame
  std::uint32_t frames_ = 0;
  std::vector<std::string> lists_;
  std::vector<int> list_sizes_;
  std::unordered_map<std::string, std::uint32_t> list_index_;
  // Per chunk: bucket offsets (65,537) and hash ids sorted by the chunk's value.
  mutable std::array<std::vector<std::uint32_t>, kChunks> offsets_, ids_;
  mutable bool stale_ = true;
};

}  // namespace marquee::fingerprints
