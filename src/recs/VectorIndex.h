#pragma once
// Approximate nearest neighbours by cosine over unit vectors: an HNSW graph (hnswlib, inner
// product space) keyed by video id, with the few facts of each video that decide who may see
// it in a list (owner, adult flag) and its upload time. Items are added, replaced and removed
// at any time: a removed item is marked deleted in the graph and its slot goes to the next new
// item, so a catalogue that churns does not grow the graph. hnswlib 0.6 has no search filter,
// so a search that the caller's filter thins out searches wider until enough items pass.
// hnswlib stays inside VectorIndex.cpp (its headers define globals and are slow to compile).
//
// Thread safety: searches run together under a shared lock; changes take it alone.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/Clock.h"

namespace marquee::recs {

// What lists need to know of an indexed video without reading its row.
struct IndexedVideo {
  std::string video_id;
  std::string owner_id;
  bool is_adult = false;
  Millis created_at = 0;
};

struct Neighbour {
  IndexedVideo video;
  float similarity = 0;  // cosine, -1 … 1
};

// M: graph degree (memory and recall grow with it); ef_construction: the candidate list
// while inserting (build time and graph quality); ef_search: the candidate list while
// searching (latency and recall). The defaults reach recall@10 ≥ 0.95 against exact search
// on content vectors (bench/RESULTS.md, section recs).
struct HnswParameters {
  std::size_t m = 16;
  std::size_t ef_construction = 100;
  std::size_t ef_search = 64;
};

// An item for put_all.
struct VectorItem {
  IndexedVideo video;
  std::vector<float> vector;
};

class VectorIndex {
 public:
  using Admit = std::function<bool(const IndexedVideo&)>;

  explicit VectorIndex(std::size_t dimensions, HnswParameters parameters = {}, std::size_t capacity = 1024);
  ~VectorIndex();
  VectorIndex(const VectorIndex&) = delete;
  VectorIndex& operator=(const VectorIndex&) = delete;

  // Adds the video, or replaces its facts and vector. `vector` has the index's dimensions.
  void put(const IndexedVideo& video, std::span<const float> vector);
  // Adds many videos at once, inserting on `threads` threads (building an index at start).
  void put_all(std::vector<VectorItem> items, unsigned threads);
  // False when the video was not indexed.
  bool remove(const std::string& video_id);
  // Removes every video of the owner; returns how many.
  std::size_t remove_owner(const std::string& owner_id);

  // Up to `k` videos nearest to `query` (most similar first, ties by id) among those `admit`
  // accepts (null: all).
  std::vector<Neighbour> nearest(std::span<const float> query, std::size_t k, const Admit& admit = {}) const;
  // The stored vector and facts of an indexed video.
  std::optional<std::vector<float>> vector_of(const std::string& video_id) const;
  std::optional<IndexedVideo> video_of(const std::string& video_id) const;
  // Cosine of `query` with each of `video_ids` that is indexed (0 for those that are not).
  std::vector<float> similarities(std::span<const float> query, const std::vector<std::string>& video_ids) const;

  std::size_t size() const;
  std::size_t dimensions() const { return dimensions_; }
  // The graph's and the facts' memory, approximately (bytes).
  std::size_t memory_bytes() const;

 private:
  struct Graph;
  const std::size_t dimensions_;
  const HnswParameters parameters_;
  std::unique_ptr<Graph> graph_;
};

}  // namespace marquee::recs
