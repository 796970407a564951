#include "fingerprints/BlocklistIndex.h"

#include <algorithm>

namespace marquee::fingerprints {
namespace {

std::uint32_t chunk_of(const FrameHash& hash, int chunk) {
  return static_cast<std::uint32_t>((hash[chunk / 4] >> ((chunk % 4) * 16)) & 0xffff);
}

}  // namespace

void BlocklistIndex::add(const std::string& list_id, const std::vector<std::vector<FrameHash>>& frames) {
  if (frames.empty()) return;
  auto [it, inserted] = list_index_.emplace(list_id, static_cast<std::uint32_t>(lists_.size()));
  if (inserted) {
    lists_.push_back(list_id);
    list_sizes_.push_back(0);
  }
  for (const auto& frame : frames) {
    for (const auto& hash : frame) {
      hashes_.push_back(hash);
      owner_.push_back(it->second);
      frame_.push_back(frames_);
    }
    frame_list_.push_back(it->second);
    ++frames_;
  }
  list_sizes_[it->second] += static_cast<int>(frames.size());
  stale_ = true;
}

void BlocklistIndex::remove(const std::string& list_id) {
  const auto found = list_index_.find(list_id);
  if (found == list_index_.end()) return;
  const std::uint32_t gone = found->second;
  std::vector<FrameHash> hashes;
  std::vector<std::uint32_t> owners, frames;
  for (std::size_t i = 0; i < hashes_.size(); ++i) {
    if (owner_[i] == gone) continue;
    hashes.push_back(hashes_[i]);
    owners.push_back(owner_[i]);
    frames.push_back(frame_[i]);
  }
  hashes_ = std::move(hashes);
  owner_ = std::move(owners);
  frame_ = std::move(frames);
  list_sizes_[gone] = 0;
  list_index_.erase(found);  // its slot in lists_ stays, empty
  stale_ = true;
}

void BlocklistIndex::clear() { *this = BlocklistIndex(); }

void BlocklistIndex::rebuild() const {
  for (int c = 0; c < kChunks; ++c) {
    auto& offsets = offsets_[c];
    auto& ids = ids_[c];
    offsets.assign(65'537, 0);
    for (const auto& hash : hashes_) ++offsets[chunk_of(hash, c) + 1];
    for (std::size_t v = 1; v < offsets.size(); ++v) offsets[v] += offsets[v - 1];
    ids.assign(hashes_.size(), 0);
    std::vector<std::uint32_t> next(offsets.begin(), offsets.end() - 1);
    for (std::uint32_t i = 0; i < hashes_.size(); ++i) ids[next[chunk_of(hashes_[i], c)]++] = i;
  }
  stale_ = false;
}

std::vector<ListMatch> BlocklistIndex::match(const std::vector<HashedFrame>& query, int distance) const {
  if (hashes_.empty() || query.empty()) return {};
  if (stale_) rebuild();
  std::vector<std::uint32_t> matched_frames;  // stored frames some query frame came near
  std::vector<int> query_matched(lists_.size(), 0);
  std::vector<std::uint32_t> last_frame_of_list(lists_.size(), 0);
  for (std::uint32_t f = 0; f < query.size(); ++f) {
    const std::uint32_t stamp = f + 1;
    for (const FrameHash* probe : {&query[f].hash, &query[f].mirrored}) {
      for (int c = 0; c < kChunks; ++c) {
        const std::uint32_t value = chunk_of(*probe, c);
        const std::uint32_t* ids = ids_[c].data();
        for (int flip = -1; flip < 16; ++flip) {
          const std::uint32_t bucket = flip < 0 ? value : value ^ (1u << flip);
          const std::uint32_t end = offsets_[c][bucket + 1];
          // The hashes a bucket names lie all over memory: ask for the next ones while
          // comparing this one. A hash near the probe may turn up under several chunks;
          // counting distinct frames below makes that harmless (and it is rare for the rest).
          for (std::uint32_t k = offsets_[c][bucket]; k < end; ++k) {
            if (k + 4 < end) __builtin_prefetch(&hashes_[ids[k + 4]]);
            const std::uint32_t id = ids[k];
            if (hamming_distance(*probe, hashes_[id]) > distance) continue;
            matched_frames.push_back(frame_[id]);
            const std::uint32_t list = owner_[id];
            if (last_frame_of_list[list] != stamp) {
              last_frame_of_list[list] = stamp;
              ++query_matched[list];
            }
          }
        }
      }
    }
  }
  // Distinct stored frames matched, per list.
  std::sort(matched_frames.begin(), matched_frames.end());
  matched_frames.erase(std::unique(matched_frames.begin(), matched_frames.end()), matched_frames.end());
  std::vector<int> list_matched(lists_.size(), 0);
  for (const std::uint32_t frame : matched_frames) ++list_matched[frame_list_[frame]];
  std::vector<ListMatch> out;
  for (std::size_t l = 0; l < lists_.size(); ++l) {
    if (query_matched[l] == 0) continue;
    out.push_back({lists_[l], list_sizes_[l], list_matched[l], query_matched[l]});
  }
  return out;
}

}  // namespace marquee::fingerprints
